/**
 * Step 2: who signed, and may they address the requested organization. A key acts in its own
 * organization; a parent organization's key may also address its sub-organizations (which
 * activities it may run there is each activity's `access`). Anything else is ORGANIZATION_MISMATCH.
 */
import { ApiError } from '@tkauth/wire';
import type { Db } from '../store/open-sqlite.ts';

export interface Principal {
  apiKeyId: string;
  publicKey: string;
  userId: string;
  /** The organization the credential belongs to. */
  organizationId: string;
  isRoot: boolean;
}

export interface Scope {
  principal: Principal;
  /** The organization named in the request body. */
  organizationId: string;
  /** True when a parent organization's credential addresses one of its sub-organizations. */
  viaParent: boolean;
}

export async function resolveScope(db: Db, publicKey: string, targetOrgId: string, nowMs: number): Promise<Scope> {
  const keys = await db
    .selectFrom('api_keys')
    .innerJoin('users', 'users.id', 'api_keys.user_id')
    .select(['api_keys.id', 'api_keys.organization_id', 'api_keys.user_id', 'api_keys.expires_at', 'users.is_root'])
    .where('api_keys.public_key', '=', publicKey)
    .execute();
  if (keys.length === 0) throw new ApiError('ERR_STAMP_UNKNOWN_KEY');

  let viaParent = false;
  let key = keys.find((k) => k.organization_id === targetOrgId);
  if (!key) {
    const target = await db.selectFrom('organizations').select('parent_id').where('id', '=', targetOrgId).executeTakeFirst();
    if (!target) throw new ApiError('ERR_ORGANIZATION_NOT_FOUND', targetOrgId);
    key = keys.find((k) => k.organization_id === target.parent_id);
    if (!key) throw new ApiError('ERR_AUTH_ORGANIZATION_MISMATCH');
    viaParent = true;
  }
  if (key.expires_at !== null && Number(key.expires_at) <= nowMs) {
    throw new ApiError('ERR_STAMP_EXPIRED_KEY', publicKey);
  }
  return {
    principal: { apiKeyId: key.id, publicKey, userId: key.user_id, organizationId: key.organization_id, isRoot: key.is_root === 1 },
    organizationId: targetOrgId,
    viaParent,
  };
}
