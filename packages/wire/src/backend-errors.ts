/**
 * The auth backend's error list (issue 4): every code once, with its HTTP status and public
 * message. Bodies are `{code, message}`; codes are stable for apps to switch on.
 */
const spec = <T extends Record<string, { http: number; message: string }>>(t: T) => t;

export const backendErrorList = spec({
  VALIDATION_FAILED: { http: 400, message: 'the request is not valid' },
  BODY_TOO_LARGE: { http: 413, message: 'the request body is larger than 64 KiB' },
  UNSUPPORTED_MEDIA_TYPE: { http: 415, message: 'the request body must be application/json' },
  NOT_FOUND: { http: 404, message: 'no such route' },
  OTP_INVALID: { http: 401, message: 'the code is not valid' },
  OTP_EXPIRED: { http: 401, message: 'the code has expired; ask for a new one' },
  OTP_NOT_FOUND: { http: 404, message: 'no such one-time code; ask for a new one' },
  OTP_TOO_MANY_ATTEMPTS: { http: 429, message: 'too many wrong codes; ask for a new one' },
  OTP_LIMIT_REACHED: { http: 429, message: 'too many codes were sent to this contact; try again later' },
  OTP_DELIVERY_FAILED: { http: 502, message: 'the code could not be delivered' },
  TOKEN_INVALID: { http: 401, message: 'the verification token is not valid' },
  TOKEN_EXPIRED: { http: 401, message: 'the verification token has expired' },
  TOKEN_USED: { http: 401, message: 'the verification token was already used' },
  CLIENT_SIGNATURE_INVALID: { http: 401, message: 'the client signature is not valid' },
  WALLET_PROOF_INVALID: { http: 401, message: 'the wallet\'s signed login does not prove this wallet' },
  OIDC_INVALID: { http: 401, message: 'the OpenID token is not valid' },
  CONTACT_NOT_VERIFIED: { http: 403, message: 'an email or phone number needs a verification token proving it' },
  CONFLICT: { http: 409, message: 'a concurrent request changed this first; retry' },
  CONTACT_EXISTS: { http: 409, message: 'an account with this contact already exists' },
  ORGANIZATION_MISMATCH: { http: 403, message: 'organizationId is not the account the token proves' },
  OAUTH2_PROVIDER_NOT_CONFIGURED: { http: 400, message: 'this OAuth 2.0 provider is not configured on this backend' },
  OAUTH2_EXCHANGE_FAILED: { http: 401, message: 'the OAuth 2.0 provider did not accept the authorization code' },
  OAUTH2_PROVIDER_UNAVAILABLE: { http: 502, message: 'the OAuth 2.0 provider cannot be reached' },
  RATE_LIMITED: { http: 429, message: 'too many requests; try again later' },
  AUTH_PROXY_CONFIG_MISMATCH: { http: 401, message: 'X-Auth-Proxy-Config-ID does not name this backend' },
  SHARED_STATE_UNAVAILABLE: { http: 503, message: 'a service the instances share (Redis) cannot be reached; retry shortly' },
  UPSTREAM_TEMPORARILY_UNAVAILABLE: { http: 503, message: 'the key-management API is temporarily unavailable (its store or a dependency); nothing was done, retry shortly' },
  UPSTREAM_UNAVAILABLE: { http: 502, message: 'the key-management API cannot be reached' },
  UPSTREAM_REJECTED: { http: 502, message: 'the key-management API refused the request' },
  INTERNAL: { http: 500, message: 'internal error' },
});

export type BackendErrorCode = keyof typeof backendErrorList;

/** gRPC code of each HTTP status, for bodies in the hosted auth proxy's rpcStatus shape (turnkey-wire.md §7). */
const GRPC_BY_HTTP: Record<number, number> = { 400: 3, 401: 16, 403: 7, 404: 5, 409: 6, 413: 8, 415: 12, 429: 8, 500: 13, 502: 14, 503: 14 };

/**
 * Where @turnkey/core matches a Turnkey message to pick its own error code (turnkey-wire.md §7),
 * the proxy-shaped message starts with Turnkey's words.
 */
const TURNKEY_WORDS: Partial<Record<string, string>> = {
  OTP_INVALID: 'Invalid OTP code',
  OTP_LIMIT_REACHED: 'Max number of OTPs have been initiated',
};

/** The hosted auth proxy's error body: `{code: <gRPC int>, message, details}`, our code in details. */
export interface ProxyErrorBody {
  code: number;
  message: string;
  details: { '@type': 'type.googleapis.com/tkauth.v1.ErrorInfo'; errorCode: BackendErrorCode }[];
}

export interface BackendErrorBody {
  code: BackendErrorCode;
  message: string;
}

export class BackendError extends Error {
  readonly code: BackendErrorCode;
  readonly httpStatus: number;
  constructor(code: BackendErrorCode, detail?: string) {
    const e = backendErrorList[code];
    super(detail ? `${e.message}: ${detail}` : e.message);
    this.name = 'BackendError';
    this.code = code;
    this.httpStatus = e.http;
  }
  toBody(): BackendErrorBody {
    return { code: this.code, message: this.message };
  }
  toProxyBody(): ProxyErrorBody {
    const words = TURNKEY_WORDS[this.code];
    return {
      code: GRPC_BY_HTTP[this.httpStatus] ?? 2,
      message: words ? `${words}: ${this.message}` : this.message,
      details: [{ '@type': 'type.googleapis.com/tkauth.v1.ErrorInfo', errorCode: this.code }],
    };
  }
}
