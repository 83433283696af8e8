/**
 * Upstream failures as honest statuses. The local API names its errors in an ErrorInfo detail;
 * the real Turnkey is recognised by its verbatim messages (turnkey-wire.md §7). A client's mistake
 * never becomes a 500, and upstream text never leaks into our message.
 */
import { BackendError, type BackendErrorCode } from '@tkauth/wire';

const BY_LOCAL_CODE: Record<string, BackendErrorCode> = {
  ERR_OTP_INVALID_CODE: 'OTP_INVALID',
  ERR_OTP_BUNDLE_INVALID: 'OTP_INVALID',
  ERR_OTP_EXPIRED: 'OTP_EXPIRED',
  ERR_OTP_USED: 'OTP_INVALID',
  ERR_OTP_NOT_FOUND: 'OTP_NOT_FOUND',
  ERR_OTP_ATTEMPTS_EXHAUSTED: 'OTP_TOO_MANY_ATTEMPTS',
  ERR_OTP_MAX_INITIATED: 'OTP_LIMIT_REACHED',
  ERR_OTP_DELIVERY_FAILED: 'OTP_DELIVERY_FAILED',
  ERR_TOKEN_INVALID: 'TOKEN_INVALID',
  ERR_TOKEN_EXPIRED: 'TOKEN_EXPIRED',
  ERR_TOKEN_USED: 'TOKEN_USED',
  ERR_TOKEN_CONTACT_MISMATCH: 'TOKEN_INVALID',
  ERR_TOKEN_CONTACT_NOT_IN_SUBORGS: 'TOKEN_INVALID',
  ERR_TOKEN_CONTACT_IN_SEVERAL_SUBORGS: 'TOKEN_INVALID',
  ERR_CLIENT_SIGNATURE_INVALID: 'CLIENT_SIGNATURE_INVALID',
  ERR_CLIENT_SIGNATURE_REQUIRED: 'CLIENT_SIGNATURE_INVALID',
  ERR_OIDC_TOKEN_INVALID: 'OIDC_INVALID',
  ERR_OIDC_TOKEN_EXPIRED: 'OIDC_INVALID',
  ERR_OIDC_ISSUER_UNTRUSTED: 'OIDC_INVALID',
  ERR_OIDC_NONCE_MISMATCH: 'OIDC_INVALID',
  ERR_OAUTH_PROVIDER_NOT_FOUND: 'OIDC_INVALID',
  ERR_OIDC_IDENTITY_NOT_IN_SUBORGS: 'OIDC_INVALID',
  ERR_OIDC_IDENTITY_IN_SEVERAL_SUBORGS: 'OIDC_INVALID',
  // The API's store is away: it will be back, retry (not "refused").
  ERR_STORE_UNAVAILABLE: 'UPSTREAM_TEMPORARILY_UNAVAILABLE',
  // Another instance created it first: the caller's 409, never a 5xx.
  ERR_STORE_CONFLICT: 'CONFLICT',
  ERR_USER_EMAIL_DUPLICATE: 'CONTACT_EXISTS',
  ERR_CONTACT_HAS_SUBORG: 'CONTACT_EXISTS',
};

const BY_MESSAGE: [RegExp, BackendErrorCode][] = [
  [/Max number of OTPs have been initiated/i, 'OTP_LIMIT_REACHED'],
  [/too many (wrong )?attempts/i, 'OTP_TOO_MANY_ATTEMPTS'],
  [/Invalid OTP code.*expired|otp.*expired/i, 'OTP_EXPIRED'],
  [/Invalid OTP code/i, 'OTP_INVALID'],
  [/verification token.*(expired)/i, 'TOKEN_EXPIRED'],
  [/verification token/i, 'TOKEN_INVALID'],
  [/OAUTH disallowed|oidc/i, 'OIDC_INVALID'],
];

interface TurnkeyErrorLike {
  name?: string;
  message?: string;
  code?: unknown;
  details?: unknown;
  cause?: { code?: string };
}

/** `Turnkey error 3: <message> (Details: …)` → `<message>`, bounded. */
const upstreamWords = (message = '') => message.replace(/^Turnkey error \d+: /, '').replace(/ \(Details: [\s\S]*$/, '').slice(0, 200);

export function fromUpstream(err: unknown): BackendError {
  if (err instanceof BackendError) return err;
  const e = (err ?? {}) as TurnkeyErrorLike;
  if (e.name === 'TurnkeyRequestError' || Array.isArray(e.details)) {
    const local = (Array.isArray(e.details) ? e.details : []).map((d) => (d as { errorCode?: string }).errorCode).find((c) => c && BY_LOCAL_CODE[c]);
    if (local) return new BackendError(BY_LOCAL_CODE[local]!);
    const byMessage = BY_MESSAGE.find(([re]) => re.test(e.message ?? ''));
    if (byMessage) return new BackendError(byMessage[1]);
    // InvalidArgument is about what the caller sent (an attestation, a wallet account): the caller's
    // mistake, told in the API's words, which describe the request and carry none of its values.
    if (e.code === 3) return new BackendError('VALIDATION_FAILED', upstreamWords(e.message));
    // Unavailable (gRPC 14), as Turnkey answers when a dependency of its own is down: retryable.
    if (e.code === 14) return new BackendError('UPSTREAM_TEMPORARILY_UNAVAILABLE');
    return new BackendError('UPSTREAM_REJECTED');
  }
  // fetch failed: refused, reset, DNS, timeout — the API is not there.
  if (e instanceof TypeError || /ECONNREFUSED|ECONNRESET|ENOTFOUND|fetch failed|ETIMEDOUT|socket hang up/.test(`${e.message} ${e.cause?.code ?? ''}`)) {
    return new BackendError('UPSTREAM_UNAVAILABLE');
  }
  // A non-JSON error page from the API ("502 Bad Gateway"): also not a client's mistake.
  if (/^\d{3} /.test(e.message ?? '')) return new BackendError('UPSTREAM_UNAVAILABLE');
  return new BackendError('INTERNAL');
}
