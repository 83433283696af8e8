/**
 * The backend's HTTP face. Every route validates its body against a strict schema (unknown fields
 * refused, ≤ 64 KiB), answers errors as `{code, message}` from one list, and logs one line per
 * request — id, route, status, latency, the upstream activity ids — and never a secret.
 */
import Fastify, { type FastifyInstance, LogController } from 'fastify';
import swagger from '@fastify/swagger';
import { BackendError } from '@tkauth/wire';
import { toBackendError } from './errors.ts';
import cors from '@fastify/cors';
import type { Redis } from 'ioredis';
import type { ServerDeps } from './deps.ts';
import { installRateLimits } from './rate-limits.ts';
import { installMetrics } from './metrics.ts';
import { otpInitRoute } from './routes/otp-init.ts';
import { otpVerifyRoute } from './routes/otp-verify.ts';
import { otpLoginRoute } from './routes/otp-login.ts';
import { healthzRoute } from './routes/healthz.ts';
import { oauthLoginRoute } from './routes/oauth-login.ts';
import { signupRoute } from './routes/signup.ts';
import { walletLoginLookupRoute } from './routes/wallet-login-lookup.ts';
import { swiftExampleRoutes } from './routes/swift-example.ts';
import { authProxyRoutes } from './routes/auth-proxy/index.ts';
import { clientConfigRoute } from './routes/client-config.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Activity ids of the upstream calls this request made, for the log line. */
    upstreamActivities: string[];
  }
}

export const BODY_LIMIT = 64 * 1024;

export interface AppIo {
  logStream?: NodeJS.WritableStream;
  /** Shared store for rate limits (from REDIS_URL). */
  redis?: Redis;
}

export async function buildServerApp(d: ServerDeps, io: AppIo = {}): Promise<FastifyInstance> {
  const app = Fastify({
    bodyLimit: BODY_LIMIT,
    logger: d.config.logLevel === 'silent' ? false : { level: d.config.logLevel, ...(io.logStream ? { stream: io.logStream } : {}), redact: { paths: ['req.headers.authorization', 'req.headers.cookie'], remove: true } },
    // One line per request from onResponse below, instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: false } },
  });
  app.decorateRequest('upstreamActivities', null as never);
  app.addHook('onRequest', async (req) => {
    req.upstreamActivities = [];
  });
  app.addHook('onResponse', async (req, reply) => {
    req.log.info(
      { route: req.routeOptions.url ?? 'not-found', method: req.method, status: reply.statusCode, ms: Math.round(reply.elapsedTime * 10) / 10, upstream: req.upstreamActivities },
      'request',
    );
  });
  app.setErrorHandler((err, req, reply) => {
    const e = toBackendError(err);
    if (e.httpStatus >= 500 && e.code === 'INTERNAL') req.log.error({ err }, 'request failed');
    else req.log.info({ code: e.code }, 'request refused');
    void reply.code(e.httpStatus).send(e.toBody());
  });
  app.setNotFoundHandler((req, reply) => {
    const e = new BackendError('NOT_FOUND', `${req.method} ${req.url.split('?')[0]!.slice(0, 200)}`);
    void reply.code(e.httpStatus).send(e.toBody());
  });

  await app.register(swagger, { openapi: { info: { title: 'tkauth auth backend', version: '0.1.0' } } });
  // Browsers: only the configured origins; no origin list, no cross-origin access.
  await app.register(cors, { origin: d.config.corsOrigins.includes('*') ? true : [...d.config.corsOrigins], methods: ['GET', 'POST'] });
  const metrics = installMetrics(app);
  const limits = await installRateLimits(app, d.config, io.redis);
  const routeDeps = { ...d, limits, ...(io.redis ? { redis: io.redis } : {}) };
  for (const route of [otpInitRoute, otpVerifyRoute, otpLoginRoute, oauthLoginRoute, signupRoute, walletLoginLookupRoute, swiftExampleRoutes, authProxyRoutes, clientConfigRoute, healthzRoute]) await route(app, routeDeps);
  app.get('/metrics', { schema: { hide: true }, config: { rateLimit: false } }, async (_req, reply) => reply.type(metrics.contentType).send(await metrics.render()));
  app.get('/docs', { schema: { hide: true } }, async () => app.swagger());
  return app;
}
