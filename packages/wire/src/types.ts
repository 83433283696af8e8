/** Wire shapes of the Turnkey public API, as the @turnkey clients send and read them (turnkey-wire.md §3–5). */
import type { WireTimestamp } from './timestamp.ts';

export type ActivityStatus =
  | 'ACTIVITY_STATUS_CREATED'
  | 'ACTIVITY_STATUS_PENDING'
  | 'ACTIVITY_STATUS_COMPLETED'
  | 'ACTIVITY_STATUS_FAILED'
  | 'ACTIVITY_STATUS_CONSENSUS_NEEDED'
  | 'ACTIVITY_STATUS_REJECTED'
  | 'ACTIVITY_STATUS_AUTHENTICATORS_NEEDED';

/** The body POSTed to `/public/v1/submit/<name>` (turnkey-wire.md §3.1). */
export interface ActivityRequest<P = Record<string, unknown>> {
  type: string;
  timestampMs: string;
  organizationId: string;
  parameters: P;
  generateAppProofs?: boolean;
}

export interface RpcStatusLike {
  code: number;
  message: string;
  details: unknown[];
}

/** `v1Activity` (turnkey-wire.md §3.2). */
export interface Activity {
  id: string;
  organizationId: string;
  status: ActivityStatus;
  type: string;
  intent: Record<string, unknown>;
  result: Record<string, unknown>;
  votes: unknown[];
  fingerprint: string;
  canApprove: boolean;
  canReject: boolean;
  createdAt: WireTimestamp;
  updatedAt: WireTimestamp;
  appProofs?: unknown[];
  failure?: RpcStatusLike;
}

export interface ActivityResponse {
  activity: Activity;
}

export type CredentialType =
  | 'CREDENTIAL_TYPE_API_KEY_P256'
  | 'CREDENTIAL_TYPE_API_KEY_SECP256K1'
  | 'CREDENTIAL_TYPE_API_KEY_ED25519'
  | 'CREDENTIAL_TYPE_WEBAUTHN_AUTHENTICATOR'
  | 'CREDENTIAL_TYPE_OTP_AUTH_KEY_P256'
  | 'CREDENTIAL_TYPE_OAUTH_KEY_P256'
  | 'CREDENTIAL_TYPE_READ_WRITE_SESSION_KEY_P256'
  | 'CREDENTIAL_TYPE_LOGIN';

export interface Credential {
  publicKey: string;
  type: CredentialType;
}

export interface ApiKey {
  credential: Credential;
  apiKeyId: string;
  apiKeyName: string;
  createdAt: WireTimestamp;
  updatedAt: WireTimestamp;
  expirationSeconds?: string;
}

export interface Authenticator {
  transports: string[];
  attestationType: string;
  aaguid: string;
  credentialId: string;
  model: string;
  credential: Credential;
  authenticatorId: string;
  authenticatorName: string;
  createdAt: WireTimestamp;
  updatedAt: WireTimestamp;
}

export interface OauthProvider {
  providerId: string;
  providerName: string;
  issuer: string;
  audience: string;
  subject: string;
  createdAt: WireTimestamp;
  updatedAt: WireTimestamp;
}

/** `v1User` (turnkey-wire.md §5). */
export interface User {
  userId: string;
  userName: string;
  userEmail?: string;
  userPhoneNumber?: string;
  authenticators: Authenticator[];
  apiKeys: ApiKey[];
  userTags: string[];
  oauthProviders: OauthProvider[];
  createdAt: WireTimestamp;
  updatedAt: WireTimestamp;
  mfaPolicies: unknown[];
}

export interface Wallet {
  walletId: string;
  walletName: string;
  createdAt: WireTimestamp;
  updatedAt: WireTimestamp;
  exported: boolean;
  imported: boolean;
}

export interface WalletAccount {
  walletAccountId: string;
  organizationId: string;
  walletId: string;
  curve: string;
  pathFormat: string;
  path: string;
  addressFormat: string;
  address: string;
  createdAt: WireTimestamp;
  updatedAt: WireTimestamp;
  publicKey?: string;
  walletDetails?: Wallet;
}

export interface PaginationOptions {
  limit?: string;
  before?: string;
  after?: string;
}
