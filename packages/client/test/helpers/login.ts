/** The seed's OTP flow driven through the SDK: createKeyPair → backend /otp/* → storeSession. */
import assert from 'node:assert/strict';
import type { System } from '../../../server/test/helpers/system.ts';
import type { TurnkeyContext } from '../../src/index.ts';
import { MemoryKeyStore, type KeyStore } from '../../src/index.ts';

export { startSystem, uniqueEmail, type System } from '../../../server/test/helpers/system.ts';

/** A session JWT from the backend for `publicKey` (made by the caller's key store). */
export async function sessionFromBackend(s: System, email: string, publicKey: string, expirationSeconds?: string): Promise<string> {
  const init = await s.post('/otp/init', { otpType: 'OTP_TYPE_EMAIL', contact: email });
  assert.equal(init.status, 200, JSON.stringify(init.json));
  const verify = await s.post('/otp/verify', { otpId: init.json.otpId, otpCode: await s.code(email), publicKey });
  assert.equal(verify.status, 200, JSON.stringify(verify.json));
  const login = await s.post('/otp-login', { verificationToken: verify.json.verificationToken, publicKey, ...(expirationSeconds ? { expirationSeconds } : {}) });
  assert.equal(login.status, 200, JSON.stringify(login.json));
  return login.json.sessionToken as string;
}

export async function loginThroughBackend(s: System, ctx: TurnkeyContext, email: string, opts: { sessionKey?: string; expirationSeconds?: string; refreshedSessionTTLSeconds?: number } = {}) {
  const publicKey = await ctx.createKeyPair();
  const jwt = await sessionFromBackend(s, email, publicKey, opts.expirationSeconds);
  return ctx.storeSession({ jwt, ...(opts.sessionKey ? { sessionKey: opts.sessionKey } : {}), ...(opts.refreshedSessionTTLSeconds ? { refreshedSessionTTLSeconds: opts.refreshedSessionTTLSeconds } : {}) });
}

/**
 * A memory key store that keeps what it deletes apart, so a test can still sign with a retired key
 * and show the API refuses it. The SDK only ever sees the KeyStore interface.
 */
export class GraveyardKeyStore extends MemoryKeyStore {
  private readonly retired = new Map<string, CryptoKey>();

  override async deleteKey(publicKey: string): Promise<void> {
    const key = this.keys.get(publicKey);
    if (key) this.retired.set(publicKey, key);
    await super.deleteKey(publicKey);
  }

  /** A key store over the keys retired so far. */
  graveyard(): KeyStore {
    return new RetiredKeys(this.retired);
  }
}

class RetiredKeys extends MemoryKeyStore {
  constructor(retired: Map<string, CryptoKey>) {
    super();
    for (const [publicKey, key] of retired) this.keys.set(publicKey, key);
  }
}
