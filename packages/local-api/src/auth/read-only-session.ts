/**
 * Step 2 for `X-Session` (turnkey-wire.md §1, [B-base]): a read-only session JWT we signed, unexpired,
 * of type SESSION_TYPE_READ_ONLY, for a user of the addressed organization. Queries only.
 */
import { ApiError, decodeJwtClaims, type SessionClaims } from '@tkauth/wire';
import type { Services } from '../services.ts';
import type { Scope } from './principal.ts';
import { verifyOwnSessionJwt } from '../enclave/sign.ts';

export async function resolveReadOnlyScope(s: Services, jwt: string, orgId: string, now: number): Promise<Scope> {
  if (!verifyOwnSessionJwt(jwt, s.enclave.notarizer)) throw new ApiError('ERR_SESSION_INVALID', 'signature does not verify');
  const claims = decodeJwtClaims(jwt) as unknown as SessionClaims;
  if (claims.session_type !== 'SESSION_TYPE_READ_ONLY') throw new ApiError('ERR_SESSION_INVALID', 'not a read-only session');
  if (typeof claims.exp !== 'number' || claims.exp * 1000 <= now) throw new ApiError('ERR_SESSION_EXPIRED');
  if (claims.organization_id !== orgId) throw new ApiError('ERR_AUTH_ORGANIZATION_MISMATCH');
  const row = await s.db
    .selectFrom('users')
    .innerJoin('organizations', 'organizations.id', 'users.organization_id')
    .select(['users.user_name', 'users.is_root', 'organizations.name as organization_name'])
    .where('users.id', '=', claims.user_id)
    .where('users.organization_id', '=', orgId)
    .executeTakeFirst();
  if (!row) throw new ApiError('ERR_SESSION_INVALID', 'the user no longer exists');
  return {
    principal: { apiKeyId: '', publicKey: claims.public_key, userId: claims.user_id, userName: row.user_name, organizationId: orgId, organizationName: row.organization_name, isRoot: row.is_root === 1 },
    organizationId: orgId,
    viaParent: false,
  };
}
