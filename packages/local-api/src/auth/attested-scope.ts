/**
 * Step 2 for `X-Stamp-Attested` (turnkey-wire.md §2.3): the attestation must vouch for the stamp's
 * key — a verification token whose `public_key` is that key, or an id_token whose nonce is
 * sha256(key) — and name a user of the addressed organization (by contact, or by OAuth identity).
 * The principal is that user; there is no API key behind it.
 */
import { ApiError } from '@tkauth/wire';
import type { Services } from '../services.ts';
import type { Scope } from './principal.ts';
import type { VerifiedStamp } from './verify-stamp.ts';
import { checkVerificationToken, userForToken } from '../otp/verification-token.ts';
import { checkNonce } from '../oidc/verify-id-token.ts';
import { findOauthUser } from '../store/find.ts';

export interface Attestation {
  kind: 'verification-token' | 'oidc';
  /** The verification token's id, consumed by the login it authorizes. */
  tokenId?: string;
}

export async function resolveAttestedScope(s: Services, stamp: Extract<VerifiedStamp, { kind: 'attested' }>, orgId: string, now: number): Promise<Scope & { attestation: Attestation }> {
  const org = await s.db.selectFrom('organizations').select(['id', 'name', 'parent_id']).where('id', '=', orgId).executeTakeFirst();
  if (!org) throw new ApiError('ERR_ORGANIZATION_NOT_FOUND', orgId);
  let userId: string;
  let attestation: Attestation;
  if (stamp.scheme === 'STAMP_ATTESTED_SCHEME_P256_VERIFICATION_TOKEN') {
    const { claims } = await checkVerificationToken(s.db, stamp.publicKeyAttestation, s.enclave.tlsFetcher, now, true);
    if (claims.public_key !== stamp.publicKey) throw new ApiError('ERR_STAMP_ATTESTATION_MISMATCH');
    if (claims.organization_id !== orgId && claims.organization_id !== org.parent_id) throw new ApiError('ERR_TOKEN_INVALID', 'the token was issued for another organization');
    userId = (await userForToken(s.db, orgId, claims)).id;
    attestation = { kind: 'verification-token', tokenId: claims.id };
  } else {
    const identity = await s.idTokens.verify(stamp.publicKeyAttestation);
    checkNonce(identity.claims, stamp.publicKey);
    userId = await findOauthUser(s.db, orgId, identity);
    attestation = { kind: 'oidc' };
  }
  const user = await s.db.selectFrom('users').select(['user_name', 'is_root']).where('id', '=', userId).executeTakeFirstOrThrow();
  return {
    principal: { apiKeyId: '', publicKey: stamp.publicKey, userId, userName: user.user_name, organizationId: orgId, organizationName: org.name, isRoot: user.is_root === 1 },
    organizationId: orgId,
    viaParent: false,
    attestation,
  };
}
