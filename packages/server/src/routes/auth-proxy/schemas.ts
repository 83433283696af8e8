/** Request and error fragments of the /v1 routes (@turnkey/sdk-types ProxyT*). */
import { Type } from '@sinclair/typebox';
import { ClientSignature, CompressedP256, Jwt, Strict } from '../../schemas.ts';

/** The proxy's rpcStatus error body (see BackendError.toProxyBody). */
export const ProxyErrorBody = Type.Object({
  code: Type.Integer(),
  message: Type.String(),
  details: Type.Array(Type.Object({ '@type': Type.String(), errorCode: Type.String() })),
});
export const proxyErrors = { '4xx': ProxyErrorBody, '5xx': ProxyErrorBody };

export const InvalidateExisting = Type.Optional(Type.Boolean({ description: 'end the user\'s other login sessions' }));
export const OrganizationId = Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'must be the account the token proves' }));

export const ProxyOtpLoginBody = Type.Object(
  { verificationToken: Jwt, publicKey: CompressedP256, clientSignature: Type.Optional(ClientSignature), invalidateExisting: InvalidateExisting, organizationId: OrganizationId },
  Strict,
);
export const ProxyOtpLoginV2Body = Type.Object(
  { verificationToken: Jwt, publicKey: CompressedP256, clientSignature: ClientSignature, invalidateExisting: InvalidateExisting, organizationId: OrganizationId },
  Strict,
);
export const SessionResponse = Type.Object({ session: Type.String() });
