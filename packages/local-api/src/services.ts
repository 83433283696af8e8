/** The long-lived parts every route uses, built once at start and passed down. */
import type { Runtime, LocalApiConfig } from './config.ts';
import type { Db } from './store/db.ts';
import type { Sealer } from './crypto/sealer.ts';
import type { P256KeyCache } from './crypto/p256.ts';
import type { CredentialCache } from './auth/credential-cache.ts';
import type { EnclaveKeys } from './enclave/enclave-keys.ts';
import type { DeliveryProvider, DevOutbox } from './otp/delivery.ts';
import type { IdTokenVerifier } from './oidc/verify-id-token.ts';
import type { RelyingParty } from './webauthn/relying-party.ts';

export interface Services {
  config: LocalApiConfig;
  db: Db;
  rt: Runtime;
  sealer: Sealer;
  keys: P256KeyCache;
  /** Cleared after every committed activity. */
  credentials: CredentialCache;
  enclave: EnclaveKeys;
  delivery: DeliveryProvider;
  /** Present in dev mode only: the one place a code may be shown. */
  outbox: DevOutbox | undefined;
  /** Key for hashing one-time codes at rest, derived from the master key. */
  otpPepper: Uint8Array;
  /** Verifies id_tokens against the trusted issuers (the dev provider included in dev mode). */
  idTokens: IdTokenVerifier;
  /** The rp ids and origins passkeys are registered and used for. */
  webauthn: RelyingParty;
  /** Where logs go; stdout when absent. */
  logStream?: NodeJS.WritableStream;
}
