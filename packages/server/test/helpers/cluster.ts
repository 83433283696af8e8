/**
 * Scale-out fixtures: a throwaway PostgreSQL cluster (scripts/pg-cluster.mjs), a throwaway Redis,
 * local APIs sharing one database and one data dir, and backends sharing the Redis — each backend
 * in front of its own local API. Loopback only; every request bounded by a timeout.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startLocalApi, type LocalApi } from '@tkauth/local-api';
import { TurnkeyClient } from '@turnkey/http';
import { ApiKeyStamper } from '@turnkey/api-key-stamper';
import { serverConfigFromEnv, startBackend, type Backend } from '../../src/index.ts';
import { backendEnv } from './system.ts';
import { startRedis } from './redis.ts';
import { type PgCluster, startPgCluster } from '../../../../scripts/pg-cluster.mjs';
import { createDatabase as createDatabaseAt } from '../../../local-api/test/helpers/engine.ts';

export type { PgCluster };

/** A new database on the cluster; its URL. */
export const createDatabase = (cluster: PgCluster, name: string) => createDatabaseAt(cluster.url, name);

/** One query on a database of the cluster (a fresh connection each time). */
export async function queryDb<T extends pg.QueryResultRow>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

export const freshDataDir = (tag: string) => fs.mkdtempSync(path.join(os.tmpdir(), `tkauth-${tag}-`));

export const localApiOptions = (dataDir: string, databaseUrl: string) => ({ port: 0, oidcPort: 0, dataDir, logLevel: 'silent' as const, databaseUrl, otpMaxPerContact: 100 });

export interface HttpAnswer {
  status: number;
  json: any;
  ms: number;
}

/** A JSON request with a deadline: a hang is an answer (status 0, code TIMEOUT), never a stuck test. */
export async function request(url: string, init: { method?: string; body?: unknown } = {}, timeoutMs = 30_000): Promise<HttpAnswer> {
  const started = performance.now();
  try {
    const res = await fetch(url, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      ...(init.body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(init.body) }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    let json: unknown = text;
    try {
      json = JSON.parse(text);
    } catch {
      // leave as text
    }
    return { status: res.status, json, ms: performance.now() - started };
  } catch (e) {
    return { status: 0, json: { code: (e as Error).name === 'TimeoutError' ? 'TIMEOUT' : 'FETCH_FAILED', message: (e as Error).message }, ms: performance.now() - started };
  }
}

/** One backend in front of one local API. */
export interface Side {
  name: string;
  api: LocalApi;
  backend: Backend;
  post(route: string, body: unknown, timeoutMs?: number): Promise<HttpAnswer>;
  /** The newest code this side's local API sent to `contact` (the dev outbox is per instance). */
  code(contact: string): Promise<string>;
}

export const backendLimits = (redisUrl: string): Record<string, string> => ({
  REDIS_URL: redisUrl,
  RATE_LIMIT_IP_PER_MINUTE: '100000',
  RATE_LIMIT_OTP_PER_CONTACT_PER_MINUTE: '100',
  RATE_LIMIT_OTP_PER_CONTACT_PER_HOUR: '100',
  RATE_LIMIT_VERIFY_PER_OTP: '3',
});

export async function startSide(name: string, api: LocalApi, redisUrl: string): Promise<Side> {
  const backend = await startBackend(serverConfigFromEnv(backendEnv(api, backendLimits(redisUrl))));
  return {
    name,
    api,
    backend,
    post: (route, body, timeoutMs) => request(backend.url + route, { body }, timeoutMs),
    async code(contact) {
      const r = await request(`${api.url}/dev/outbox?contact=${encodeURIComponent(contact)}`);
      const code = (r.json as { messages?: { otpCode: string }[] }).messages?.[0]?.otpCode;
      if (r.status !== 200 || !code) throw new Error(`no code for ${contact} in ${name}'s outbox (${r.status})`);
      return code;
    },
  };
}

export interface ScaleOut {
  pg: PgCluster;
  redis: { url: string; stop(): Promise<void> };
  dataDir: string;
  databaseUrl: string;
  sides: [Side, Side];
  /** The sub-organizations holding `email`, asked of the parent organization (through A's local API). */
  subOrgsFor(email: string): Promise<string[]>;
  stop(): Promise<void>;
}

/** PostgreSQL + Redis, local API A then B on one data dir and one database, backend A → A, B → B. */
export async function startScaleOut(): Promise<ScaleOut> {
  const cluster = await startPgCluster();
  const cleanups: (() => Promise<unknown>)[] = [() => cluster.remove()];
  const stop = async () => {
    for (const c of cleanups.reverse()) await c().catch(() => {});
  };
  try {
    const redis = await startRedis();
    cleanups.push(() => redis.stop());
    const databaseUrl = await createDatabase(cluster, 'scale_test');
    const dataDir = freshDataDir('scale-out');
    cleanups.push(async () => fs.rmSync(dataDir, { recursive: true, force: true }));
    const apiA = await startLocalApi(localApiOptions(dataDir, databaseUrl));
    cleanups.push(() => apiA.close());
    const apiB = await startLocalApi(localApiOptions(dataDir, databaseUrl));
    cleanups.push(() => apiB.close());
    const a = await startSide('A', apiA, redis.url);
    cleanups.push(() => a.backend.close());
    const b = await startSide('B', apiB, redis.url);
    cleanups.push(() => b.backend.close());
    const parent = new TurnkeyClient({ baseUrl: apiA.url }, new ApiKeyStamper({ apiPublicKey: apiA.credentials.apiPublicKey, apiPrivateKey: apiA.credentials.apiPrivateKey }));
    return {
      pg: cluster,
      redis,
      dataDir,
      databaseUrl,
      sides: [a, b],
      async subOrgsFor(email) {
        const r = await parent.getSubOrgIds({ organizationId: apiA.credentials.organizationId, filterType: 'EMAIL', filterValue: email, paginationOptions: { limit: '100' } });
        return r.organizationIds;
      },
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}

/** Runs `fn` over `items` with at most `limit` at a time; results in the items' order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
