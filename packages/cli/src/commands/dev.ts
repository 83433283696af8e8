/**
 * `tkauth dev` (= `npm start`): the whole system on loopback — the local API on SQLite (data in
 * .tkauth/) with its dev OpenID provider, the backend wired to the API's own credentials, and the
 * web page (built with Vite) — then one short block saying where things are. Ctrl-C stops all;
 * a second start reuses the data.
 * `--instances N --database-url postgres://… --redis-url redis://…` starts N local APIs on one
 * PostgreSQL database (and one data dir) and N backends sharing one Redis, backend i in front of
 * API i, on consecutive ports: the production shape on one machine. The page talks to the first.
 */
import net from 'node:net';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { type LocalApi, localApiConfig, OTP_MAX_ATTEMPTS, redactUrl, startLocalApi, StoreUnavailableError } from '@tkauth/local-api';
import { type Backend, serverConfigFromEnv, startBackend } from '@tkauth/server';
import { buildWeb } from '@tkauth/web/build';
import { createWebServer } from './web-server.ts';
import { serveUntilSignal } from './serve-until-signal.ts';

const HOST = '127.0.0.1';
const PORTS = [
  ['web', 'web page', 5173],
  ['backend', 'backend', 3000],
  ['api', 'local API', 8090],
  ['oidc', 'dev OpenID provider', 8091],
] as const;

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen(port, HOST, () => s.close(() => resolve(true)));
  });
}

