/**
 * The one list of errors that cross HTTP (DESIGN.md "One error list").
 * Each code appears once, with its gRPC code (turnkey-wire.md §7), HTTP status and public message.
 * Messages that @turnkey clients match on are kept verbatim (turnkey-wire.md §7).
 */

/** gRPC status codes used on the wire (turnkey-wire.md §7). */
export const Grpc = {
  InvalidArgument: 3,
  NotFound: 5,
  AlreadyExists: 6,
  PermissionDenied: 7,
  ResourceExhausted: 8,
  FailedPrecondition: 9,
  Unimplemented: 12,
  Internal: 13,
  Unavailable: 14,
  Unauthenticated: 16,
} as const;

export type GrpcCode = (typeof Grpc)[keyof typeof Grpc];

interface ErrorSpec {
  readonly grpc: GrpcCode;
  readonly http: number;
  readonly message: string;
  /** Turnkey's own error code, sent in a TurnkeyErrorDetail when Turnkey has one. */
  readonly turnkeyErrorCode?: string;
}

const spec = <T extends Record<string, ErrorSpec>>(t: T) => t;

export const errorList = spec({
  // Authentication (turnkey-wire.md §2, §7: verbatim messages)
  ERR_STAMP_MISSING: { grpc: Grpc.Unauthenticated, http: 401, message: 'no valid authentication signature found for request' },
  ERR_STAMP_MALFORMED: { grpc: Grpc.Unauthenticated, http: 401, message: 'malformed activity stamp' },
  ERR_STAMP_SCHEME_UNSUPPORTED: { grpc: Grpc.Unauthenticated, http: 401, message: 'malformed activity stamp: unsupported signature scheme' },
  ERR_STAMP_BAD_SIGNATURE: { grpc: Grpc.Unauthenticated, http: 401, message: 'could not verify api key signature' },
  ERR_STAMP_UNKNOWN_KEY: { grpc: Grpc.Unauthenticated, http: 401, message: 'could not find public key in organization or its parent organization' },
  ERR_STAMP_EXPIRED_KEY: { grpc: Grpc.Unauthenticated, http: 401, message: 'rpc error: code = Unauthenticated desc = expired api key publicKey' },
  ERR_STAMP_SCHEME_MISMATCH: { grpc: Grpc.Unauthenticated, http: 401, message: 'the stamp scheme does not fit the curve this api key was registered with' },
  ERR_STAMP_LOGIN_NOT_FRESH: { grpc: Grpc.InvalidArgument, http: 400, message: 'timestampMs is outside the window a login is accepted in' },
  ERR_STAMP_ATTESTED_NOT_ACCEPTED: { grpc: Grpc.Unauthenticated, http: 401, message: 'X-Stamp-Attested is accepted only by stamp_login and whoami' },
  ERR_STAMP_ATTESTATION_MISMATCH: { grpc: Grpc.Unauthenticated, http: 401, message: 'the attestation does not vouch for the stamp public key' },
  // A stamp addressed to a parent that names a sub-organization's credential (turnkey-wire-logins.md §3.2;
  // verbatim for API keys, the same wording for the attested credentials)
  ERR_STAMP_KEY_NOT_IN_SUBORGS: { grpc: Grpc.Unauthenticated, http: 401, message: 'public key could not be found in organization or its parent organization', turnkeyErrorCode: 'PUBLIC_KEY_NOT_FOUND' },
  ERR_STAMP_KEY_IN_SEVERAL_SUBORGS: { grpc: Grpc.Unauthenticated, http: 401, message: 'more than one suborg associated with a public key', turnkeyErrorCode: 'CREDENTIAL_CONFLICT' },
  ERR_TOKEN_CONTACT_NOT_IN_SUBORGS: { grpc: Grpc.Unauthenticated, http: 401, message: 'verified contact could not be found in organization or its sub-organizations', turnkeyErrorCode: 'CREDENTIAL_NOT_FOUND' },
  ERR_TOKEN_CONTACT_IN_SEVERAL_SUBORGS: { grpc: Grpc.Unauthenticated, http: 401, message: 'more than one suborg associated with a verified contact', turnkeyErrorCode: 'CREDENTIAL_CONFLICT' },
  ERR_OIDC_IDENTITY_NOT_IN_SUBORGS: { grpc: Grpc.Unauthenticated, http: 401, message: 'oidc identity could not be found in organization or its sub-organizations', turnkeyErrorCode: 'CREDENTIAL_NOT_FOUND' },
  ERR_OIDC_IDENTITY_IN_SEVERAL_SUBORGS: { grpc: Grpc.Unauthenticated, http: 401, message: 'more than one suborg associated with an oidc identity', turnkeyErrorCode: 'CREDENTIAL_CONFLICT' },
  // Passkeys (X-Stamp-Webauthn; turnkey-wire-logins.md §1.1, §3.2, §3.3: verbatim where Turnkey has a message)
  ERR_STAMP_MULTIPLE: { grpc: Grpc.Unauthenticated, http: 401, message: 'malformed activity stamp: send exactly one of X-Stamp, X-Stamp-Webauthn, X-Stamp-Attested' },
  ERR_WEBAUTHN_STAMP_MALFORMED: { grpc: Grpc.Unauthenticated, http: 401, message: 'could not extract webauthn stamp' },
  ERR_WEBAUTHN_BAD_SIGNATURE: { grpc: Grpc.Unauthenticated, http: 401, message: 'could not verify WebAuthN signature', turnkeyErrorCode: 'SIGNATURE_INVALID' },
  ERR_WEBAUTHN_COUNTER_NOT_INCREASED: { grpc: Grpc.Unauthenticated, http: 401, message: 'could not verify WebAuthN signature: the signature counter did not increase (a replayed or cloned authenticator)', turnkeyErrorCode: 'SIGNATURE_INVALID' },
  ERR_WEBAUTHN_CREDENTIAL_NOT_FOUND: { grpc: Grpc.Unauthenticated, http: 401, message: 'credential ID could not be found in organization or its parent organization', turnkeyErrorCode: 'CREDENTIAL_NOT_FOUND' },
  ERR_WEBAUTHN_CREDENTIAL_IN_SEVERAL_SUBORGS: { grpc: Grpc.Unauthenticated, http: 401, message: 'more than one suborg associated with a credential ID', turnkeyErrorCode: 'CREDENTIAL_CONFLICT' },
  ERR_SESSION_INVALID: { grpc: Grpc.Unauthenticated, http: 401, message: 'invalid session' },
  ERR_SESSION_EXPIRED: { grpc: Grpc.Unauthenticated, http: 401, message: 'session expired' },
  ERR_SESSION_READ_ONLY: { grpc: Grpc.PermissionDenied, http: 403, message: 'a read-only session (X-Session) authenticates queries only; stamp activities' },
  // Authorization
  ERR_AUTH_ORGANIZATION_MISMATCH: { grpc: Grpc.PermissionDenied, http: 403, message: 'organization mismatch: this credential cannot act on the requested organization', turnkeyErrorCode: 'ORGANIZATION_MISMATCH' },
  ERR_AUTH_NOT_PERMITTED: { grpc: Grpc.PermissionDenied, http: 403, message: 'the requesting user is not permitted to perform this activity' },
  // Request shape
  ERR_REQUEST_MALFORMED_JSON: { grpc: Grpc.InvalidArgument, http: 400, message: 'request body is not valid JSON' },
  ERR_REQUEST_INVALID: { grpc: Grpc.InvalidArgument, http: 400, message: 'invalid request' },
  ERR_REQUEST_UNSUPPORTED_MEDIA_TYPE: { grpc: Grpc.Unimplemented, http: 415, message: 'media type not supported: send the JSON body as application/json or text/plain' },
  ERR_REQUEST_TOO_LARGE: { grpc: Grpc.ResourceExhausted, http: 413, message: 'request body is larger than the limit' },
  ERR_ACTIVITY_TYPE_UNKNOWN: { grpc: Grpc.InvalidArgument, http: 400, message: 'unknown or unsupported activity type' },
  ERR_ROUTE_NOT_FOUND: { grpc: Grpc.NotFound, http: 404, message: 'no such endpoint' },
  // Resources
  ERR_ORGANIZATION_NOT_FOUND: { grpc: Grpc.NotFound, http: 404, message: 'organization not found' },
  ERR_USER_NOT_FOUND: { grpc: Grpc.NotFound, http: 404, message: 'user not found' },
  ERR_WALLET_NOT_FOUND: { grpc: Grpc.NotFound, http: 404, message: 'wallet not found' },
  ERR_WALLET_ACCOUNT_NOT_FOUND: { grpc: Grpc.NotFound, http: 404, message: 'wallet account not found' },
  ERR_API_KEY_NOT_FOUND: { grpc: Grpc.NotFound, http: 404, message: 'api key not found' },
  ERR_ACTIVITY_NOT_FOUND: { grpc: Grpc.NotFound, http: 404, message: 'activity not found' },
  ERR_CONTACT_HAS_SUBORG: { grpc: Grpc.AlreadyExists, http: 409, message: 'a sub-organization of this parent already holds this verified contact' },
  ERR_USER_EMAIL_DUPLICATE: { grpc: Grpc.InvalidArgument, http: 400, message: 'a user with this email already exists in this organization' },
  ERR_API_KEY_DUPLICATE: { grpc: Grpc.InvalidArgument, http: 400, message: 'an api key with this public key already exists for this user' },
  ERR_WALLET_ACCOUNT_DUPLICATE: { grpc: Grpc.InvalidArgument, http: 400, message: 'a wallet account with this path and address format already exists' },
  ERR_WALLET_INVALID_PATH: { grpc: Grpc.InvalidArgument, http: 400, message: 'invalid derivation path' },
  ERR_WALLET_UNSUPPORTED: { grpc: Grpc.InvalidArgument, http: 400, message: 'unsupported curve or address format combination' },
  ERR_SIGN_INVALID_PAYLOAD: { grpc: Grpc.InvalidArgument, http: 400, message: 'invalid payload for the requested encoding and hash function' },
  ERR_QUORUM_INVALID: { grpc: Grpc.InvalidArgument, http: 400, message: 'root quorum threshold must be between 1 and the number of root users' },
  ERR_AUTHENTICATOR_ATTESTATION_INVALID: { grpc: Grpc.InvalidArgument, http: 400, message: 'invalid authenticator attestation' },
  ERR_AUTHENTICATOR_ATTESTATION_MISSING: { grpc: Grpc.InvalidArgument, http: 400, message: 'missing parameter: user authenticator attestation' },
  ERR_AUTHENTICATOR_DUPLICATE: { grpc: Grpc.InvalidArgument, http: 400, message: 'an authenticator with this credential id is already registered' },
  ERR_AUTHENTICATOR_LIMIT: { grpc: Grpc.ResourceExhausted, http: 429, message: 'user has exceeded maximum authenticators' },
  ERR_AUTHENTICATOR_NOT_FOUND: { grpc: Grpc.NotFound, http: 404, message: 'authenticator not found' },
  ERR_SUBORG_DELETE_HAS_WALLETS: { grpc: Grpc.FailedPrecondition, http: 400, message: 'sub-organization holds wallets that were never exported; set deleteWithoutExport to delete it anyway' },
  // One-time codes and tokens (turnkey-wire.md §4.2–4.4, §7: verbatim messages where clients match them)
  ERR_OTP_INVALID_CODE: { grpc: Grpc.InvalidArgument, http: 400, message: 'Invalid OTP code' },
  ERR_OTP_MAX_INITIATED: { grpc: Grpc.ResourceExhausted, http: 429, message: 'Max number of OTPs have been initiated' },
  ERR_OTP_NOT_FOUND: { grpc: Grpc.NotFound, http: 404, message: 'otp not found' },
  ERR_OTP_EXPIRED: { grpc: Grpc.InvalidArgument, http: 400, message: 'Invalid OTP code: the code has expired' },
  ERR_OTP_ATTEMPTS_EXHAUSTED: { grpc: Grpc.InvalidArgument, http: 400, message: 'Invalid OTP code: too many wrong attempts, request a new code' },
  ERR_OTP_USED: { grpc: Grpc.InvalidArgument, http: 400, message: 'Invalid OTP code: the code was already used' },
  ERR_OTP_BUNDLE_INVALID: { grpc: Grpc.InvalidArgument, http: 400, message: 'encryptedOtpBundle could not be decrypted' },
  ERR_OTP_DELIVERY_FAILED: { grpc: Grpc.Internal, http: 502, message: 'the one-time code could not be delivered' },
  ERR_TOKEN_INVALID: { grpc: Grpc.Unauthenticated, http: 401, message: 'invalid verification token' },
  ERR_TOKEN_EXPIRED: { grpc: Grpc.Unauthenticated, http: 401, message: 'verification token has expired' },
  ERR_TOKEN_USED: { grpc: Grpc.Unauthenticated, http: 401, message: 'verification token has already been used' },
  ERR_TOKEN_CONTACT_MISMATCH: { grpc: Grpc.PermissionDenied, http: 403, message: 'verification token contact does not belong to a user of this organization' },
  ERR_CLIENT_SIGNATURE_INVALID: { grpc: Grpc.Unauthenticated, http: 401, message: 'invalid client signature' },
  ERR_CLIENT_SIGNATURE_REQUIRED: { grpc: Grpc.InvalidArgument, http: 400, message: 'clientSignature is required: the verification token is bound to a device key' },
  // OpenID (turnkey-wire.md §4.5, §6.3)
  ERR_OIDC_TOKEN_INVALID: { grpc: Grpc.Unauthenticated, http: 401, message: 'invalid oidc token' },
  ERR_OIDC_TOKEN_EXPIRED: { grpc: Grpc.Unauthenticated, http: 401, message: 'oidc token has expired' },
  ERR_OIDC_ISSUER_UNTRUSTED: { grpc: Grpc.Unauthenticated, http: 401, message: 'oidc token issuer is not trusted' },
  ERR_OIDC_NONCE_MISMATCH: { grpc: Grpc.Unauthenticated, http: 401, message: 'oidc token nonce does not match sha256(publicKey)' },
  ERR_OAUTH_PROVIDER_NOT_FOUND: { grpc: Grpc.PermissionDenied, http: 403, message: 'no user of this organization has this OAuth identity' },
  // Server
  ERR_SERVER_INTERNAL: { grpc: Grpc.Internal, http: 500, message: 'internal error' },
  // The store (store/store-errors.ts): retryable, nothing of the request was written.
  ERR_STORE_UNAVAILABLE: { grpc: Grpc.Unavailable, http: 503, message: 'the store is unavailable; nothing was written, retry shortly' },
  ERR_STORE_CONFLICT: { grpc: Grpc.AlreadyExists, http: 409, message: 'a concurrent request created this first' },
});

