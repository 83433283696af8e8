/**
 * GET /client-config → {apiBaseUrl, organizationId}: what a device SDK needs besides this
 * backend's URL (the API it stamps requests to, the parent organization). Both are public.
 */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { RouteDeps } from '../deps.ts';

export async function clientConfigRoute(app: FastifyInstance, d: RouteDeps) {
  app.get(
    '/client-config',
    { schema: { summary: 'Where a device SDK stamps its requests', response: { 200: Type.Object({ apiBaseUrl: Type.String(), organizationId: Type.String() }) } } },
    async () => ({ apiBaseUrl: d.config.turnkeyApiUrl, organizationId: d.config.organizationId }),
  );
}
