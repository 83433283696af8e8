/**
 * The HTTP face of the local API: `/public/v1/query/*` and `/public/v1/submit/*` (turnkey-wire.md
 * §1), plus `/.well-known/tkauth.json`. Bodies arrive as raw bytes so the stamp is verified over
 * exactly what was received; JSON parsing comes after.
 */
import { sql } from 'kysely';
import Fastify, { type FastifyInstance, type FastifyRequest, LogController } from 'fastify';
import { ApiError } from '@tkauth/wire';
import type { Services } from '../services.ts';
import { installErrorHandlers } from './error-handler.ts';
import { verifyStamp, type VerifiedStamp } from '../auth/verify-stamp.ts';
import { activities } from '../activities/registry.ts';
import { compileActivity } from '../activities/submit.ts';
import { queries } from '../queries/registry.ts';
import { compileQuery } from '../queries/read.ts';
import { registerDevOutbox } from './dev-outbox.ts';
import cors from '@fastify/cors';
import { LOOPBACK_ORIGIN } from './loopback-origin.ts';

function parseJson(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw new ApiError('ERR_REQUEST_MALFORMED_JSON');
  }
}

/** Verifies the stamp over the raw bytes, then parses them. */
function authenticatedBody(s: Services, req: FastifyRequest): { raw: Buffer; body: unknown; stamp: VerifiedStamp } {
  const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  const stamp = verifyStamp(s.keys, s.webauthn, raw, req.headers);
  return { raw, body: parseJson(raw), stamp };
}

export interface AppInfo {
  organizationId: string;
  /** Set when shutdown begins: /readyz says so while requests are still served. */
  draining?: boolean;
}

export async function buildApp(s: Services, info: AppInfo): Promise<FastifyInstance> {
  const app = Fastify({
    bodyLimit: s.config.bodyLimitBytes,
    logger:
      s.config.logLevel === 'silent'
        ? false
        : {
            level: s.config.logLevel,
            ...(s.logStream ? { stream: s.logStream } : {}),
            // Stamps carry tokens (X-Stamp-Attested, X-Session): never in a log line.
            redact: { paths: ['req.headers["x-stamp"]', 'req.headers["x-stamp-webauthn"]', 'req.headers["x-stamp-attested"]', 'req.headers["x-session"]', 'req.headers.authorization', 'req.headers.cookie'], remove: true },
          },
    // Per-request lines only when debugging; refusals and failures are logged by the error handler.
    logController: new LogController({ disableRequestLogging: s.config.logLevel !== 'debug' }),
  });
  installErrorHandlers(app);
  // The body stays raw bytes for the stamp. Turnkey's gateway takes the JSON as application/json,
  // text/plain (any charset) or with no Content-Type at all; anything else is 415.
  app.removeAllContentTypeParsers();
  const keepRaw = (_req: FastifyRequest, body: Buffer, done: (err: Error | null, body?: Buffer) => void) => done(null, body);
  app.addContentTypeParser(['application/json', 'text/plain'], { parseAs: 'buffer' }, keepRaw);
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (req, body: Buffer, done) =>
    req.headers['content-type'] === undefined ? done(null, body) : done(new ApiError('ERR_REQUEST_UNSUPPORTED_MEDIA_TYPE')),
  );

  await app.register(async (api) => {
    // Browsers call the API directly with a stamped request, as they do Turnkey's: any origin, no
    // cookies (a stamp is the credential, so there is nothing ambient for another site to ride on).
    await api.register(cors, {
      origin: true,
      credentials: false,
      methods: ['GET', 'POST'],
      allowedHeaders: ['content-type', 'x-stamp', 'x-stamp-webauthn', 'x-stamp-attested', 'x-session', 'x-client-version'],
      maxAge: 600,
    });
    for (const def of queries) {
      const run = compileQuery(def);
      api.post(`/public/v1/query/${def.name}`, async (req) => {
        const { body, stamp } = authenticatedBody(s, req);
        return run(s, body, stamp);
      });
    }
    for (const def of activities) {
      const run = compileActivity(def);
      api.post(`/public/v1/submit/${def.name}`, async (req) => {
        const { raw, body, stamp } = authenticatedBody(s, req);
        return run(s, raw, body, stamp);
      });
    }
    // Liveness (the process serves) and readiness (the store answers), for a load balancer.
    api.get('/livez', async () => ({ status: 'ok' }));
    api.get('/readyz', async (_req, reply) => {
      // Not before the parent organization is known (the first start makes it after listening).
      if (!info.organizationId) return reply.code(503).send({ status: 'starting', checks: { parentOrganization: { status: 'unavailable', code: 'ERR_STORE_UNAVAILABLE' } } });
      // Shutting down: still serving, but a load balancer should send new work elsewhere.
      if (info.draining) return reply.code(503).send({ status: 'draining', checks: {} });
      const started = performance.now();
      try {
        await sql`select 1`.execute(s.db);
        return { status: 'ok', checks: { store: { status: 'ok', ms: Math.round(performance.now() - started) } } };
      } catch {
        return reply.code(503).send({ status: 'unavailable', checks: { store: { status: 'unavailable', code: 'ERR_STORE_UNAVAILABLE' } } });
      }
    });
    // The public halves of the enclave keys, for @turnkey/crypto's override arguments (issue 3 §1).
    api.get('/.well-known/tkauth.json', async () => ({
      organizationId: info.organizationId,
      notarizerSignPublicKey: s.enclave.notarizer.publicKeyHex,
      tlsFetcherSignPublicKey: s.enclave.tlsFetcher.publicKeyHex,
    }));
  });
  if (s.outbox) {
    const outbox = s.outbox;
    await app.register(async (dev) => {
      // The outbox shows one-time codes: readable by pages on this machine's loopback only (the
      // dev web page), never by whatever site the developer happens to have open. Its own prefix
      // keeps its CORS (and its OPTIONS route) apart from the API's.
      await dev.register(cors, { origin: LOOPBACK_ORIGIN, credentials: false, methods: ['GET'] });
      registerDevOutbox(dev, outbox);
    }, { prefix: '/dev' });
  }
  return app;
}
