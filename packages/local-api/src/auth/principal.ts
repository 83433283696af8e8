/**
 * Step 2 for `X-Stamp`: who signed, and may they address the requested organization. A key acts in
 * its own organization; a parent organization's key may also address its sub-organizations (which
 * activities it may run there is each activity's `access`). On routes that resolve sub-organizations,
 * a sub-organization's key addressed to its parent answers for that sub-organization
 * (turnkey-wire-logins.md §3.2). Anything else is ORGANIZATION_MISMATCH.
 */
import { ApiError, type ApiKeyScheme, CURVE_OF_SCHEME } from '@tkauth/wire';
import type { Db } from '../store/db.ts';
import type { CredentialCache, KeyRow, OrgRow } from './credential-cache.ts';
import type { Attestation } from './attested-scope.ts';
import { type CredentialKind, onlySubOrg } from './suborg-of-parent.ts';

export interface Principal {
  /** The API key that stamped ('' for a passkey, an attested token or a read-only session). */
  apiKeyId: string;
  /** Set when a passkey stamped the request. */
  authenticatorId?: string;
  publicKey: string;
  userId: string;
  userName: string;
  /** The organization the credential belongs to. */
  organizationId: string;
  organizationName: string;
  isRoot: boolean;
}

export interface Scope {
  principal: Principal;
  /**
   * The organization the request runs in: the one named in the body, or the sub-organization a
   * parent-addressed credential resolved to.
   */
  organizationId: string;
  /** True when a parent organization's credential addresses one of its sub-organizations. */
  viaParent: boolean;
  /** Set when an X-Stamp-Attested token, not an API key, authenticated the request. */
  attestation?: Attestation;
}

async function keysFor(db: Db, cache: CredentialCache, publicKey: string, now: number): Promise<KeyRow[]> {
  const cached = cache.keys.get(publicKey, now);
  if (cached) return cached;
  const generation = cache.generation;
  const rows = await db
    .selectFrom('api_keys')
    .innerJoin('users', 'users.id', 'api_keys.user_id')
    .innerJoin('organizations', 'organizations.id', 'api_keys.organization_id')
    .select(['api_keys.id', 'api_keys.organization_id', 'api_keys.user_id', 'api_keys.expires_at', 'api_keys.curve_type', 'users.is_root', 'users.user_name', 'organizations.name as organization_name'])
    .where('api_keys.public_key', '=', publicKey)
    .execute();
  if (cache.fresh(generation)) cache.keys.set(publicKey, rows, now);
  return rows;
}

export async function orgFor(db: Db, cache: CredentialCache, orgId: string, now: number): Promise<OrgRow | null> {
  const cached = cache.orgs.get(orgId, now);
  if (cached !== undefined) return cached;
  const generation = cache.generation;
  const row = (await db.selectFrom('organizations').select('parent_id').where('id', '=', orgId).executeTakeFirst()) ?? null;
  if (cache.fresh(generation)) cache.orgs.set(orgId, row, now);
  return row;
}

/** What a credential row must say to be placed: the organization it belongs to. */
interface Placed {
  organization_id: string;
}

/**
 * Which of a credential's rows answers a request addressed to `targetOrgId`, and where the request
 * runs: its own organization; a sub-organization of the row's organization (the parent acting on
 * a child); or, on routes that resolve sub-organizations, the one sub-organization of the target
 * whose row this is (turnkey-wire-logins.md §3.2). One rule for API keys and passkeys.
 */
export async function placeCredential<T extends Placed>(
  db: Db,
  cache: CredentialCache,
  rows: readonly T[],
  kind: CredentialKind,
  targetOrgId: string,
  now: number,
  resolveSubOrg: boolean,
): Promise<{ row: T; organizationId: string; viaParent: boolean }> {
  const own = rows.find((k) => k.organization_id === targetOrgId);
  if (own) return { row: own, organizationId: targetOrgId, viaParent: false };
  const target = await orgFor(db, cache, targetOrgId, now);
  if (!target) throw new ApiError('ERR_ORGANIZATION_NOT_FOUND', targetOrgId);
  const parents = rows.find((k) => k.organization_id === target.parent_id);
  if (parents) return { row: parents, organizationId: targetOrgId, viaParent: true };
  // Only a top-level organization has sub-organizations to look in (they do not nest).
  // A passkey is looked up by credential id "in organization or its parent organization" (Turnkey's
  // 401 for a passkey found in neither); an API key known elsewhere is 403 ORGANIZATION_MISMATCH.
  if (!resolveSubOrg || target.parent_id !== null) throw new ApiError(kind === 'passkey' ? 'ERR_WEBAUTHN_CREDENTIAL_NOT_FOUND' : 'ERR_AUTH_ORGANIZATION_MISMATCH');
  const children: T[] = [];
  for (const k of rows) if ((await orgFor(db, cache, k.organization_id, now))?.parent_id === targetOrgId) children.push(k);
  const orgId = onlySubOrg(kind, [...new Set(children.map((k) => k.organization_id))]);
  return { row: children.find((k) => k.organization_id === orgId)!, organizationId: orgId, viaParent: false };
}

export async function resolveScope(db: Db, cache: CredentialCache, stamp: { publicKey: string; scheme: ApiKeyScheme }, targetOrgId: string, now: number, resolveSubOrg = false): Promise<Scope> {
  const publicKey = stamp.publicKey;
  const all = await keysFor(db, cache, publicKey, now);
  if (all.length === 0) throw new ApiError('ERR_STAMP_UNKNOWN_KEY');
  // A P-256 and a secp256k1 key look alike on the wire (33-byte compressed points): the scheme
  // must name the curve the key was registered with, or it is not that key's signature.
  const keys = all.filter((k) => k.curve_type === CURVE_OF_SCHEME[stamp.scheme]);
  if (keys.length === 0) throw new ApiError('ERR_STAMP_SCHEME_MISMATCH', `${stamp.scheme} for a key registered as ${all[0]!.curve_type}`);
  const { row: key, organizationId: orgId, viaParent } = await placeCredential(db, cache, keys, 'api-key', targetOrgId, now, resolveSubOrg);
  if (key.expires_at !== null && Number(key.expires_at) <= now) throw new ApiError('ERR_STAMP_EXPIRED_KEY', publicKey);
  return {
    principal: {
      apiKeyId: key.id,
      publicKey,
      userId: key.user_id,
      userName: key.user_name,
      organizationId: key.organization_id,
      organizationName: key.organization_name,
      isRoot: key.is_root === 1,
    },
    organizationId: orgId,
    viaParent,
  };
}
