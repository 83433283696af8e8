/**
 * /v1/wallet_kit_config and /v1/wallet_kit_client_params: what @turnkey/core's getProxyAuthConfig
 * and the React wallet kit read at start, from this backend's own configuration.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { RouteDeps } from '../../deps.ts';
import { Strict } from '../../schemas.ts';
import { proxyErrors } from './schemas.ts';

const Empty = Type.Object({}, Strict);
const WalletKitConfig = Type.Object({
  enabledProviders: Type.Array(Type.String()),
  sessionExpirationSeconds: Type.String(),
  organizationId: Type.String(),
  oauthClientIds: Type.Optional(Type.Record(Type.String(), Type.String())),
  oauthRedirectUrl: Type.Optional(Type.String()),
  otpAlphanumeric: Type.Boolean(),
  otpLength: Type.String(),
});

export async function walletKitRoutes(app: FastifyInstance, d: RouteDeps) {
  const c = d.config;
  const config = {
    enabledProviders: [...c.authProxyEnabledProviders],
    sessionExpirationSeconds: String(c.sessionExpirationSeconds),
    organizationId: c.organizationId,
    ...(c.oauthClientIds ? { oauthClientIds: { ...c.oauthClientIds } } : {}),
    ...(c.oauthRedirectUrl ? { oauthRedirectUrl: c.oauthRedirectUrl } : {}),
    otpAlphanumeric: c.otpAlphanumeric,
    otpLength: String(c.otpLength),
  };
  app.post('/wallet_kit_config', { schema: { summary: 'Auth proxy: the login methods and settings this backend offers', body: Type.Optional(Empty), response: { 200: WalletKitConfig, ...proxyErrors } } }, async () => config);
  // No captcha here (a Turnstile site key is the one thing this answers on the hosted proxy).
  app.post('/wallet_kit_client_params', { schema: { summary: 'Auth proxy: client parameters (none)', body: Type.Optional(Empty), response: { 200: Type.Object({ turnstileSiteKey: Type.Optional(Type.String()) }), ...proxyErrors } } }, async () => ({}));
}
