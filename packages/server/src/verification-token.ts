/**
 * The backend checks a verification token before acting on it (issue 4: "the token is checked
 * first"): signature by the API's TLS-fetcher key (the local API publishes it at
 * /.well-known/tkauth.json; against the real Turnkey @turnkey/crypto's production key applies),
 * required claims, expiry, and which contact it proves.
 */
import { verifyOtpVerificationToken } from '@turnkey/crypto';
import { BackendError } from '@tkauth/wire';

export interface ProvenContact {
  tokenId: string;
  type: 'OTP_TYPE_EMAIL' | 'OTP_TYPE_SMS';
  contact: string;
  publicKey: string | undefined;
}

export async function checkVerificationToken(token: string, signerPublicKey: string | undefined): Promise<ProvenContact> {
  let claims: Record<string, unknown>;
  try {
    claims = (await verifyOtpVerificationToken(token, signerPublicKey)) as unknown as Record<string, unknown>;
  } catch (e) {
    const msg = (e as Error).message;
    throw new BackendError(/expired/.test(msg) ? 'TOKEN_EXPIRED' : 'TOKEN_INVALID');
  }
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
