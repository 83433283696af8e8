/** Writes a user with its API keys, authenticators and OAuth providers, inside the caller's transaction. */
import type { Kysely } from 'kysely';
import { ApiError, base64urlToBytes, bytesToUtf8 } from '@tkauth/wire';
import type { Database } from './schema.ts';
import type { Runtime } from '../config.ts';

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
  authenticators: { authenticatorName: string; challenge: string; attestation: { credentialId: string; transports: string[] } & Record<string, unknown> }[];
  oauthProviders: { providerName: string; oidcToken?: string; oidcClaims?: { iss: string; sub: string; aud: string } }[];
}

const CREDENTIAL_TYPE: Record<string, string> = {
  API_KEY_CURVE_P256: 'CREDENTIAL_TYPE_API_KEY_P256',
  API_KEY_CURVE_SECP256K1: 'CREDENTIAL_TYPE_API_KEY_SECP256K1',
  API_KEY_CURVE_ED25519: 'CREDENTIAL_TYPE_API_KEY_ED25519',
};
const PUBLIC_KEY_SHAPE: Record<string, RegExp> = {
  API_KEY_CURVE_P256: /^0[23][0-9a-f]{64}$/,
  API_KEY_CURVE_SECP256K1: /^0[23][0-9a-f]{64}$/,
  API_KEY_CURVE_ED25519: /^[0-9a-f]{64}$/,
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
    if (!PUBLIC_KEY_SHAPE[k.curveType]!.test(publicKey)) {
      throw new ApiError('ERR_REQUEST_INVALID', `${where}/apiKeys/${i}/publicKey: not a ${k.curveType} public key in Turnkey's hex form`);
    }
    if (seen.has(publicKey)) throw new ApiError('ERR_API_KEY_DUPLICATE', publicKey);
    seen.add(publicKey);
    return { ...k, publicKey };
  });
}

/**
 * The (iss, sub, aud) of an OAuth provider. Claims given explicitly are stored as given; an
 * id_token's claims are read without verification here — verifying against trusted issuers is
 * the OAuth part's job (issue 3).
 */
function oidcIdentity(p: NewUser['oauthProviders'][number], where: string): { iss: string; sub: string; aud: string } {
  if (p.oidcClaims) return p.oidcClaims;
  try {
    const claims = JSON.parse(bytesToUtf8(base64urlToBytes(p.oidcToken!.split('.')[1] ?? ''))) as Record<string, unknown>;
    const aud = Array.isArray(claims.aud) ? claims.aud[0] : claims.aud;
    if (typeof claims.iss === 'string' && typeof claims.sub === 'string' && typeof aud === 'string') return { iss: claims.iss, sub: claims.sub, aud };
  } catch {
    // fall through to the error below
  }
  throw new ApiError('ERR_REQUEST_INVALID', `${where}: oidcToken must be a JWT with iss, sub and aud (or give oidcClaims)`);
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

export async function insertUser(trx: Kysely<Database>, orgId: string, u: NewUser, isRoot: boolean, rt: Runtime, now: number, where: string): Promise<string> {
  checkContact(u, where);
  const apiKeys = normalizeApiKeys(u.apiKeys, where);
  const oauth = u.oauthProviders.map((p, i) => ({ name: p.providerName, ...oidcIdentity(p, `${where}/oauthProviders/${i}`) }));
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
  for (const a of u.authenticators) {
    // Stored as given; attestation verification arrives with passkeys.
    await trx
      .insertInto('authenticators')
      .values({
        id: rt.uuid(),
        organization_id: orgId,
        user_id: userId,
        name: a.authenticatorName,
        credential_id: a.attestation.credentialId,
        transports: JSON.stringify(a.attestation.transports),
        attestation: JSON.stringify(a.attestation),
        challenge: a.challenge,
        created_at: now,
        updated_at: now,
      })
      .execute();
  }
  for (const p of oauth) {
    await trx
      .insertInto('oauth_providers')
      .values({ id: rt.uuid(), organization_id: orgId, user_id: userId, name: p.name, issuer: p.iss, audience: p.aud, subject: p.sub, created_at: now, updated_at: now })
      .execute();
  }
  return userId;
}
