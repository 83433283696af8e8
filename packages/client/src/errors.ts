/**
 * Every error the SDK throws is a TurnkeyClientError with a stable `code` an app can switch on
 * (DESIGN.md "One error list"); messages are for people and never hold a key or token.
 */
export type ClientErrorCode =
  | 'MISSING_AUTH_PROXY_CONFIGURATION'
  | 'INVALID_CONFIGURATION'
  | 'INVALID_SESSION_JWT'
  | 'SESSION_EXPIRED'
  | 'SESSION_KEY_NOT_ON_DEVICE'
  | 'SESSION_NOT_FOUND'
  | 'NO_ACTIVE_SESSION'
  | 'KEY_NOT_FOUND'
  | 'KEYSTORE_PASSPHRASE_INVALID'
  | 'STORAGE_FAILED'
  | 'API_REQUEST_FAILED'
  | 'API_UNREACHABLE'
  | 'AUTH_PROXY_REQUEST_FAILED'
  | 'OTP_BUNDLE_NOT_TRUSTED'
  | 'INVALID_VERIFICATION_TOKEN'
  | 'WALLET_ACCOUNT_NOT_FOUND'
  | 'UNSUPPORTED_ADDRESS_FORMAT';

export class TurnkeyClientError extends Error {
  override name = 'TurnkeyClientError';
  constructor(
    readonly code: ClientErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The proxy-only helpers need an auth proxy (authProxyUrl + authProxyConfigId); apps with their own backend call it instead. */
export class MissingAuthProxyConfigurationError extends TurnkeyClientError {
  override name = 'MissingAuthProxyConfigurationError';
  constructor(helper: string) {
    super('MISSING_AUTH_PROXY_CONFIGURATION', `${helper} goes through an auth proxy; set authProxyConfigId (and authProxyUrl), or call your own backend instead`);
  }
}

export class InvalidSessionJwtError extends TurnkeyClientError {
  override name = 'InvalidSessionJwtError';
  constructor(why: string) {
    super('INVALID_SESSION_JWT', `not a session JWT: ${why}`);
  }
}

export class SessionExpiredError extends TurnkeyClientError {
  override name = 'SessionExpiredError';
  constructor() {
    super('SESSION_EXPIRED', 'the session has expired');
  }
}

/** storeSession with a JWT whose public_key was not made on this device (createKeyPair). */
export class SessionKeyNotOnDeviceError extends TurnkeyClientError {
  override name = 'SessionKeyNotOnDeviceError';
  constructor(publicKey: string) {
    super('SESSION_KEY_NOT_ON_DEVICE', `the session's key ${publicKey.slice(0, 10)}… is not in this device's key store; create it with createKeyPair() first`);
  }
}

export class SessionNotFoundError extends TurnkeyClientError {
  override name = 'SessionNotFoundError';
  constructor(sessionKey: string) {
    super('SESSION_NOT_FOUND', `no stored session named ${JSON.stringify(sessionKey)}`);
  }
}

export class NoActiveSessionError extends TurnkeyClientError {
  override name = 'NoActiveSessionError';
  constructor() {
    super('NO_ACTIVE_SESSION', 'no active session: log in and storeSession() first');
  }
}

export class KeyNotFoundError extends TurnkeyClientError {
  override name = 'KeyNotFoundError';
  constructor(publicKey: string) {
    super('KEY_NOT_FOUND', `no key ${publicKey.slice(0, 10)}… in the key store`);
  }
}

export class KeystorePassphraseError extends TurnkeyClientError {
  override name = 'KeystorePassphraseError';
  constructor() {
    super('KEYSTORE_PASSPHRASE_INVALID', 'the key store passphrase does not open this key');
  }
}

export class StorageError extends TurnkeyClientError {
  override name = 'StorageError';
  constructor(what: string, cause: unknown) {
    super('STORAGE_FAILED', `${what}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

/** A call to the key-management API failed; its gRPC code and stable `errorCode` (ERR_…) when it answered. */
export class ApiRequestError extends TurnkeyClientError {
  override name = 'ApiRequestError';
  constructor(
    message: string,
    readonly grpcCode?: number,
    readonly errorCode?: string,
    options?: { cause?: unknown },
  ) {
    super('API_REQUEST_FAILED', message, options);
  }
}

/** The key-management API did not answer at all (refused connection, DNS, network down). */
export class ApiUnreachableError extends TurnkeyClientError {
  override name = 'ApiUnreachableError';
  constructor(what: string, options?: { cause?: unknown }) {
    super('API_UNREACHABLE', `${what}: the key-management API cannot be reached`, options);
  }
}

/**
 * The auth proxy (or a backend speaking its /v1 protocol) refused or did not answer. `status` is the
 * HTTP status; `errorCode` the stable code a tkauth backend puts in the rpcStatus body's
 * `details[].errorCode` (e.g. OTP_INVALID), when there is one.
 */
export class AuthProxyRequestError extends TurnkeyClientError {
  override name = 'AuthProxyRequestError';
  constructor(
    message: string,
    readonly status?: number,
    readonly errorCode?: string,
  ) {
    super('AUTH_PROXY_REQUEST_FAILED', message);
  }
}

/**
 * The OTP target bundle from initOtp is not signed by the signer key this device trusts
 * (otpSignerPublicKey, the API's published key, or Turnkey's production key): the code is not sent.
 */
export class OtpBundleNotTrustedError extends TurnkeyClientError {
  override name = 'OtpBundleNotTrustedError';
  constructor(options?: { cause?: unknown }) {
    super('OTP_BUNDLE_NOT_TRUSTED', 'the OTP encryption target bundle is not signed by the trusted signer key; the code was not sent', options);
  }
}

/** A verification token that is not a JWT, or is not bound to a device key (needed for clientSignature). */
export class InvalidVerificationTokenError extends TurnkeyClientError {
  override name = 'InvalidVerificationTokenError';
  constructor(why: string) {
    super('INVALID_VERIFICATION_TOKEN', `not a usable verification token: ${why}`);
  }
}
