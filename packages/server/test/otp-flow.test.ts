/**
 * The seed's flow exactly as its OtpLoginView makes it, over HTTP: /otp/init → code from the dev
 * outbox → /otp/verify with the device key → /otp-login → a session key that works on the new
 * sub-organization, whose wallet is there. The official @turnkey/http client is the judge.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateP256KeyPair } from '@turnkey/crypto';
import { decodeJwtClaims } from '@tkauth/wire';
import { TurnkeyClient } from '@turnkey/http';
import { ApiKeyStamper, SignatureFormat } from '@turnkey/api-key-stamper';
import { sessionClaims, startSystem, uniqueEmail, type System } from './helpers/system.ts';

let s: System;
before(async () => {
  s = await startSystem();
});
after(() => s.stop());


async function verified(email: string) {
  const init = await s.post('/otp/init', { otpType: 'OTP_TYPE_EMAIL', contact: email });
  assert.equal(init.status, 200, JSON.stringify(init.json));
  const code = await s.code(email);
  assert.match(code, /^[0-9]{6}$/, 'the default code is six digits');
  const key = generateP256KeyPair();
  const verify = await s.post('/otp/verify', { otpId: init.json.otpId, otpCode: code, publicKey: key.publicKey });
  assert.equal(verify.status, 200, JSON.stringify(verify.json));
  return { key, verificationToken: verify.json.verificationToken as string };
}

async function loginWith(key: { publicKey: string; privateKey: string }, verificationToken: string, withClientSignature = false) {
  const verify = { json: { verificationToken } };
  const body: Record<string, unknown> = { verificationToken: verify.json.verificationToken, publicKey: key.publicKey };
  if (withClientSignature) {
    const message = JSON.stringify({ login: { publicKey: key.publicKey }, tokenId: decodeJwtClaims(verify.json.verificationToken).id, type: 'USAGE_TYPE_LOGIN' });
    const signature = await new ApiKeyStamper({ apiPublicKey: key.publicKey, apiPrivateKey: key.privateKey }).sign(message, SignatureFormat.Raw);
    body.clientSignature = { publicKey: key.publicKey, scheme: 'CLIENT_SIGNATURE_SCHEME_API_P256', message, signature };
  }
  const res = await s.post('/otp-login', body);
  assert.equal(res.status, 200, JSON.stringify(res.json));
  return { key, session: res.json.sessionToken as string };
}

async function login(email: string, withClientSignature = false) {
  const { key, verificationToken } = await verified(email);
  return loginWith(key, verificationToken, withClientSignature);
}

describe('OTP login through the backend', () => {
  test('first login creates the account with a wallet; the session key reads whoami and the wallet', async () => {
    const email = uniqueEmail('flow');
    const { key, session } = await login(email);
    const c = sessionClaims(session);
    assert.equal(c.public_key, key.publicKey);
    assert.equal(c.session_type, 'SESSION_TYPE_READ_WRITE');
    const client = new TurnkeyClient({ baseUrl: s.api.url }, new ApiKeyStamper({ apiPublicKey: key.publicKey, apiPrivateKey: key.privateKey }));
    const who = await client.getWhoami({ organizationId: c.organization_id });
    assert.equal(who.userId, c.user_id);
    assert.equal(who.username, email);
    const wallets = await client.getWallets({ organizationId: c.organization_id });
    assert.equal(wallets.wallets.length, 1);
    const accounts = await client.getWalletAccounts({ organizationId: c.organization_id, walletId: wallets.wallets[0]!.walletId });
    assert.deepEqual(accounts.accounts.map((a) => a.addressFormat), ['ADDRESS_FORMAT_ETHEREUM', 'ADDRESS_FORMAT_SOLANA']);
  });

  test('a second login for the same email reaches the same sub-organization (with a clientSignature this time)', async () => {
    const email = uniqueEmail('again');
    const first = await login(email);
    const second = await login(email, true);
    assert.equal(sessionClaims(second.session).organization_id, sessionClaims(first.session).organization_id);
    assert.equal(sessionClaims(second.session).user_id, sessionClaims(first.session).user_id);
  });

  test('two first logins at once for one email create one account', async () => {
    const email = uniqueEmail('race');
    const first = await verified(email);
    const second = await verified(email);
    const [a, b] = await Promise.all([loginWith(first.key, first.verificationToken), loginWith(second.key, second.verificationToken)]);
    assert.equal(sessionClaims(a.session).organization_id, sessionClaims(b.session).organization_id);
  });
});
