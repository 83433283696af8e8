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
  OIDC_INVALID: { http: 401, message: 'the OpenID token is not valid' },
  CONTACT_NOT_VERIFIED: { http: 403, message: 'an email or phone number needs a verification token proving it' },
  CONTACT_EXISTS: { http: 409, message: 'an account with this contact already exists' },
  RATE_LIMITED: { http: 429, message: 'too many requests; try again later' },
  AUTH_PROXY_CONFIG_MISMATCH: { http: 401, message: 'X-Auth-Proxy-Config-ID does not name this backend' },
  UPSTREAM_UNAVAILABLE: { http: 502, message: 'the key-management API cannot be reached' },
  UPSTREAM_REJECTED: { http: 502, message: 'the key-management API refused the request' },
  INTERNAL: { http: 500, message: 'internal error' },
});

export type BackendErrorCode = keyof typeof backendErrorList;

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
}
