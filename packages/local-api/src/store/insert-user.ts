/** Writes a user with its API keys, authenticators (verified) and OAuth providers, inside the caller's transaction. */
import type { Kysely } from 'kysely';
import { ApiError, COMPRESSED_P256, isEd25519Key, isSecp256k1Key } from '@tkauth/wire';
import { p256 } from '@noble/curves/nist.js';
import type { Database } from './schema.ts';
import type { Runtime } from '../config.ts';
import { insertAuthenticators } from './insert-authenticators.ts';
import type { NewAuthenticator } from '../webauthn/verify-registration.ts';
import type { RelyingParty } from '../webauthn/relying-party.ts';

export interface NewApiKey {
  apiKeyName: string;
  publicKey: string;
  curveType: string;
  expirationSeconds?: string;
}

export interface NewUser {
  userName: string;
  userEmail?: string;
  userPhoneNumber?: string;
  userTags?: string[];
  apiKeys: NewApiKey[];
  authenticators: NewAuthenticator[];
  oauthProviders: { providerName: string; oidcToken?: string; oidcClaims?: { iss: string; sub: string; aud: string } }[];
}

const CREDENTIAL_TYPE: Record<string, string> = {
  API_KEY_CURVE_P256: 'CREDENTIAL_TYPE_API_KEY_P256',
  API_KEY_CURVE_SECP256K1: 'CREDENTIAL_TYPE_API_KEY_SECP256K1',
  API_KEY_CURVE_ED25519: 'CREDENTIAL_TYPE_API_KEY_ED25519',
};
const PUBLIC_KEY_SHAPE: Record<string, RegExp> = {
  API_KEY_CURVE_P256: COMPRESSED_P256,
  // secp256k1 keys are compressed points too: the same shape.
  API_KEY_CURVE_SECP256K1: COMPRESSED_P256,
  API_KEY_CURVE_ED25519: /^[0-9a-f]{64}$/,
};
// A key that is not a point of its curve could never sign: refused at registration, not at first use.
const pointOf = (curve: { Point: { fromHex(hex: string): unknown } }) => (hex: string) => {
  try {
    curve.Point.fromHex(hex);
    return true;
  } catch {
    return false;
  }
};
const ON_CURVE: Record<string, (hex: string) => boolean> = {
  API_KEY_CURVE_P256: pointOf(p256),
  API_KEY_CURVE_SECP256K1: isSecp256k1Key,
  // Not of small order either: signatures under such a key need no private key.
  API_KEY_CURVE_ED25519: isEd25519Key,
};
const E164 = /^\+[1-9][0-9]{1,14}$/;
const EMAIL = /^[^\s@]+@[^\s@]+$/;

export function checkContact(u: { userEmail?: string; userPhoneNumber?: string }, where: string): void {
  if (u.userEmail !== undefined && !EMAIL.test(u.userEmail)) throw new ApiError('ERR_REQUEST_INVALID', `${where}/userEmail: not an email address`);
  if (u.userPhoneNumber !== undefined && !E164.test(u.userPhoneNumber)) {
    throw new ApiError('ERR_REQUEST_INVALID', `${where}/userPhoneNumber: must be E.164, e.g. +14155550100`);
  }
}

/** Validates every API key of a request before anything is written. Returns normalized keys. */
export function normalizeApiKeys(keys: NewApiKey[], where: string): NewApiKey[] {
  const seen = new Set<string>();
  return keys.map((k, i) => {
    const publicKey = k.publicKey.toLowerCase();
    if (!PUBLIC_KEY_SHAPE[k.curveType]!.test(publicKey) || !ON_CURVE[k.curveType]!(publicKey)) {
      throw new ApiError('ERR_REQUEST_INVALID', `${where}/apiKeys/${i}/publicKey: not a ${k.curveType} public key in Turnkey's hex form`);
    }
    if (seen.has(publicKey)) throw new ApiError('ERR_API_KEY_DUPLICATE', publicKey);
    seen.add(publicKey);
    return { ...k, publicKey };
  });
}

/** Verifies an id_token given for an OAuth provider; the caller passes the trusted-issuer check. */
export type OidcCheck = (idToken: string) => Promise<{ iss: string; sub: string; aud: string }>;

/**
 * The (iss, sub, aud) of an OAuth provider: explicit claims are stored as given (the parent vouches
 * for them); an id_token must verify against a trusted issuer.
 */
async function oidcIdentity(p: NewUser['oauthProviders'][number], checkToken: OidcCheck, where: string): Promise<{ iss: string; sub: string; aud: string }> {
  if (p.oidcClaims) return p.oidcClaims;
  if (!p.oidcToken) throw new ApiError('ERR_REQUEST_INVALID', `${where}: give oidcToken or oidcClaims`);
  return checkToken(p.oidcToken);
}

export async function insertApiKeys(trx: Kysely<Database>, orgId: string, userId: string, keys: NewApiKey[], rt: Runtime, now: number): Promise<string[]> {
  const ids: string[] = [];
  for (const k of keys) {
    const id = rt.uuid();
    ids.push(id);
    const secs = k.expirationSeconds === undefined ? null : k.expirationSeconds;
    await trx
      .insertInto('api_keys')
      .values({
        id,
        organization_id: orgId,
        user_id: userId,
        name: k.apiKeyName,
        public_key: k.publicKey,
        curve_type: k.curveType,
        credential_type: CREDENTIAL_TYPE[k.curveType]!,
        expiration_seconds: secs,
        expires_at: secs === null ? null : now + Number(secs) * 1000,
        created_at: now,
        updated_at: now,
      })
      .execute();
  }
  return ids;
}

export interface UserDeps {
  trx: Kysely<Database>;
  rt: Runtime;
  now: number;
  checkOidcToken: OidcCheck;
  /** Where passkeys may be registered for. */
  webauthn: RelyingParty;
}

export async function insertOauthProviders(d: UserDeps, orgId: string, userId: string, providers: NewUser['oauthProviders'], where: string): Promise<string[]> {
  const identities = [];
  for (const [i, p] of providers.entries()) identities.push({ name: p.providerName, ...(await oidcIdentity(p, d.checkOidcToken, `${where}/oauthProviders/${i}`)) });
  const ids: string[] = [];
  for (const p of identities) {
    const id = d.rt.uuid();
    ids.push(id);
    await d.trx
      .insertInto('oauth_providers')
      .values({ id, organization_id: orgId, user_id: userId, name: p.name, issuer: p.iss, audience: p.aud, subject: p.sub, created_at: d.now, updated_at: d.now })
      .execute();
  }
  return ids;
}

export async function insertUser(d: UserDeps, orgId: string, u: NewUser, isRoot: boolean, where: string): Promise<string> {
  const { trx, rt, now } = d;
  checkContact(u, where);
  const apiKeys = normalizeApiKeys(u.apiKeys, where);
  const userId = rt.uuid();
  await trx
    .insertInto('users')
    .values({
      id: userId,
      organization_id: orgId,
      user_name: u.userName,
      user_email: u.userEmail ?? null,
      user_phone: u.userPhoneNumber ?? null,
      email_verified: 0,
      phone_verified: 0,
      is_root: isRoot ? 1 : 0,
      tags: JSON.stringify(u.userTags ?? []),
      created_at: now,
      updated_at: now,
    })
    .execute();
  await insertApiKeys(trx, orgId, userId, apiKeys, rt, now);
  await insertAuthenticators(d, orgId, userId, u.authenticators, `${where}/authenticators`);
  await insertOauthProviders(d, orgId, userId, u.oauthProviders, where);
  return userId;
}
