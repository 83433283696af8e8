/**
 * list_suborgs (getSubOrgIds) and list_verified_suborgs (getVerifiedSubOrgIds) — turnkey-wire.md §5.
 * Sub-organizations of the addressed organization, filtered by one identifier; the verified
 * variant accepts only EMAIL and PHONE_NUMBER and matches only contacts proven by OTP.
 */
import { Type } from '@sinclair/typebox';
import { type ExpressionBuilder, sql } from 'kysely';
import { ApiError } from '@tkauth/wire';
import { defineQuery, PaginationOptions, QueryRequest, type QueryContext, type QueryDefinition } from './query.ts';
import type { OidcIdentity } from '../oidc/verify-id-token.ts';
import { resolvePage } from './paginate.ts';
import type { Database } from '../store/schema.ts';

interface Body {
  organizationId: string;
  filterType?: string;
  filterValue?: string;
  paginationOptions?: { limit?: string; before?: string; after?: string };
}

type Eb = ExpressionBuilder<Database, 'organizations'>;
type Filter = (eb: Eb, value: string, verified: boolean) => ReturnType<Eb['eb']>;

// Every filter is `organizations.id IN (uncorrelated subquery)`: the subquery runs once on its own
// index (email, phone, public key, address, …) instead of once per sub-organization, so a lookup
// stays fast however many sub-organizations the parent has.

const FILTERS: Record<string, Filter> = {
  EMAIL: (eb, v, verified) => {
    let q = eb.selectFrom('users').select('users.organization_id').where(sql<string>`lower(users.user_email)`, '=', v.toLowerCase());
    if (verified) q = q.where('users.email_verified', '=', 1);
    return eb('organizations.id', 'in', q);
  },
  PHONE_NUMBER: (eb, v, verified) => {
    let q = eb.selectFrom('users').select('users.organization_id').where('users.user_phone', '=', v);
    if (verified) q = q.where('users.phone_verified', '=', 1);
    return eb('organizations.id', 'in', q);
  },
  USERNAME: (eb, v) => eb('organizations.id', 'in', eb.selectFrom('users').select('users.organization_id').where('users.user_name', '=', v)),
  NAME: (eb, v) => eb('organizations.name', '=', v),
  PUBLIC_KEY: (eb, v) => eb('organizations.id', 'in', eb.selectFrom('api_keys').select('api_keys.organization_id').where('api_keys.public_key', '=', v.toLowerCase())),
  CREDENTIAL_ID: (eb, v) => eb('organizations.id', 'in', eb.selectFrom('authenticators').select('authenticators.organization_id').where('authenticators.credential_id', '=', v)),
  WALLET_ACCOUNT_ADDRESS: (eb, v) => eb('organizations.id', 'in', eb.selectFrom('wallet_accounts').select('wallet_accounts.organization_id').where('wallet_accounts.address', '=', v)),
};
const VERIFIED_FILTERS = new Set(['EMAIL', 'PHONE_NUMBER']);

/** OIDC_TOKEN: the filter value is an id_token, verified first; sub-orgs holding its (iss, sub, aud). */
const oidcFilter = (identity: OidcIdentity) => (eb: Eb) =>
  eb(
    'organizations.id',
    'in',
    eb
      .selectFrom('oauth_providers')
      .select('oauth_providers.organization_id')
      .where('oauth_providers.issuer', '=', identity.iss)
      .where('oauth_providers.subject', '=', identity.sub)
      .where('oauth_providers.audience', '=', identity.aud),
  );

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
  let q = db.selectFrom('organizations').select(['id']).where('parent_id', '=', parentId);
  if (type === 'OIDC_TOKEN') {
    const filter = oidcFilter(await ctx.services.idTokens.verify(body.filterValue!));
    q = q.where((eb) => filter(eb));
  } else if (type !== undefined) q = q.where((eb) => FILTERS[type]!(eb, body.filterValue!, verified) as never);
  else if (verified) {
    q = q.where((eb) =>
      eb('organizations.id', 'in', eb.selectFrom('users').select('users.organization_id').where((u) => u.or([u('users.email_verified', '=', 1), u('users.phone_verified', '=', 1)]))),
    );
  }
  if (page.afterSeq !== undefined) q = q.where('seq', '>', page.afterSeq);
  if (page.beforeSeq !== undefined) q = q.where('seq', '<', page.beforeSeq);
  const backwards = page.beforeSeq !== undefined && page.afterSeq === undefined;
  const rows = await q.orderBy('seq', backwards ? 'desc' : 'asc').limit(page.limit).execute();
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
