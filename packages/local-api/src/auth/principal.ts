/**
 * Step 2: who signed, and may they address the requested organization. A key acts in its own
 * organization; a parent organization's key may also address its sub-organizations (which
 * activities it may run there is each activity's `access`). Anything else is ORGANIZATION_MISMATCH.
 */
import { ApiError } from '@tkauth/wire';
import type { Db } from '../store/open-sqlite.ts';
import type { CredentialCache, KeyRow, OrgRow } from './credential-cache.ts';
import type { Attestation } from './attested-scope.ts';

export interface Principal {
  apiKeyId: string;
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
  /** The organization named in the request body. */
  organizationId: string;
  /** True when a parent organization's credential addresses one of its sub-organizations. */
  viaParent: boolean;
  /** Set when an X-Stamp-Attested token, not an API key, authenticated the request. */
  attestation?: Attestation;
}

async function keysFor(db: Db, cache: CredentialCache, publicKey: string, now: number): Promise<KeyRow[]> {
  const cached = cache.keys.get(publicKey, now);
  if (cached) return cached;
  const rows = await db
    .selectFrom('api_keys')
    .innerJoin('users', 'users.id', 'api_keys.user_id')
    .innerJoin('organizations', 'organizations.id', 'api_keys.organization_id')
    .select(['api_keys.id', 'api_keys.organization_id', 'api_keys.user_id', 'api_keys.expires_at', 'users.is_root', 'users.user_name', 'organizations.name as organization_name'])
    .where('api_keys.public_key', '=', publicKey)
    .execute();
  cache.keys.set(publicKey, rows, now);
  return rows;
}

async function orgFor(db: Db, cache: CredentialCache, orgId: string, now: number): Promise<OrgRow | null> {
  const cached = cache.orgs.get(orgId, now);
  if (cached !== undefined) return cached;
  const row = (await db.selectFrom('organizations').select('parent_id').where('id', '=', orgId).executeTakeFirst()) ?? null;
  cache.orgs.set(orgId, row, now);
  return row;
}

export async function resolveScope(db: Db, cache: CredentialCache, publicKey: string, targetOrgId: string, now: number): Promise<Scope> {
  const keys = await keysFor(db, cache, publicKey, now);
  if (keys.length === 0) throw new ApiError('ERR_STAMP_UNKNOWN_KEY');

  let viaParent = false;
  let key = keys.find((k) => k.organization_id === targetOrgId);
  if (!key) {
    const target = await orgFor(db, cache, targetOrgId, now);
    if (!target) throw new ApiError('ERR_ORGANIZATION_NOT_FOUND', targetOrgId);
    key = keys.find((k) => k.organization_id === target.parent_id);
    if (!key) throw new ApiError('ERR_AUTH_ORGANIZATION_MISMATCH');
    viaParent = true;
  }
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
    organizationId: targetOrgId,
    viaParent,
  };
}
