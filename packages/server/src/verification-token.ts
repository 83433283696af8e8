/**
 * The backend checks a verification token before acting on it (issue 4: "the token is checked
 * first"): signature by the API's TLS-fetcher key (the local API publishes it at
 * /.well-known/tkauth.json; against the real Turnkey @turnkey/crypto's production key applies),
 * required claims, expiry, and which contact it proves.
 */
import { createPublicKey, verify } from 'node:crypto';
import { PRODUCTION_TLS_FETCHER_SIGN_PUBLIC_KEY } from '@turnkey/crypto';
import { BackendError, decodeJwtClaims, decodeJwtHeader } from '@tkauth/wire';

export interface ProvenContact {
  tokenId: string;
  type: 'OTP_TYPE_EMAIL' | 'OTP_TYPE_SMS';
  contact: string;
  publicKey: string | undefined;
}

// SubjectPublicKeyInfo prefix of an uncompressed P-256 point.
const SPKI_UNCOMPRESSED = Buffer.from('3059301306072a8648ce3d020106082a8648ce3d030107034200', 'hex');
const keyCache = new Map<string, ReturnType<typeof createPublicKey>>();

function signerKey(hex: string) {
  let key = keyCache.get(hex);
  if (!key) {
    key = createPublicKey({ key: Buffer.concat([SPKI_UNCOMPRESSED, Buffer.from(hex, 'hex')]), format: 'der', type: 'spki' });
    keyCache.set(hex, key);
  }
  return key;
}

/**
 * Standard ES256 over header.payload (turnkey-wire.md §6.2), by the API's TLS-fetcher key. Unlike
 * @turnkey/crypto's verifyOtpVerificationToken this accepts tokens without `public_key`, which
 * VERIFY_OTP issues when no device key was given.
 */
/**
 * `organizationId` is the app's parent organization: against the real Turnkey the signer key is
 * shared by every organization, so a token issued to another app would verify too.
 */
export async function checkVerificationToken(token: string, signerPublicKey: string | undefined, organizationId: string, now = Date.now()): Promise<ProvenContact> {
  const parts = token.split('.');
  let claims: Record<string, unknown>;
  try {
    if (parts.length !== 3 || decodeJwtHeader(token).alg !== 'ES256') throw new Error('not ES256');
    const ok = verify('sha256', Buffer.from(`${parts[0]}.${parts[1]}`), { key: signerKey(signerPublicKey ?? PRODUCTION_TLS_FETCHER_SIGN_PUBLIC_KEY), dsaEncoding: 'ieee-p1363' }, Buffer.from(parts[2]!, 'base64url'));
    if (!ok) throw new Error('bad signature');
    claims = decodeJwtClaims(token);
  } catch {
    throw new BackendError('TOKEN_INVALID');
  }
  for (const c of ['id', 'verification_type', 'contact', 'organization_id', 'exp']) {
    if (typeof claims[c] !== 'string' || claims[c] === '') throw new BackendError('TOKEN_INVALID', `missing ${c}`);
  }
  if (!(Number(claims.exp) > now)) throw new BackendError('TOKEN_EXPIRED');
  if (claims.organization_id !== organizationId) throw new BackendError('TOKEN_INVALID', 'issued for another organization');
  const type = claims.verification_type;
  if (type !== 'OTP_TYPE_EMAIL' && type !== 'OTP_TYPE_SMS') throw new BackendError('TOKEN_INVALID', 'unsupported verification type');
  return { tokenId: String(claims.id), type, contact: String(claims.contact), publicKey: typeof claims.public_key === 'string' ? claims.public_key : undefined };
}

/** The TLS-fetcher key the API publishes, if it is a tkauth local API; undefined means Turnkey's own. */
export async function discoverSignerKey(apiUrl: string, fetchFn: typeof fetch = fetch): Promise<string | undefined> {
  try {
    const res = await fetchFn(`${apiUrl}/.well-known/tkauth.json`, { signal: AbortSignal.timeout(3000) });
    if (!res.ok) return undefined;
    const body = (await res.json()) as { tlsFetcherSignPublicKey?: unknown };
    return typeof body.tlsFetcherSignPublicKey === 'string' ? body.tlsFetcherSignPublicKey : undefined;
  } catch {
    return undefined;
  }
}
