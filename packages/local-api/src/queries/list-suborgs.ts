/**
 * list_suborgs (getSubOrgIds) and list_verified_suborgs (getVerifiedSubOrgIds) — turnkey-wire.md §5.
 * Sub-organizations of the addressed organization, filtered by one identifier; the verified
 * variant accepts EMAIL and PHONE_NUMBER, matching only contacts proven by OTP, and CREDENTIAL_ID
 * (every stored passkey's registration was verified).
 */
import { Type } from '@sinclair/typebox';
import { ApiError } from '@tkauth/wire';
import { defineQuery, PaginationOptions, QueryRequest, type QueryContext, type QueryDefinition } from './query.ts';
import { resolvePage } from './paginate.ts';
import { FILTERS, oauthIdentityMatches, subOrgsQuery } from '../store/sub-org-filters.ts';

interface Body {
  organizationId: string;
  filterType?: string;
  filterValue?: string;
  paginationOptions?: { limit?: string; before?: string; after?: string };
}

// A passkey is proven by its verified registration, so a credential id is a verified identifier too.
const VERIFIED_FILTERS = new Set(['EMAIL', 'PHONE_NUMBER', 'CREDENTIAL_ID']);

async function listSubOrgs(ctx: QueryContext, parentId: string, body: Body, verified: boolean): Promise<{ organizationIds: string[] }> {
  const db = ctx.db;
  const type = body.filterType || undefined;
  if (type !== undefined) {
    if ((!FILTERS[type] && !(type === 'OIDC_TOKEN' && !verified)) || (verified && !VERIFIED_FILTERS.has(type))) {
      const allowed = verified ? [...VERIFIED_FILTERS] : [...Object.keys(FILTERS), 'OIDC_TOKEN'];
      throw new ApiError('ERR_REQUEST_INVALID', `filterType: ${type.slice(0, 64)} is not supported; use one of ${allowed.join(', ')}`);
    }
    if (!body.filterValue) throw new ApiError('ERR_REQUEST_INVALID', 'filterValue: required with filterType');
  }
  const page = await resolvePage(body.paginationOptions, async (id) => {
    const row = await db.selectFrom('organizations').select('seq').where('id', '=', id).where('parent_id', '=', parentId).executeTakeFirst();
    return row?.seq;
  });
  const matches =
    type === 'OIDC_TOKEN' ? oauthIdentityMatches(db, await ctx.services.idTokens.verify(body.filterValue!)) : type !== undefined ? FILTERS[type]!(db, body.filterValue!, verified) : undefined;
  const { query, backwards } = subOrgsQuery(db, parentId, matches, verified, page);
  const rows = await query.execute();
  if (backwards) rows.reverse();
  return { organizationIds: rows.map((r) => r.id) };
}

const request = QueryRequest({
  filterType: Type.Optional(Type.String({ maxLength: 64 })),
  filterValue: Type.Optional(Type.String({ maxLength: 1024 })),
  paginationOptions: PaginationOptions,
});

export const listSuborgs: QueryDefinition = defineQuery<Body>({
  name: 'list_suborgs',
  request,
  access: 'own-org',
  run: (ctx, body) => listSubOrgs(ctx, ctx.scope.organizationId, body, false),
});

export const listVerifiedSuborgs: QueryDefinition = defineQuery<Body>({
  name: 'list_verified_suborgs',
  request,
  access: 'own-org',
  run: (ctx, body) => listSubOrgs(ctx, ctx.scope.organizationId, body, true),
});
