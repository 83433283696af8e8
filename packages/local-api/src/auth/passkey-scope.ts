/**
 * Step 2 for `X-Stamp-Webauthn`: whose passkey this is, where the request runs, and whether the
 * passkey really signed it. The credential id finds the authenticator (in the addressed
 * organization, its parent, or — on routes that resolve sub-organizations — one of its
 * sub-organizations, turnkey-wire-logins.md §3.2); the assertion is verified with that
 * authenticator's key; a counter that moves is stored with a compare-and-set, so two requests
 * carrying the same counter cannot both pass.
 */
import { ApiError } from '@tkauth/wire';
import type { Services } from '../services.ts';
import type { VerifiedStamp } from './verify-stamp.ts';
import { placeCredential, type Scope } from './principal.ts';
import { verifyAssertion } from '../webauthn/verify-assertion.ts';

type PasskeyStamp = Extract<VerifiedStamp, { kind: 'passkey' }>;

export async function resolvePasskeyScope(s: Services, stamp: PasskeyStamp, orgId: string, now: number, resolveSubOrg: boolean): Promise<Scope> {
  // Not cached: the counter changes with every use.
  const rows = await s.db
    .selectFrom('authenticators')
    .innerJoin('users', 'users.id', 'authenticators.user_id')
    .innerJoin('organizations', 'organizations.id', 'authenticators.organization_id')
    .select([
      'authenticators.id',
      'authenticators.organization_id',
      'authenticators.user_id',
      'authenticators.cose_public_key',
      'authenticators.public_key',
      'authenticators.sign_count',
      'users.is_root',
      'users.user_name',
      'organizations.name as organization_name',
    ])
    .where('authenticators.credential_id', '=', stamp.stamp.credentialId)
    .execute();
  if (rows.length === 0) throw new ApiError('ERR_WEBAUTHN_CREDENTIAL_NOT_FOUND');
  const placed = await placeCredential(s.db, s.credentials, rows, 'passkey', orgId, now, resolveSubOrg);
  const a = placed.row;
  // Registered before registrations were verified and parsed: there is no key to check against.
  if (!a.cose_public_key) throw new ApiError('ERR_WEBAUTHN_BAD_SIGNATURE', 'this authenticator was stored without its public key; register it again');
  const stored = Number(a.sign_count ?? 0);
  const counter = await verifyAssertion(s.webauthn, stamp.stamp, stamp.origin, stamp.challenge, { cosePublicKey: a.cose_public_key, signCount: stored });
  if (counter > 0) {
    const moved = await s.db.updateTable('authenticators').set({ sign_count: counter }).where('id', '=', a.id)
      .where((eb) => eb.or([eb('sign_count', 'is', null), eb('sign_count', '<', counter)]))
      .executeTakeFirst();
    if (Number(moved.numUpdatedRows) === 0) throw new ApiError('ERR_WEBAUTHN_COUNTER_NOT_INCREASED');
  }
  return {
    principal: {
      apiKeyId: '',
      authenticatorId: a.id,
      // The credential's own P-256 key (null for RS256): what a read-only session names as its key.
      publicKey: a.public_key ?? '',
      userId: a.user_id,
      userName: a.user_name,
      organizationId: a.organization_id,
      organizationName: a.organization_name,
      isRoot: a.is_root === 1,
    },
    organizationId: placed.organizationId,
    viaParent: placed.viaParent,
  };
}
