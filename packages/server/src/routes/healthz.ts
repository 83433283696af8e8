/** GET /healthz: 200 when the key-management API answers whoami with our credentials, else 503. */
import type { FastifyInstance } from 'fastify';
import type { RouteDeps } from '../deps.ts';

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
}
