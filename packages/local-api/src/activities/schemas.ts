/** Parameter shapes shared by several activities (turnkey-wire.md §4; @turnkey/http v1 definitions). */
import { Type } from '@sinclair/typebox';

const Str = (max = 256) => Type.String({ maxLength: max });
/** int64/uint64 travel as decimal strings (turnkey-wire.md "Pitfalls"). */
export const Int64String = Type.String({ pattern: '^[0-9]{1,15}$' });
export const Uuid = Type.String({ pattern: '^[0-9a-fA-F-]{36}$' });

export const WalletAccountParams = Type.Object({
  curve: Str(64),
  pathFormat: Str(64),
  path: Str(256),
  addressFormat: Str(64),
  name: Type.Optional(Str()),
});

export const WalletParams = Type.Object({
  walletName: Str(),
  accounts: Type.Array(WalletAccountParams, { maxItems: 100 }),
  mnemonicLength: Type.Optional(Type.Integer()),
});

export const ApiKeyParamsV2 = Type.Object({
  apiKeyName: Str(),
  publicKey: Str(200),
  curveType: Type.Union([Type.Literal('API_KEY_CURVE_P256'), Type.Literal('API_KEY_CURVE_SECP256K1'), Type.Literal('API_KEY_CURVE_ED25519')]),
  expirationSeconds: Type.Optional(Int64String),
});

export const Attestation = Type.Object({
  credentialId: Str(1024),
  clientDataJson: Str(16384),
  attestationObject: Str(65536),
  transports: Type.Array(Str(64), { maxItems: 8 }),
});

export const AuthenticatorParamsV2 = Type.Object({
  authenticatorName: Str(),
  challenge: Str(1024),
  attestation: Attestation,
});

export const OidcClaims = Type.Object({ iss: Str(1024), sub: Str(1024), aud: Str(1024) });

/** V1 (create_sub_organization V7): an id_token only. */
export const OauthProviderParams = Type.Object({ providerName: Str(), oidcToken: Str(16384) });
/** V2 (create_sub_organization V8, create_users V4): an id_token or its claims. */
export const OauthProviderParamsV2 = Type.Object({
  providerName: Str(),
  oidcToken: Type.Optional(Str(16384)),
  oidcClaims: Type.Optional(OidcClaims),
});

const userFields = {
  userName: Str(),
  userEmail: Type.Optional(Str(320)),
  userPhoneNumber: Type.Optional(Str(32)),
  apiKeys: Type.Array(ApiKeyParamsV2, { maxItems: 100 }),
  authenticators: Type.Array(AuthenticatorParamsV2, { maxItems: 100 }),
};

export const RootUserParamsV4 = Type.Object({ ...userFields, oauthProviders: Type.Array(OauthProviderParams, { maxItems: 100 }) });
export const RootUserParamsV5 = Type.Object({ ...userFields, oauthProviders: Type.Array(OauthProviderParamsV2, { maxItems: 100 }) });
export const UserParamsV3 = Type.Object({ ...userFields, oauthProviders: Type.Array(OauthProviderParams, { maxItems: 100 }), userTags: Type.Array(Str(), { maxItems: 100 }) });
export const UserParamsV4 = Type.Object({ ...userFields, oauthProviders: Type.Array(OauthProviderParamsV2, { maxItems: 100 }), userTags: Type.Array(Str(), { maxItems: 100 }) });

/** What every login activity takes about the session it opens (turnkey-wire.md §4.4–4.6). */
export const SessionParams = {
  publicKey: Type.String({ maxLength: 130 }),
  expirationSeconds: Type.Optional(Type.String({ pattern: '^[0-9]{1,9}$' })),
  invalidateExisting: Type.Optional(Type.Boolean()),
  sessionProfileId: Type.Optional(Type.String({ maxLength: 64 })),
};
