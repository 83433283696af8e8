/**
 * A session JWT as the device uses it (turnkey-wire.md §6.1): its claims name the key that must
 * stamp requests (`public_key`), the user and the sub-organization, and when it ends. The device
 * does not verify the signature — the API checks every stamp — it only refuses what is not a
 * session at all.
 */
import { COMPRESSED_P256, decodeJwtClaims, type SessionClaims } from '@tkauth/wire';
import { InvalidSessionJwtError } from '../errors.ts';

export interface Session extends SessionClaims {
  /** The raw JWT. */
  token: string;
  /** The name it is stored under. */
  sessionKey: string;
  /** `exp` in milliseconds. */
  expiresAt: number;
}

export function parseSessionJwt(jwt: string, sessionKey: string): Session {
  let claims: Record<string, unknown>;
  try {
    claims = decodeJwtClaims(jwt);
  } catch (e) {
    throw new InvalidSessionJwtError((e as Error).message);
  }
  const { exp, public_key, session_type, user_id, organization_id } = claims;
  if (typeof exp !== 'number' || !Number.isFinite(exp)) throw new InvalidSessionJwtError('exp must be a number of seconds');
  if (typeof public_key !== 'string' || !COMPRESSED_P256.test(public_key.toLowerCase())) throw new InvalidSessionJwtError('public_key must be a compressed P-256 key');
  if (typeof user_id !== 'string' || !user_id) throw new InvalidSessionJwtError('user_id is missing');
  if (typeof organization_id !== 'string' || !organization_id) throw new InvalidSessionJwtError('organization_id is missing');
  return {
    exp,
    public_key: public_key.toLowerCase(),
    session_type: typeof session_type === 'string' ? session_type : '',
    user_id,
    organization_id,
    token: jwt,
    sessionKey,
    expiresAt: exp * 1000,
  };
}
