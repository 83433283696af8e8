/**
 * Servers for `npm run bench`, each in its own process (one Node thread = one core):
 *   bare       a bare Fastify route returning the JSON whoami returns — the HTTP-stack ceiling
 *   verify     the same route plus only the stamp check (raw body, header decode, node:crypto
 *              verify with a cached key): the floor any stamp-verifying Node server pays
 *   local-api  the real local API on SQLite in a fresh data dir (or BENCH_DATA_DIR), or on
 *              PostgreSQL (BENCH_DATABASE_URL)
 *   backend    our auth backend in front of the API named by the TURNKEY_* environment
 *              (rate limits raised for the bench, logging on at info)
 * Prints one line `BENCH {url, credentials?}` when listening.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { verify } from 'node:crypto';
import { P256KeyCache } from '../packages/local-api/src/crypto/p256.ts';
import Fastify from 'fastify';
import { startLocalApi } from '@tkauth/local-api';
import { serverConfigFromEnv, startBackend } from '@tkauth/server';

const mode = process.argv[2];
if (mode === 'bare') {
  const app = Fastify({ logger: false });
  const reply = JSON.parse(process.argv[3] ?? '{}');
  app.post('/public/v1/query/whoami', async () => reply);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const addr = app.server.address() as { port: number };
  console.log('BENCH ' + JSON.stringify({ url: `http://127.0.0.1:${addr.port}` }));
} else if (mode === 'verify') {
  const app = Fastify({ logger: false });
  const reply = JSON.parse(process.argv[3] ?? '{}');
  const key = new P256KeyCache().get(process.argv[4]!);
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  app.post('/public/v1/query/whoami', async (req, res) => {
    const stamp = JSON.parse(Buffer.from(String(req.headers['x-stamp']), 'base64url').toString());
    if (!verify('sha256', req.body as Buffer, key, Buffer.from(stamp.signature, 'hex'))) return res.code(401).send({});
    return reply;
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const addr = app.server.address() as { port: number };
  console.log('BENCH ' + JSON.stringify({ url: `http://127.0.0.1:${addr.port}` }));
} else if (mode === 'local-api') {
  // BENCH_DATA_DIR and BENCH_DATABASE_URL: several instances on one data dir and one PostgreSQL database.
  const dataDir = process.env.BENCH_DATA_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'tkauth-bench-'));
  const databaseUrl = process.env.BENCH_DATABASE_URL || undefined;
  const api = await startLocalApi({ port: 0, oidcPort: 0, dataDir, logLevel: (process.env.BENCH_LOG_LEVEL ?? 'info') as never, otpMaxPerContact: 100, ...(databaseUrl ? { databaseUrl } : {}) });
  console.log('BENCH ' + JSON.stringify({ url: api.url, credentials: api.credentials }));
} else if (mode === 'backend') {
  const big = '1000000';
  const backend = await startBackend(
    serverConfigFromEnv({
      ...process.env,
      PORT: '0',
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
      RATE_LIMIT_IP_PER_MINUTE: big,
      RATE_LIMIT_OTP_PER_CONTACT_PER_MINUTE: big,
      RATE_LIMIT_OTP_PER_CONTACT_PER_HOUR: big,
      RATE_LIMIT_VERIFY_PER_OTP: big,
    }),
    // The bench reads this process's stdout for its BENCH line; logs go to stderr.
    { logStream: process.stderr },
  );
  console.log('BENCH ' + JSON.stringify({ url: backend.url }));
} else {
  console.error('usage: servers.ts bare <json> | verify <json> <publicKey> | local-api');
  process.exit(2);
}
