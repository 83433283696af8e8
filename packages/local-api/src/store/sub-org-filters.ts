/**
 * Sub-organizations of a parent that hold one identifier: list_suborgs' filters, and the
 * "who is this?" step resolving a parent-addressed login to the sub-organization it names.
 *
 * A filter names the few organizations holding the identifier, found on that identifier's own
 * index (email, phone, public key, address, …); the query starts from them and CROSS JOINs
 * organizations to check the parent (SQLite never reorders a CROSS JOIN). Written as
 * `id IN (subquery)` instead, the planner walks every sub-organization of the parent by the
 * (parent_id, seq) index and probes each: 7 ms per lookup at 50 000 users, growing linearly.
 */
import { type SelectQueryBuilder, sql } from 'kysely';
import type { Database } from './schema.ts';
import type { Db } from './db.ts';
import { anyBase64ToBytes, bytesToBase64url } from '@tkauth/wire';

export type Matches = SelectQueryBuilder<Database, keyof Database, { organization_id: string }>;
type Filter = (db: Db, value: string, verified: boolean) => Matches;

/** A credential id in the form it is stored in (base64url, no padding), whichever base64 it came in; as given if neither. */
function credentialIdForm(value: string): string {
  try {
    return bytesToBase64url(anyBase64ToBytes(value));
  } catch {
    return value;
  }
}

/** Users whose email (any case) or phone is `value`; with `verified`, only where it is proven. */
export function usersWithContact(db: Db, kind: 'EMAIL' | 'PHONE_NUMBER', value: string, verified: boolean) {
  let q = db.selectFrom('users');
  q = kind === 'EMAIL' ? q.where(sql<string>`lower(users.user_email)`, '=', value.toLowerCase()) : q.where('users.user_phone', '=', value);
  return verified ? q.where(kind === 'EMAIL' ? 'users.email_verified' : 'users.phone_verified', '=', 1) : q;
}

export const FILTERS: Record<string, Filter> = {
  EMAIL: (db, v, verified) => usersWithContact(db, 'EMAIL', v, verified).select('users.organization_id') as Matches,
  PHONE_NUMBER: (db, v, verified) => usersWithContact(db, 'PHONE_NUMBER', v, verified).select('users.organization_id') as Matches,
  USERNAME: (db, v) => db.selectFrom('users').select('users.organization_id').where('users.user_name', '=', v) as Matches,
  NAME: (db, v) => db.selectFrom('organizations').select('organizations.id as organization_id').where('organizations.name', '=', v) as Matches,
  PUBLIC_KEY: (db, v) => db.selectFrom('api_keys').select('api_keys.organization_id').where('api_keys.public_key', '=', v.toLowerCase()) as Matches,
  CREDENTIAL_ID: (db, v) => db.selectFrom('authenticators').select('authenticators.organization_id').where('authenticators.credential_id', '=', credentialIdForm(v)) as Matches,
  WALLET_ACCOUNT_ADDRESS: (db, v) => db.selectFrom('wallet_accounts').select('wallet_accounts.organization_id').where('wallet_accounts.address', '=', v) as Matches,
};

/** Organizations holding this OAuth identity (iss, sub, aud): the OIDC_TOKEN filter, after the token verified. */
export const oauthIdentityMatches = (db: Db, identity: { iss: string; sub: string; aud: string }): Matches =>
  db
    .selectFrom('oauth_providers')
    .select('oauth_providers.organization_id')
    .where('oauth_providers.issuer', '=', identity.iss)
    .where('oauth_providers.subject', '=', identity.sub)
    .where('oauth_providers.audience', '=', identity.aud) as Matches;

/** The page of sub-organizations of `parentId` among `matches` (all, when none). */
export function subOrgsQuery(db: Db, parentId: string, matches: Matches | undefined, verified: boolean, page: { limit: number; afterSeq?: number; beforeSeq?: number }) {
  let q = matches
    ? db
        .selectFrom(matches.distinct().as('m'))
        .crossJoin('organizations')
        .select('organizations.id')
        .whereRef('organizations.id', '=', 'm.organization_id')
        .where('organizations.parent_id', '=', parentId)
    : db.selectFrom('organizations').select('organizations.id').where('organizations.parent_id', '=', parentId);
  if (!matches && verified) {
    q = q.where((eb) =>
      eb('organizations.id', 'in', eb.selectFrom('users').select('users.organization_id').where((u) => u.or([u('users.email_verified', '=', 1), u('users.phone_verified', '=', 1)]))),
    );
  }
  if (page.afterSeq !== undefined) q = q.where('organizations.seq', '>', page.afterSeq);
  if (page.beforeSeq !== undefined) q = q.where('organizations.seq', '<', page.beforeSeq);
  const backwards = page.beforeSeq !== undefined && page.afterSeq === undefined;
  return { query: q.orderBy('organizations.seq', backwards ? 'desc' : 'asc').limit(page.limit), backwards };
}

/** At most `limit` sub-organizations of `parentId` among `matches`: enough to tell none, one and several apart. */
export async function subOrgsAmong(db: Db, parentId: string, matches: Matches, limit = 2): Promise<string[]> {
  const rows = await subOrgsQuery(db, parentId, matches, false, { limit }).query.execute();
  return rows.map((r) => r.id);
}
