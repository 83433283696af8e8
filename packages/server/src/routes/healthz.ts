/**
 * Health, for a load balancer and an orchestrator:
 * - GET /livez: the process serves (200, nothing asked of anyone).
 * - GET /readyz: it can do its work — the key-management API answers whoami with our credentials
 *   and the shared Redis (when configured) answers PING; else 503 naming what is not ready.
 * - GET /healthz: the key-management API alone (kept for what already polls it).
 */
import type { FastifyInstance } from 'fastify';
import type { RouteDeps } from '../deps.ts';

type Check = { status: 'ok'; ms: number } | { status: 'unavailable'; code: string };

async function check(run: () => Promise<unknown>, code: string): Promise<Check> {
  const started = performance.now();
  try {
    await run();
    return { status: 'ok', ms: Math.round(performance.now() - started) };
  } catch (e) {
    return { status: 'unavailable', code: (e as { code?: string }).code && /^[A-Z_]+$/.test((e as { code: string }).code) ? (e as { code: string }).code : code };
  }
}

export async function healthzRoute(app: FastifyInstance, d: RouteDeps) {
  app.get('/healthz', { schema: { summary: 'Liveness and reachability of the key-management API' } }, async (_req, reply) => {
    const started = performance.now();
    try {
      const who = await d.api.whoami();
      return { status: 'ok', organizationId: who.organizationId, upstreamMs: Math.round(performance.now() - started) };
    } catch (e) {
      return reply.code(503).send({ status: 'unavailable', code: (e as { code?: string }).code ?? 'UPSTREAM_UNAVAILABLE' });
    }
  });
  app.get('/livez', { schema: { summary: 'Liveness: the process serves' } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { summary: 'Readiness: the key-management API and the shared Redis answer' } }, async (_req, reply) => {
    // Shutting down: still serving, but a load balancer should send new work elsewhere.
    if (d.lifecycle.draining) return reply.code(503).send({ status: 'draining', checks: {} });
    const checks: Record<string, Check> = { upstream: await check(() => d.api.whoami(), 'UPSTREAM_UNAVAILABLE') };
    if (d.redis) {
      const redis = d.redis;
      checks.redis = await check(() => redis.ping(), 'SHARED_STATE_UNAVAILABLE');
    }
    const ready = Object.values(checks).every((c) => c.status === 'ok');
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ok' : 'unavailable', checks });
  });
}
