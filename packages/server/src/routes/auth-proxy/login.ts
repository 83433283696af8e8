/**
 * /v1/otp_login, /v1/otp_login_v2, /v1/oauth_login → {session}: the backend's login flows (the
 * account is created on the first login of a proven contact or identity, as on /otp-login and
 * /oauth-login). `organizationId`, which the proxy lets a caller pass, must be the account the
 * token proves; `clientSignature` (required in v2) is checked before anything is created.
 */
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { RouteDeps } from '../../deps.ts';
import { CompressedP256, Jwt, Strict } from '../../schemas.ts';
import { otpLogin } from '../otp-login.ts';
import { oauthLogin } from '../oauth-login.ts';
import { InvalidateExisting, OrganizationId, ProxyOtpLoginBody, ProxyOtpLoginV2Body, proxyErrors, SessionResponse } from './schemas.ts';

const OauthLoginBody = Type.Object(
  {
    oidcToken: Jwt,
    publicKey: CompressedP256,
    // Not in ProxyTOAuthLoginBody, but our SDK's earlier versions sent it: the provider's name on a new account.
    providerName: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    invalidateExisting: InvalidateExisting,
    organizationId: OrganizationId,
  },
  Strict,
);

export async function loginRoutes(app: FastifyInstance, d: RouteDeps) {
  for (const [route, body] of [['/otp_login', ProxyOtpLoginBody], ['/otp_login_v2', ProxyOtpLoginV2Body]] as const) {
    app.post<{ Body: Static<typeof ProxyOtpLoginBody> }>(
      route,
      { schema: { summary: 'Auth proxy: log in with a verification token', body, response: { 200: SessionResponse, ...proxyErrors } } },
      async (req) => ({ session: (await otpLogin(d, req.body, req.upstreamActivities)).sessionToken }),
    );
  }
  app.post<{ Body: Static<typeof OauthLoginBody> }>(
    '/oauth_login',
    { schema: { summary: 'Auth proxy: log in with an OpenID id_token', body: OauthLoginBody, response: { 200: SessionResponse, ...proxyErrors } } },
    async (req) => ({ session: (await oauthLogin(d, req.body, req.upstreamActivities)).sessionToken }),
  );
}
