/** Request fragments shared by routes; every object refuses unknown fields. */
import { Type } from '@sinclair/typebox';
import { API_KEY_CURVES, WALLET_CURVES, type ApiKeyCurve, type WalletCurve } from './api-key-curves.ts';

export const Strict = { additionalProperties: false } as const;
export const CompressedP256 = Type.String({ pattern: '^0[23][0-9a-fA-F]{64}$', description: 'compressed P-256 public key, 66 hex characters' });
/** An API key's public key in any of Turnkey's curves; which curve it must fit is checked beside its curveType (api-key-curves.ts). */
export const PublicKeyHex = Type.String({ pattern: '^(0[23][0-9a-fA-F]{64}|[0-9a-fA-F]{64})$', description: 'P-256 or secp256k1: compressed, 66 hex characters (02/03…); ed25519: 64 hex characters' });
// Enums rather than unions of literals: one error line ("must be equal to one of the allowed values").
export const ApiKeyCurveType = Type.Unsafe<ApiKeyCurve>({ type: 'string', enum: [...API_KEY_CURVES] });
export const WalletCurveType = Type.Unsafe<WalletCurve>({ type: 'string', enum: [...WALLET_CURVES], description: 'API_KEY_CURVE_SECP256K1 for Ethereum wallets, API_KEY_CURVE_ED25519 for Solana wallets' });
export const Email = Type.String({ format: 'email', maxLength: 320 });
export const E164 = Type.String({ pattern: '^\\+[1-9][0-9]{1,14}$', description: 'E.164 phone number, e.g. +14155550100' });
export const OtpType = Type.Union([Type.Literal('OTP_TYPE_EMAIL'), Type.Literal('OTP_TYPE_SMS')]);
export const Jwt = Type.String({ pattern: '^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*$', maxLength: 16384 });
export const ExpirationSeconds = Type.String({ pattern: '^[0-9]{1,7}$' });
export const ClientSignature = Type.Object(
  {
    publicKey: CompressedP256,
    scheme: Type.Literal('CLIENT_SIGNATURE_SCHEME_API_P256'),
    message: Type.String({ maxLength: 4096 }),
    signature: Type.String({ pattern: '^[0-9a-fA-F]{128}$' }),
  },
  Strict,
);
export const ErrorBody = Type.Object({ code: Type.String(), message: Type.String() });
