/**
 * A session is a short-lived API key on the user, bound to the device's public key, and the
 * session JWT that names it (turnkey-wire.md §6.1), signed by the notarizer key.
 */
import type { Kysely } from 'kysely';
import { ApiError, COMPRESSED_P256 } from '@tkauth/wire';
import type { Database } from '../store/schema.ts';
import type { Runtime } from '../config.ts';
import type { SigningKey } from '../enclave/enclave-keys.ts';
import { signSessionJwt } from '../enclave/sign.ts';

export const SESSION_CREDENTIAL = 'CREDENTIAL_TYPE_READ_WRITE_SESSION_KEY_P256';
export const DEFAULT_SESSION_SECONDS = 900;
export const MAX_SESSION_SECONDS = 30 * 24 * 3600;

export interface NewSession {
  organizationId: string;
  userId: string;
  publicKey: string;
  expirationSeconds?: string;
  invalidateExisting?: boolean;
}

export function sessionSeconds(expirationSeconds: string | undefined): number {
  const secs = expirationSeconds === undefined ? DEFAULT_SESSION_SECONDS : Number(expirationSeconds);
  if (!Number.isInteger(secs) || secs < 1 || secs > MAX_SESSION_SECONDS) {
    throw new ApiError('ERR_REQUEST_INVALID', `parameters/expirationSeconds: must be 1..${MAX_SESSION_SECONDS}`);
  }
  return secs;
}

/** The session API key alone (create_read_write_session hands its private half over in a bundle). */
export async function insertSessionKey(trx: Kysely<Database>, rt: Runtime, now: number, s: NewSession & { name?: string }): Promise<{ apiKeyId: string; publicKey: string; expiresAt: number }> {
  const publicKey = s.publicKey.toLowerCase();
  if (!COMPRESSED_P256.test(publicKey)) throw new ApiError('ERR_REQUEST_INVALID', 'parameters/publicKey: not a compressed P-256 public key');
  const secs = sessionSeconds(s.expirationSeconds);
  const expiresAt = now + secs * 1000;
  let q = trx.deleteFrom('api_keys').where('user_id', '=', s.userId).where('credential_type', '=', SESSION_CREDENTIAL);
  // The same device key logging in again replaces its own session; invalidateExisting ends all others.
  if (!s.invalidateExisting) q = q.where('public_key', '=', publicKey);
  await q.execute();
  const apiKeyId = rt.uuid();
  await trx
    .insertInto('api_keys')
    .values({
      id: apiKeyId,
      organization_id: s.organizationId,
      user_id: s.userId,
      name: s.name ?? `Session Key ${new Date(now).toISOString()}`,
      public_key: publicKey,
      curve_type: 'API_KEY_CURVE_P256',
      credential_type: SESSION_CREDENTIAL,
      expiration_seconds: String(secs),
      expires_at: expiresAt,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return { apiKeyId, publicKey, expiresAt };
}

export async function createSession(trx: Kysely<Database>, rt: Runtime, now: number, notarizer: SigningKey, s: NewSession): Promise<string> {
  const { publicKey, expiresAt } = await insertSessionKey(trx, rt, now, s);
  return signSessionJwt(
    { exp: Math.floor(expiresAt / 1000), public_key: publicKey, session_type: 'SESSION_TYPE_READ_WRITE', user_id: s.userId, organization_id: s.organizationId },
    notarizer,
  );
}