export type ErrorCode = keyof typeof errorList;

/** A detail entry in an rpcStatus body (turnkey-wire.md §7). */
export type RpcStatusDetail = { '@type': string } & Record<string, unknown>;

/** The error body every failing endpoint returns (gRPC-gateway rpcStatus, turnkey-wire.md §7). */
export interface RpcStatus {
  code: number;
  message: string;
  details: RpcStatusDetail[];
}

export const TURNKEY_ERROR_DETAIL_TYPE = 'type.googleapis.com/errors.v1.TurnkeyErrorDetail';
export const TKAUTH_ERROR_DETAIL_TYPE = 'type.googleapis.com/tkauth.v1.ErrorInfo';

/** An error that knows how it crosses HTTP. `detail` adds specifics to the public message. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly httpStatus: number;
  readonly grpcCode: GrpcCode;

  constructor(code: ErrorCode, detail?: string) {
    const e: ErrorSpec = errorList[code];
    super(detail ? `${e.message}: ${detail}` : e.message);
    this.name = 'ApiError';
    this.code = code;
    this.httpStatus = e.http;
    this.grpcCode = e.grpc;
  }

  toRpcStatus(): RpcStatus {
    const e: ErrorSpec = errorList[this.code];
    const details: RpcStatusDetail[] = [{ '@type': TKAUTH_ERROR_DETAIL_TYPE, errorCode: this.code }];
    if (e.turnkeyErrorCode) details.unshift({ '@type': TURNKEY_ERROR_DETAIL_TYPE, turnkeyErrorCode: e.turnkeyErrorCode });
    return { code: this.grpcCode, message: this.message, details };
  }
}
