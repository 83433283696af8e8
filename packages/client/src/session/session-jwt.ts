/**
 * A session JWT as the device uses it (turnkey-wire.md §6.1), shaped as @turnkey/sdk-types'
 * `Session` — the fields @turnkey/core's `parseSession` fills, so an app moving from core reads the
 * same names. The device does not verify the signature — the API checks every stamp — it only
 * refuses what is not a session at all.
 */
import { COMPRESSED_P256, decodeJwtClaims, type SessionClaims } from '@tkauth/wire';
import { SessionType, type Session as SdkSession } from '@turnkey/sdk-types';
import { InvalidSessionJwtError } from '../errors.ts';

export interface Session extends SdkSession {
  /** The key that stamps this session's requests (compressed P-256, lowercase): always there. */
  publicKey: string;
  /** Seconds left when this object was made, by the context's clock (as core's parseSession). */
  expirationSeconds: string;
  /** The name it is stored under. */
  sessionKey: string;
  /** The JWT's own claims, snake_case, as decoded. */
  claims: SessionClaims & Record<string, unknown>;
}

const SESSION_TYPES: ReadonlySet<string> = new Set(Object.values(SessionType));

/** `nowMs` is the context's clock: `expirationSeconds` counts from it. */
export function parseSessionJwt(jwt: string, sessionKey: string, nowMs: number): Session {
  let claims: Record<string, unknown>;
  try {
    claims = decodeJwtClaims(jwt);
  } catch (e) {
    throw new InvalidSessionJwtError((e as Error).message);
  }
  const { exp, public_key, session_type, user_id, organization_id, session_profile_id, scope } = claims;
  if (typeof exp !== 'number' || !Number.isFinite(exp)) throw new InvalidSessionJwtError('exp must be a number of seconds');
  if (typeof public_key !== 'string' || !COMPRESSED_P256.test(public_key.toLowerCase())) throw new InvalidSessionJwtError('public_key must be a compressed P-256 key');
  if (typeof user_id !== 'string' || !user_id) throw new InvalidSessionJwtError('user_id is missing');
  if (typeof organization_id !== 'string' || !organization_id) throw new InvalidSessionJwtError('organization_id is missing');
  // Core's parseSession refuses a session without a type too; an unknown one would break the enum.
  if (typeof session_type !== 'string' || !SESSION_TYPES.has(session_type)) throw new InvalidSessionJwtError(`session_type must be one of ${[...SESSION_TYPES].join(', ')}`);
  return {
    sessionType: session_type as SessionType,
    userId: user_id,
    organizationId: organization_id,
    expiry: exp,
    expirationSeconds: String(Math.ceil((exp * 1000 - nowMs) / 1000)),
    token: jwt,
    publicKey: public_key.toLowerCase(),
    ...(typeof session_profile_id === 'string' && session_profile_id ? { sessionProfileId: session_profile_id } : {}),
    ...(typeof scope === 'string' && scope ? { scope } : {}),
    sessionKey,
    claims: claims as SessionClaims & Record<string, unknown>,
  };
}

/** When the session ends, in milliseconds (the JWT's `exp` is in seconds). */
export const sessionEndsAt = (session: Pick<SdkSession, 'expiry'>): number => session.expiry * 1000;
