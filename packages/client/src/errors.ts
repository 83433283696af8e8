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
  | 'UNSUPPORTED_ADDRESS_FORMAT'
  | 'BACKEND_REQUEST_FAILED'
  | 'SELECT_PASSKEY_CANCELLED'
  | 'PASSKEY_NOT_AVAILABLE'
  | 'PASSKEY_ALREADY_REGISTERED'
  | 'PASSKEY_FAILED'
  | 'UNKNOWN_PASSKEY'
  | 'INVALID_PASSKEY_NAME'
  | 'CONNECT_WALLET_CANCELLED'
  | 'NO_WALLET_ACCOUNT'
  | 'WALLET_SIGNATURE_INVALID'
  | 'WALLET_NOT_SUPPORTED'
  | 'WALLET_FAILED'
  | 'UNKNOWN_WALLET'
  | 'WALLET_ACCOUNT_MISMATCH';

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

/** The app's own backend (e.g. its /signup) refused or did not answer; `errorCode` is its stable `{code}`. */
export class BackendRequestError extends TurnkeyClientError {
  override name = 'BackendRequestError';
  constructor(
    message: string,
    readonly status?: number,
    readonly errorCode?: string,
  ) {
    super('BACKEND_REQUEST_FAILED', message);
  }
}

/**
 * No passkey was used: the person closed the prompt, it timed out — or the device has no passkey
 * for this site. Browsers answer all three with the same NotAllowedError ("The operation either
 * timed out or was not allowed"), on purpose (WebAuthn §14.5.2, privacy), so they cannot be told
 * apart. The code is @turnkey/core's for the same case.
 */
export class PasskeyCancelledError extends TurnkeyClientError {
  override name = 'PasskeyCancelledError';
  constructor(options?: { cause?: unknown }) {
    super('SELECT_PASSKEY_CANCELLED', 'no passkey was used: the prompt was cancelled or timed out, or this device has no passkey for this site', options);
  }
}

/** Passkeys cannot be used here: no WebAuthn in this runtime, or a page address WebAuthn refuses (an IP address, another rp id). */
export class PasskeyNotAvailableError extends TurnkeyClientError {
  override name = 'PasskeyNotAvailableError';
  constructor(why: string, options?: { cause?: unknown }) {
    super('PASSKEY_NOT_AVAILABLE', why, options);
  }
}

/** The authenticator already holds a passkey it was asked not to create again (excludeCredentials). */
export class PasskeyAlreadyRegisteredError extends TurnkeyClientError {
  override name = 'PasskeyAlreadyRegisteredError';
  constructor(options?: { cause?: unknown }) {
    super('PASSKEY_ALREADY_REGISTERED', 'this authenticator already holds a passkey for this account', options);
  }
}

/** Any other failure of the WebAuthn ceremony, with the browser's words. */
export class PasskeyError extends TurnkeyClientError {
  override name = 'PasskeyError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('PASSKEY_FAILED', message, options);
  }
}

/** The API knows no account with the passkey that was used ("credential ID could not be found in organization or its parent organization"). */
export class UnknownPasskeyError extends TurnkeyClientError {
  override name = 'UnknownPasskeyError';
  constructor(options?: { cause?: unknown }) {
    super('UNKNOWN_PASSKEY', 'this passkey belongs to no account here', options);
  }
}

/** @turnkey/core's rule for authenticator names, kept so a name Turnkey would refuse is refused before the prompt. */
export class InvalidPasskeyNameError extends TurnkeyClientError {
  override name = 'InvalidPasskeyNameError';
  constructor() {
    super('INVALID_PASSKEY_NAME', 'a passkey name is 1-64 characters: letters, numbers, spaces, dashes, underscores, colons, slashes or dots');
  }
}

/** The person declined in their wallet (EIP-1193 error 4001, "User rejected the request."): @turnkey/core's code for the same. */
export class WalletCancelledError extends TurnkeyClientError {
  override name = 'WalletCancelledError';
  constructor(options?: { cause?: unknown }) {
    super('CONNECT_WALLET_CANCELLED', 'the wallet request was declined', options);
  }
}

/** The wallet connected no account (an empty eth_requestAccounts, a Solana signer without a public key). */
export class NoWalletAccountError extends TurnkeyClientError {
  override name = 'NoWalletAccountError';
  constructor(chain: 'ethereum' | 'solana') {
    super('NO_WALLET_ACCOUNT', `the ${chain === 'ethereum' ? 'Ethereum' : 'Solana'} wallet connected no account`);
  }
}

/** The wallet's answer is not a signature of the request by the account it connected: nothing is sent. */
export class WalletSignatureError extends TurnkeyClientError {
  override name = 'WalletSignatureError';
  constructor(why: string) {
    super('WALLET_SIGNATURE_INVALID', why);
  }
}

/** Neither an EIP-1193 provider (request) nor a Solana signer (signMessage). */
export class WalletNotSupportedError extends TurnkeyClientError {
  override name = 'WalletNotSupportedError';
  constructor() {
    super('WALLET_NOT_SUPPORTED', 'not a wallet this SDK can use: pass an EIP-1193 provider (request) or a Solana signer (publicKey, signMessage)');
  }
}

/** Any other failure the wallet reported, with its words. */
export class WalletError extends TurnkeyClientError {
  override name = 'WalletError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('WALLET_FAILED', message, options);
  }
}

/**
 * The login landed in another account than the one the backend made for this wallet: someone
 * added the wallet's (public) key to their own account. The session was not kept.
 */
export class WalletAccountMismatchError extends TurnkeyClientError {
  override name = 'WalletAccountMismatchError';
  constructor(expected: string, got: string) {
    super('WALLET_ACCOUNT_MISMATCH', `the wallet's login resolved to ${got}, not to its account ${expected}; the session was discarded`);
  }
}

/** The API knows no account holding this wallet's key ("public key could not be found in organization or its parent organization"). */
export class UnknownWalletError extends TurnkeyClientError {
  override name = 'UnknownWalletError';
  constructor(options?: { cause?: unknown }) {
    super('UNKNOWN_WALLET', 'this wallet belongs to no account here', options);
  }
}
