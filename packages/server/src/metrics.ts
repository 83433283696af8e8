/**
 * Prometheus metrics (prom-client): requests by route and status, a latency histogram, upstream
 * errors by code, rate-limit refusals. A registry per app, so several backends in one process
 * (tests) do not mix their counts.
 */
import type { FastifyInstance } from 'fastify';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { BackendError } from '@tkauth/wire';

export function installMetrics(app: FastifyInstance) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requests = new Counter({ name: 'tkauth_http_requests_total', help: 'Requests by route and status', labelNames: ['route', 'method', 'status'], registers: [registry] });
  const latency = new Histogram({
    name: 'tkauth_http_request_duration_seconds',
    help: 'Request latency by route',
    labelNames: ['route'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const upstreamErrors = new Counter({ name: 'tkauth_upstream_errors_total', help: 'Failed calls to the key-management API by error code', labelNames: ['code'], registers: [registry] });
  const rateLimited = new Counter({ name: 'tkauth_rate_limited_total', help: 'Requests refused by a rate limit, by route', labelNames: ['route'], registers: [registry] });

  app.addHook('onError', async (req, _reply, err) => {
    if (err instanceof BackendError && (err.code.startsWith('UPSTREAM') || err.code === 'INTERNAL')) upstreamErrors.inc({ code: err.code });
    if ((err as { statusCode?: number }).statusCode === 429 || (err instanceof BackendError && err.code === 'RATE_LIMITED')) rateLimited.inc({ route: req.routeOptions.url ?? 'not-found' });
  });
  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'not-found';
    requests.inc({ route, method: req.method, status: String(reply.statusCode) });
    latency.observe({ route }, reply.elapsedTime / 1000);
  });
  return { contentType: registry.contentType, render: () => registry.metrics() };
}
