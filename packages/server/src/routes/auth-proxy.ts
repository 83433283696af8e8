/**
 * The hosted auth proxy's routes (as @turnkey/core's client calls them, shapes from
 * @turnkey/sdk-types ProxyT*), so SDKs written for the proxy — ours included, through
 * `authProxyUrl` — can use this backend instead. Thin adapters over the routes above: the same
 * checks, limits and order of operations.
 *   /v1/otp_init    {otpType, contact}                                → {otpId}
 *   /v1/otp_verify  {otpId, otpCode, publicKey?}                      → {verificationToken}
 *   /v1/otp_login   {verificationToken, publicKey, invalidateExisting?: false} → {session}
 *   /v1/oauth_login {oidcToken, publicKey, providerName?, invalidateExisting?: false} → {session}
 * With AUTH_PROXY_CONFIG_ID set, each request must carry it in X-Auth-Proxy-Config-ID.
 * `organizationId` (the proxy lets a caller name the account) is not accepted: the account is
 * always the one the token proves.
 */
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { BackendError } from '@tkauth/wire';
import { timingSafeEqual } from 'node:crypto';
import type { RouteDeps } from '../deps.ts';
import { CompressedP256, ErrorBody, Jwt, Strict } from '../schemas.ts';
import { OtpInitBody, otpInit } from './otp-init.ts';
import { OtpVerifyBody, otpVerify } from './otp-verify.ts';
import { otpLogin } from './otp-login.ts';
import { oauthLogin } from './oauth-login.ts';

// invalidateExisting: true would end the user's other sessions; this backend does not offer that.
const KeepExisting = Type.Optional(Type.Literal(false));
const OtpLogin = Type.Object({ verificationToken: Jwt, publicKey: CompressedP256, invalidateExisting: KeepExisting }, Strict);
const OauthLogin = Type.Object({ oidcToken: Jwt, publicKey: CompressedP256, providerName: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })), invalidateExisting: KeepExisting }, Strict);
const errors = { '4xx': ErrorBody, '5xx': ErrorBody };

function checkConfigId(d: RouteDeps) {
  const expected = d.config.authProxyConfigId;
  return async (req: FastifyRequest) => {
    if (!expected) return;
    const got = Buffer.from(String(req.headers['x-auth-proxy-config-id'] ?? ''));
    const want = Buffer.from(expected);
    if (got.length !== want.length || !timingSafeEqual(got, want)) throw new BackendError('AUTH_PROXY_CONFIG_MISMATCH');
  };
}

export async function authProxyRoutes(app: FastifyInstance, d: RouteDeps) {
  const configId = checkConfigId(d);
  app.post<{ Body: Static<typeof OtpInitBody> }>(
    '/v1/otp_init',
    { onRequest: configId, preHandler: d.limits.otpInit, schema: { summary: 'Auth proxy: send a code', body: OtpInitBody, response: { 200: Type.Object({ otpId: Type.String() }), ...errors } } },
    async (req) => otpInit(d, req.body, req.upstreamActivities),
  );
  app.post<{ Body: Static<typeof OtpVerifyBody> }>(
    '/v1/otp_verify',
    { onRequest: configId, preHandler: d.limits.otpVerify, schema: { summary: 'Auth proxy: verify a code', body: OtpVerifyBody, response: { 200: Type.Object({ verificationToken: Type.String() }), ...errors } } },
    async (req) => otpVerify(d, req.body, req.upstreamActivities),
  );
  app.post<{ Body: Static<typeof OtpLogin> }>(
    '/v1/otp_login',
    { onRequest: configId, schema: { summary: 'Auth proxy: log in with a verification token', body: OtpLogin, response: { 200: Type.Object({ session: Type.String() }), ...errors } } },
    async (req) => ({ session: (await otpLogin(d, { verificationToken: req.body.verificationToken, publicKey: req.body.publicKey }, req.upstreamActivities)).sessionToken }),
  );
  app.post<{ Body: Static<typeof OauthLogin> }>(
    '/v1/oauth_login',
    { onRequest: configId, schema: { summary: 'Auth proxy: log in with an id_token', body: OauthLogin, response: { 200: Type.Object({ session: Type.String() }), ...errors } } },
    async (req) => {
      const b = req.body;
      return { session: (await oauthLogin(d, { oidcToken: b.oidcToken, publicKey: b.publicKey, ...(b.providerName ? { providerName: b.providerName } : {}) }, req.upstreamActivities)).sessionToken };
    },
  );
}
