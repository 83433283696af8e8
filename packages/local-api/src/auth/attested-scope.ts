/**
 * Step 2 for `X-Stamp-Attested` (turnkey-wire.md §2.3): the attestation must vouch for the stamp's
 * key — a verification token whose `public_key` is that key, or an id_token whose nonce is
 * sha256(key) — and name a user of the addressed organization (by contact, or by OAuth identity).
 * On routes that resolve sub-organizations, an attestation addressed to a parent that names no
 * user of the parent names the one sub-organization holding that verified contact or OAuth
 * identity (turnkey-wire-logins.md §3.2; @turnkey/core's loginWithOtp without organizationId).
 * The principal is that user; there is no API key behind it.
 */
import { ApiError, type VerificationTokenClaims } from '@tkauth/wire';
import type { Services } from '../services.ts';
import type { Scope } from './principal.ts';
import type { VerifiedStamp } from './verify-stamp.ts';
import { checkVerificationToken, findUserForToken } from '../otp/verification-token.ts';
import { checkNonce, type OidcIdentity } from '../oidc/verify-id-token.ts';
import { findOauthUser } from '../store/find.ts';
import { FILTERS, oauthIdentityMatches, subOrgsAmong } from '../store/sub-org-filters.ts';
import { onlySubOrg } from './suborg-of-parent.ts';

export interface Attestation {
  kind: 'verification-token' | 'oidc';
  /** The verification token's id, consumed by the login it authorizes. */
  tokenId?: string;
}

type Found = { orgId: string; userId: string };

async function byToken(s: Services, orgId: string, claims: VerificationTokenClaims, resolveSubOrg: boolean): Promise<Found> {
  const own = await findUserForToken(s.db, orgId, claims);
  if (own) return { orgId, userId: own.id };
  if (!resolveSubOrg) throw new ApiError('ERR_TOKEN_CONTACT_MISMATCH');
  const filter = FILTERS[claims.verification_type === 'OTP_TYPE_EMAIL' ? 'EMAIL' : 'PHONE_NUMBER']!;
  const subOrgId = onlySubOrg('verification-token', await subOrgsAmong(s.db, orgId, filter(s.db, claims.contact, true)));
  const user = await findUserForToken(s.db, subOrgId, claims, true);
  // Changed between the two reads (the contact was just removed): as if it had never matched.
  if (!user) throw new ApiError('ERR_TOKEN_CONTACT_NOT_IN_SUBORGS');
  return { orgId: subOrgId, userId: user.id };
}

async function byOauthIdentity(s: Services, orgId: string, identity: OidcIdentity, resolveSubOrg: boolean): Promise<Found> {
  try {
    return { orgId, userId: await findOauthUser(s.db, orgId, identity) };
  } catch (e) {
    if (!resolveSubOrg || !(e instanceof ApiError) || e.code !== 'ERR_OAUTH_PROVIDER_NOT_FOUND') throw e;
  }
  const subOrgId = onlySubOrg('oidc', await subOrgsAmong(s.db, orgId, oauthIdentityMatches(s.db, identity)));
  return { orgId: subOrgId, userId: await findOauthUser(s.db, subOrgId, identity) };
}

export async function resolveAttestedScope(
  s: Services,
  stamp: Extract<VerifiedStamp, { kind: 'attested' }>,
  orgId: string,
  now: number,
  resolveSubOrg = false,
): Promise<Scope & { attestation: Attestation }> {
  const org = await s.db.selectFrom('organizations').select(['id', 'parent_id']).where('id', '=', orgId).executeTakeFirst();
  if (!org) throw new ApiError('ERR_ORGANIZATION_NOT_FOUND', orgId);
  // Only a top-level organization has sub-organizations to look in (they do not nest).
  const subOrgs = resolveSubOrg && org.parent_id === null;
  let found: Found;
  let attestation: Attestation;
  if (stamp.scheme === 'STAMP_ATTESTED_SCHEME_P256_VERIFICATION_TOKEN') {
    const { claims } = await checkVerificationToken(s.db, stamp.publicKeyAttestation, s.enclave.tlsFetcher, now, true);
    if (claims.public_key !== stamp.publicKey) throw new ApiError('ERR_STAMP_ATTESTATION_MISMATCH');
    if (claims.organization_id !== orgId && claims.organization_id !== org.parent_id) throw new ApiError('ERR_TOKEN_INVALID', 'the token was issued for another organization');
    found = await byToken(s, orgId, claims, subOrgs);
    attestation = { kind: 'verification-token', tokenId: claims.id };
  } else {
    const identity = await s.idTokens.verify(stamp.publicKeyAttestation);
    checkNonce(identity.claims, stamp.publicKey);
    found = await byOauthIdentity(s, orgId, identity, subOrgs);
    attestation = { kind: 'oidc' };
  }
  const user = await s.db
    .selectFrom('users')
    .innerJoin('organizations', 'organizations.id', 'users.organization_id')
    .select(['users.user_name', 'users.is_root', 'organizations.name as organization_name'])
    .where('users.id', '=', found.userId)
    .executeTakeFirstOrThrow();
  return {
    principal: { apiKeyId: '', publicKey: stamp.publicKey, userId: found.userId, userName: user.user_name, organizationId: found.orgId, organizationName: user.organization_name, isRoot: user.is_root === 1 },
    organizationId: found.orgId,
    viaParent: false,
    attestation,
  };
}
