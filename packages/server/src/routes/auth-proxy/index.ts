/**
 * The hosted Auth Proxy's protocol (`/v1/*`, shapes: @turnkey/sdk-types ProxyT*; paths: @turnkey/core
 * `authProxyRequest`), so an app written for the proxy — @turnkey/core, the React wallet kit, our
 * own SDK — switches to this backend by changing `authProxyUrl`. Thin adapters over the same flows
 * as the backend's own routes: the same checks, limits and order of operations.
 * In its own Fastify context, because two things differ from the other routes:
 * - `X-Auth-Proxy-Config-ID` must name this backend when AUTH_PROXY_CONFIG_ID is set;
 * - refusals (an unknown /v1 route too) keep the proxy's error shape `{code: <gRPC int>, message,
 *   details}` (TurnkeyRequestError in the clients), our stable code in `details[0].errorCode`.
 * Route paths below are relative to /v1.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { BackendError } from '@tkauth/wire';
import type { RouteDeps } from '../../deps.ts';
import { toBackendError } from '../../errors.ts';
import { walletKitRoutes } from './wallet-kit.ts';
import { otpRoutes } from './otp.ts';
import { accountRoute } from './account.ts';
import { loginRoutes } from './login.ts';
import { signupRoutes } from './signup.ts';
import { oauth2AuthenticateRoute } from './oauth2-authenticate.ts';

function checkConfigId(expected: string | undefined) {
  const want = expected === undefined ? undefined : Buffer.from(expected);
  return async (req: FastifyRequest) => {
    if (!want) return;
    const got = Buffer.from(String(req.headers['x-auth-proxy-config-id'] ?? ''));
    if (got.length !== want.length || !timingSafeEqual(got, want)) throw new BackendError('AUTH_PROXY_CONFIG_MISMATCH');
  };
}

export async function authProxyRoutes(app: FastifyInstance, d: RouteDeps) {
  await app.register(async (proxy) => {
    proxy.addHook('onRequest', checkConfigId(d.config.authProxyConfigId));
    proxy.setErrorHandler((err, req, reply) => {
      const e = toBackendError(err);
      if (e.code === 'INTERNAL') req.log.error({ err }, 'request failed');
      else req.log.info({ code: e.code }, 'request refused');
      void reply.code(e.httpStatus).send(e.toProxyBody());
    });
    proxy.setNotFoundHandler((req, reply) => {
      const e = new BackendError('NOT_FOUND', `${req.method} ${req.url.split('?')[0]!.slice(0, 200)}`);
      void reply.code(e.httpStatus).send(e.toProxyBody());
    });
    for (const routes of [walletKitRoutes, otpRoutes, accountRoute, loginRoutes, signupRoutes, oauth2AuthenticateRoute]) await routes(proxy, d);
  }, { prefix: '/v1' });
}
