/** Table types for kysely. Times are integer milliseconds since the epoch; booleans are 0/1. */

export interface OrganizationsTable {
  id: string;
  seq: number;
  name: string;
  parent_id: string | null;
  root_quorum_threshold: number;
  created_at: number;
  updated_at: number;
}

export interface UsersTable {
  id: string;
  organization_id: string;
  user_name: string;
  user_email: string | null;
  user_phone: string | null;
  email_verified: number;
  phone_verified: number;
  is_root: number;
  tags: string; // JSON array
  created_at: number;
  updated_at: number;
}

export interface ApiKeysTable {
  id: string;
  organization_id: string;
  user_id: string;
  name: string;
  public_key: string;
  curve_type: string;
  credential_type: string;
  expiration_seconds: string | null;
  expires_at: number | null;
  created_at: number;
  updated_at: number;
}

/** A removed passkey's credential id: only the user who held it may register it again. */
export interface RetiredCredentialsTable {
  credential_id: string;
  user_id: string;
  retired_at: number;
}

/** With oneSubOrgPerVerifiedContact: the sub-organization a contact was verified into, one per parent. */
export interface VerifiedContactsTable {
  parent_id: string;
  contact_type: string;
  contact: string;
  organization_id: string;
  created_at: number;
}

export interface AuthenticatorsTable {
  id: string;
  organization_id: string;
  user_id: string;
  name: string;
  credential_id: string;
  transports: string; // JSON array
  attestation: string; // JSON, as given
  challenge: string;
  /** From the attestation object's authData; null for authenticators registered before it was parsed. */
  aaguid: string | null;
  /** The COSE_Key, base64url. */
  cose_public_key: string | null;
  /** ES256 keys: the compressed P-256 point, hex (what `credential.publicKey` shows). */
  public_key: string | null;
  sign_count: number | null;
  /** The attestation statement format: none, packed, apple, … */
  attestation_fmt: string | null;
  created_at: number;
  updated_at: number;
}

export interface OauthProvidersTable {
  id: string;
  organization_id: string;
  user_id: string;
  name: string;
  issuer: string;
  audience: string;
  subject: string;
  created_at: number;
  updated_at: number;
}

export interface WalletsTable {
  id: string;
  organization_id: string;
  name: string;
  sealed_mnemonic: string;
  exported: number;
  imported: number;
  created_at: number;
  updated_at: number;
}

export interface WalletAccountsTable {
  id: string;
  seq: number;
  organization_id: string;
  wallet_id: string;
  curve: string;
  path_format: string;
  path: string;
  address_format: string;
  address: string;
  public_key: string;
  sealed_private_key: string;
  created_at: number;
  updated_at: number;
}

export interface ActivitiesTable {
  id: string;
  seq: number;
  organization_id: string;
  type: string;
  status: string;
  intent: string; // JSON
  result: string; // JSON
  fingerprint: string;
  created_at: number;
  updated_at: number;
}


export interface OtpsTable {
  id: string;
  organization_id: string;
  otp_type: string;
  contact: string;
  code_hash: string;
  attempts: number;
  /** INIT_OTP_V3's HPKE target private key, sealed; null for V1/V2. */
  sealed_target_key: string | null;
  expires_at: number;
  used_at: number | null;
  created_at: number;
}

export interface VerificationTokensTable {
  id: string;
  otp_id: string;
  organization_id: string;
  contact: string;
  verification_type: string;
  public_key: string | null;
  expires_at: number;
  used_at: number | null;
  created_at: number;
}

export interface Database {
  organizations: OrganizationsTable;
  users: UsersTable;
  api_keys: ApiKeysTable;
  authenticators: AuthenticatorsTable;
  retired_credentials: RetiredCredentialsTable;
  verified_contacts: VerifiedContactsTable;
  oauth_providers: OauthProvidersTable;
  wallets: WalletsTable;
  wallet_accounts: WalletAccountsTable;
  activities: ActivitiesTable;
  otps: OtpsTable;
  verification_tokens: VerificationTokensTable;
}
