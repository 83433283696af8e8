/**
 * Verification tokens (turnkey-wire.md §6.2): issued by verify_otp, signed with the TLS-fetcher
 * key, single-use at login, bound to their contact and (when given) to a device public key.
 */
import { ApiError, decodeJwtClaims, type VerificationTokenClaims } from '@tkauth/wire';
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.ts';
import type { SigningKey } from '../enclave/enclave-keys.ts';
import { verifyOwnToken } from '../enclave/sign.ts';
import { usersWithContact } from '../store/sub-org-filters.ts';

export interface CheckedToken {
  claims: VerificationTokenClaims;
}

/** Signature, claims, expiry and the stored record; `forLogin` also refuses a used token. */
export async function checkVerificationToken(db: Kysely<Database>, jwt: string, key: SigningKey, now: number, forLogin: boolean): Promise<CheckedToken> {
  if (!verifyOwnToken(jwt, key)) throw new ApiError('ERR_TOKEN_INVALID', 'signature does not verify');
  let claims: VerificationTokenClaims;
  try {
    claims = decodeJwtClaims(jwt) as unknown as VerificationTokenClaims;
  } catch {
    throw new ApiError('ERR_TOKEN_INVALID', 'payload is not JSON');
  }
  const row = await db.selectFrom('verification_tokens').selectAll().where('id', '=', String(claims.id)).executeTakeFirst();
  if (!row) throw new ApiError('ERR_TOKEN_INVALID', 'unknown token');
  if (Number(row.expires_at) <= now) throw new ApiError('ERR_TOKEN_EXPIRED');
  if (forLogin && row.used_at !== null) throw new ApiError('ERR_TOKEN_USED');
  return { claims };
}

/**
 * The user of `orgId` whose email or phone the token proved, per its verification type; with
 * `verifiedOnly`, only a user whose contact is already marked verified (list_verified_suborgs' sense).
 */
export async function findUserForToken(db: Kysely<Database>, orgId: string, claims: VerificationTokenClaims, verifiedOnly = false) {
  const kind = claims.verification_type === 'OTP_TYPE_EMAIL' ? 'EMAIL' : 'PHONE_NUMBER';
  return usersWithContact(db, kind, claims.contact, verifiedOnly)
    .select(['users.id', 'users.user_email', 'users.user_phone'])
    .where('users.organization_id', '=', orgId)
    .orderBy('users.created_at')
    .executeTakeFirst();
}

/** As findUserForToken, refusing when no user of `orgId` has the contact. */
export async function userForToken(db: Kysely<Database>, orgId: string, claims: VerificationTokenClaims) {
  const user = await findUserForToken(db, orgId, claims);
  if (!user) throw new ApiError('ERR_TOKEN_CONTACT_MISMATCH');
  return user;
}

/** Marks a token used; a concurrent login that got there first makes this one fail. */
export async function consumeVerificationToken(db: Kysely<Database>, tokenId: string, now: number): Promise<void> {
  const r = await db.updateTable('verification_tokens').set({ used_at: now }).where('id', '=', tokenId).where('used_at', 'is', null).executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) throw new ApiError('ERR_TOKEN_USED');
}