export async function devCommand(argv: string[]): Promise<number> {
  const started = performance.now();
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        data: { type: 'string' },
        'web-port': { type: 'string' },
        'backend-port': { type: 'string' },
        'api-port': { type: 'string' },
        'oidc-port': { type: 'string' },
        'log-level': { type: 'string' },
        instances: { type: 'string' },
        'database-url': { type: 'string' },
        'redis-url': { type: 'string' },
      },
      strict: true,
    }));
  } catch (e) {
    process.stderr.write(`tkauth dev: ${(e as Error).message}\n`);
    return 2;
  }
  const instances = values.instances === undefined ? 1 : Number(values.instances);
  if (!Number.isInteger(instances) || instances < 1 || instances > 8) {
    process.stderr.write(`tkauth dev: --instances must be 1..8, got ${JSON.stringify(values.instances)}\n`);
    return 2;
  }
  const databaseUrl = values['database-url'] ?? (process.env.TKAUTH_DATABASE_URL || undefined);
  const redisUrl = values['redis-url'] ?? (process.env.REDIS_URL || undefined);
  if (instances > 1 && (!databaseUrl || !redisUrl)) {
    process.stderr.write('tkauth dev: --instances 2 or more needs --database-url postgres://… and --redis-url redis://… (SQLite and in-memory limits are one process\'s)\n');
    return 2;
  }
  // Instance i uses the base port + i for the backend and + 2i for the API and its OpenID provider.
  const ports: Record<string, number> = {};
  for (const [key, , fallback] of PORTS) {
    const raw = values[`${key}-port`];
    const port = raw === undefined ? fallback : Number(raw);
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      process.stderr.write(`tkauth dev: --${key}-port must be a port number (1-65535), got ${JSON.stringify(raw)}\n`);
      return 2;
    }
    ports[key] = port;
  }
  const portOf = (key: string, i: number) => ports[key]! + (key === 'web' ? 0 : key === 'backend' ? i : 2 * i);
  for (const [key, what] of PORTS) {
    for (let i = 0; i < (key === 'web' ? 1 : instances); i++) {
      const port = portOf(key, i);
      if (!(await portFree(port))) {
        process.stderr.write(`tkauth dev: port ${port} (the ${what}${instances > 1 && key !== 'web' ? ` of instance ${i + 1}` : ''}) is already in use; choose another with --${key}-port, or stop what is using it\n`);
        return 2;
      }
    }
  }
  const dataDir = path.resolve(values.data ?? '.tkauth');
  const logLevel = (values['log-level'] ?? 'warn') as never;
  const say = (line: string) => process.stdout.write(line + '\n');

  say(`starting tkauth (data in ${path.relative(process.cwd(), dataDir) || '.'}${instances > 1 ? `, ${instances} instances of each server` : ''}) …`);
  const apis: LocalApi[] = [];
  const backends: Backend[] = [];
  try {
    for (let i = 0; i < instances; i++) {
      // One after the other: the first creates the data dir's keys and the parent organization, the others find them.
      // The page signs in with the first instance's dev OpenID provider: the others trust it too,
      // so an id_token reaches its account through whichever pair the request goes to.
      const first = apis[0]?.oidc;
      const oidcIssuers = first ? [{ issuer: first.issuer, jwksUri: `${first.issuer}/jwks`, audiences: [first.clientId] }] : [];
      apis.push(await startLocalApi(localApiConfig({ host: HOST, port: portOf('api', i), oidcPort: portOf('oidc', i), dataDir, dev: true, logLevel, oneSubOrgPerVerifiedContact: true, oidcIssuers, ...(databaseUrl ? { databaseUrl } : {}) })));
    }
  } catch (e) {
    await Promise.all(apis.map((a) => a.close()));
    if (e instanceof StoreUnavailableError) {
      process.stderr.write(`tkauth dev: ${e.code}: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
  const api = apis[0]!;
  const webOrigin = `http://${HOST}:${ports.web}`;
  const c = api.credentials;
  for (let i = 0; i < instances; i++) {
    backends.push(
      await startBackend(
        serverConfigFromEnv({
          HOST,
          PORT: String(portOf('backend', i)),
          TURNKEY_API_URL: apis[i]!.url,
          TURNKEY_ORGANIZATION_ID: c.organizationId,
          TURNKEY_API_PUBLIC_KEY: c.apiPublicKey,
          TURNKEY_API_PRIVATE_KEY: c.apiPrivateKey,
          CORS_ORIGINS: `${webOrigin},http://localhost:${ports.web}`,
          LOG_LEVEL: logLevel,
          ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
        }),
      ),
    );
  }
  const backend = backends[0]!;
  say('building the web page …');
  const webDir = path.join(dataDir, 'web');
  await buildWeb(webDir);
  const web = createWebServer(webDir, {
    backendUrl: backend.url,
    apiBaseUrl: api.url,
    organizationId: c.organizationId,
    oidc: api.oidc ?? null,
    devOutboxUrl: `${api.url}/dev/outbox`,
    otpMaxAttempts: OTP_MAX_ATTEMPTS,
    sessionSeconds: 900,
  });
  await new Promise<void>((resolve, reject) => {
    web.once('error', reject);
    web.listen(ports.web, HOST, resolve);
  });

  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  say(
    [
      '',
      // Passkeys need a domain as their relying party: WebAuthn refuses an IP address.
      `  web page      http://localhost:${ports.web}   ← open this and sign in with any email or a passkey`,
      ...backends.map((b, i) => `  backend       ${b.url}   (API docs at /docs)${instances > 1 ? `  instance ${i + 1}, in front of ${apis[i]!.url}` : ''}`),
      ...apis.map((a) => `  local API     ${a.url}   (${databaseUrl ? `PostgreSQL ${redactUrl(databaseUrl)}` : `SQLite in ${dataDir}`})`),
      ...(redisUrl ? [`  shared Redis  ${redactUrl(redisUrl)}   (rate limits, account lock)`] : []),
      ...(api.oidc ? [`  dev OpenID    ${api.oidc.issuer}   (any login name signs in)`] : []),
      `  dev outbox    ${api.url}/dev/outbox   (one-time codes; also shown on the page)`,
      '',
      `ready in ${seconds} s — Ctrl-C stops everything`,
    ].join('\n'),
  );

  return serveUntilSignal(async () => {
    say('\nstopping …');
    const closed = new Promise<void>((resolve) => web.close(() => resolve()));
    // A browser tab keeps its connection open; the page is going away anyway.
    web.closeAllConnections();
    await closed;
    await Promise.all(backends.map((b) => b.close()));
    await Promise.all(apis.map((a) => a.close()));
  });
}

