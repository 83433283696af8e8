/** Stored rows to the wire objects the clients read (turnkey-wire.md §5 "Object shapes"). */
import { type ApiKey, type Authenticator, type CredentialType, type OauthProvider, type User, type Wallet, type WalletAccount, toWireTimestamp } from '@tkauth/wire';
import type { Kysely } from 'kysely';
import { authenticatorModel } from '../webauthn/authenticator-models.ts';
import type { ApiKeysTable, AuthenticatorsTable, Database, OauthProvidersTable, UsersTable, WalletAccountsTable, WalletsTable } from '../store/schema.ts';

const ts = (ms: number | bigint) => toWireTimestamp(Number(ms));

export function toWireApiKey(k: ApiKeysTable): ApiKey {
  const out: ApiKey = {
    credential: { publicKey: k.public_key, type: k.credential_type as CredentialType },
    apiKeyId: k.id,
    apiKeyName: k.name,
    createdAt: ts(k.created_at),
    updatedAt: ts(k.updated_at),
  };
  if (k.expiration_seconds !== null) out.expirationSeconds = k.expiration_seconds;
  return out;
}

export function toWireAuthenticator(a: AuthenticatorsTable): Authenticator {
  return {
    transports: JSON.parse(a.transports) as string[],
    attestationType: a.attestation_fmt ?? 'none',
    aaguid: a.aaguid ?? '',
    credentialId: a.credential_id,
    model: authenticatorModel(a.aaguid),
    // The compressed P-256 point for ES256 (turnkey-wire-logins.md §1.2); other keys as COSE hex.
    credential: { publicKey: a.public_key ?? (a.cose_public_key ? Buffer.from(a.cose_public_key, 'base64url').toString('hex') : ''), type: 'CREDENTIAL_TYPE_WEBAUTHN_AUTHENTICATOR' },
    authenticatorId: a.id,
    authenticatorName: a.name,
    createdAt: ts(a.created_at),
    updatedAt: ts(a.updated_at),
  };
}

export const toWireOauthProvider = (p: OauthProvidersTable): OauthProvider => ({
  providerId: p.id,
  providerName: p.name,
  issuer: p.issuer,
  audience: p.audience,
  subject: p.subject,
  createdAt: ts(p.created_at),
  updatedAt: ts(p.updated_at),
});

export const toWireWallet = (w: Pick<WalletsTable, 'id' | 'name' | 'exported' | 'imported' | 'created_at' | 'updated_at'>): Wallet => ({
  walletId: w.id,
  walletName: w.name,
  createdAt: ts(w.created_at),
  updatedAt: ts(w.updated_at),
  exported: w.exported === 1,
  imported: w.imported === 1,
});

export const toWireAccount = (a: Omit<WalletAccountsTable, 'sealed_private_key'>): WalletAccount => ({
  walletAccountId: a.id,
  organizationId: a.organization_id,
  walletId: a.wallet_id,
  curve: a.curve,
  pathFormat: a.path_format,
  path: a.path,
  addressFormat: a.address_format,
  address: a.address,
  createdAt: ts(a.created_at),
  updatedAt: ts(a.updated_at),
  publicKey: a.public_key,
});

/** Users with their credentials, in creation order, three batched reads whatever the count. */
export async function loadWireUsers(db: Kysely<Database>, orgId: string, userId?: string): Promise<User[]> {
  let q = db.selectFrom('users').selectAll().where('organization_id', '=', orgId);
  if (userId !== undefined) q = q.where('id', '=', userId);
  const users: UsersTable[] = await q.orderBy('created_at').orderBy('id').execute();
  if (users.length === 0) return [];
  const ids = users.map((u) => u.id);
  const [keys, auths, oauth] = await Promise.all([
    db.selectFrom('api_keys').selectAll().where('user_id', 'in', ids).orderBy('created_at').execute(),
    db.selectFrom('authenticators').selectAll().where('user_id', 'in', ids).orderBy('created_at').execute(),
    db.selectFrom('oauth_providers').selectAll().where('user_id', 'in', ids).orderBy('created_at').execute(),
  ]);
  return users.map((u) => {
    const user: User = {
      userId: u.id,
      userName: u.user_name,
      authenticators: auths.filter((a) => a.user_id === u.id).map(toWireAuthenticator),
      apiKeys: keys.filter((k) => k.user_id === u.id).map(toWireApiKey),
      userTags: JSON.parse(u.tags) as string[],
      oauthProviders: oauth.filter((p) => p.user_id === u.id).map(toWireOauthProvider),
      createdAt: ts(u.created_at),
      updatedAt: ts(u.updated_at),
      mfaPolicies: [],
    };
    if (u.user_email !== null) user.userEmail = u.user_email;
    if (u.user_phone !== null) user.userPhoneNumber = u.user_phone;
    return user;
  });
}
