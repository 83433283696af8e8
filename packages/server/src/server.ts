/** Starts the backend: config → the one API client → the HTTP app. */
import type { FastifyInstance } from 'fastify';
import type { ServerConfig } from './config.ts';
import { createTurnkeyClient } from './turnkey-client.ts';
import { discoverSignerKey } from './verification-token.ts';
import { KeyedMutex } from './keyed-mutex.ts';
import { buildServerApp, type AppIo } from './app.ts';

export interface Backend {
  url: string;
  app: FastifyInstance;
  close(): Promise<void>;
}

export async function startBackend(config: ServerConfig, io: AppIo = {}): Promise<Backend> {
  const deps = { config, api: createTurnkeyClient(config), signerKey: await discoverSignerKey(config.turnkeyApiUrl), accounts: new KeyedMutex() };
  const app = await buildServerApp(deps, io);
  await app.listen({ host: config.host, port: config.port });
  const port = (app.server.address() as { port: number }).port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  return { url: `http://${host}:${port}`, app, close: () => app.close() };
}
