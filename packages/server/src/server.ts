/** Starts the backend: config → the one API client → the HTTP app. */
import type { FastifyInstance } from 'fastify';
import type { ServerConfig } from './config.ts';
import { createTurnkeyClient } from './turnkey-client.ts';
import { discoverSignerKey } from './verification-token.ts';
import { KeyedMutex } from './keyed-mutex.ts';
import { RedisMutex } from './redis-mutex.ts';
import { walletAccountTagger } from './wallet-account-tag.ts';
import { buildServerApp, type AppIo } from './app.ts';
import { Redis } from 'ioredis';

export interface Backend {
  url: string;
  app: FastifyInstance;
  /** The start of a shutdown: /readyz answers 503 "draining" while requests are still served. */
  drain(): void;
  close(): Promise<void>;
}

export async function startBackend(config: ServerConfig, io: AppIo = {}): Promise<Backend> {
  const signerKey = await discoverSignerKey(config.turnkeyApiUrl);
  // One limit and one account lock across instances: both live in Redis when REDIS_URL is set.
  const redis = config.redisUrl ? new Redis(config.redisUrl, { connectTimeout: 2000, maxRetriesPerRequest: 2 }) : undefined;
  const deps = {
    config,
    api: createTurnkeyClient(config),
    signerKey,
    accounts: redis ? new RedisMutex(redis) : new KeyedMutex(),
    walletAccounts: walletAccountTagger(config.walletAccountTagKey, config.organizationId),
    lifecycle: { draining: false },
  };
  const app = await buildServerApp(deps, { ...io, ...(redis ? { redis } : {}) });
  app.addHook('onClose', async () => {
    await redis?.quit();
  });
  await app.listen({ host: config.host, port: config.port });
  const port = (app.server.address() as { port: number }).port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  return { url: `http://${host}:${port}`, app, drain: () => void (deps.lifecycle.draining = true), close: () => app.close() };
}
