/** Lookups scoped to one organization that answer 404 with the id when the row is not there. */
import type { Kysely } from 'kysely';
import { ApiError, type ErrorCode } from '@tkauth/wire';
import type { Database } from './schema.ts';

type Q = Kysely<Database>;

export async function findOrganization(db: Q, orgId: string) {
  const org = await db.selectFrom('organizations').selectAll().where('id', '=', orgId).executeTakeFirst();
  if (!org) throw new ApiError('ERR_ORGANIZATION_NOT_FOUND', orgId);
  return org;
}

export async function findUser(db: Q, orgId: string, userId: string) {
  const user = await db.selectFrom('users').selectAll().where('id', '=', userId).where('organization_id', '=', orgId).executeTakeFirst();
  if (!user) throw new ApiError('ERR_USER_NOT_FOUND', userId);
  return user;
}

export async function findWallet(db: Q, orgId: string, walletId: string) {
  const wallet = await db
    .selectFrom('wallets')
    .select(['id', 'name', 'exported', 'imported', 'created_at', 'updated_at'])
    .where('id', '=', walletId)
    .where('organization_id', '=', orgId)
    .executeTakeFirst();
  if (!wallet) throw new ApiError('ERR_WALLET_NOT_FOUND', walletId);
  return wallet;
}

/** `signWith` names an account by its address or its public key (turnkey-wire.md §4.10). */
export async function findSigningAccount(db: Q, orgId: string, signWith: string) {
  const account = await db
    .selectFrom('wallet_accounts')
    .select(['id', 'curve', 'sealed_private_key'])
    .where('organization_id', '=', orgId)
    .where((eb) => eb.or([eb('address', '=', signWith), eb('public_key', '=', signWith.toLowerCase())]))
    .executeTakeFirst();
  if (!account) throw new ApiError('ERR_WALLET_ACCOUNT_NOT_FOUND', signWith);
  return account;
}

/** The user of `orgId` holding an OAuth provider with this (iss, sub, aud) — or OAUTH_PROVIDER_NOT_FOUND. */
export async function findOauthUser(db: Q, orgId: string, identity: { iss: string; sub: string; aud: string }): Promise<string> {
  const row = await db
    .selectFrom('oauth_providers')
    .select('user_id')
    .where('organization_id', '=', orgId)
    .where('issuer', '=', identity.iss)
    .where('subject', '=', identity.sub)
    .where('audience', '=', identity.aud)
    .executeTakeFirst();
  if (!row) throw new ApiError('ERR_OAUTH_PROVIDER_NOT_FOUND');
  return row.user_id;
}

/** Checks that every id in `ids` is a row of `table` held by `userId` in `orgId`; else 404 with the first id that is not. */
export async function requireUserCredentials(db: Q, table: 'api_keys' | 'authenticators', orgId: string, userId: string, ids: readonly string[], notFound: ErrorCode): Promise<void> {
  const found = await db.selectFrom(table).select('id').where('organization_id', '=', orgId).where('user_id', '=', userId).where('id', 'in', ids).execute();
  const have = new Set(found.map((r) => r.id));
  const missing = ids.find((id) => !have.has(id));
  if (missing) throw new ApiError(notFound, missing);
}
