/** Request fragments shared by routes; every object refuses unknown fields. */
import { Type } from '@sinclair/typebox';

export const Strict = { additionalProperties: false } as const;
export const CompressedP256 = Type.String({ pattern: '^0[23][0-9a-fA-F]{64}$', description: 'compressed P-256 public key, 66 hex characters' });
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
