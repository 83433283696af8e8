/**
 * `tkauth dev` (= `npm start`): the whole system on loopback — the local API on SQLite (data in
 * .tkauth/) with its dev OpenID provider, the backend wired to the API's own credentials, and the
 * web page (built with Vite) — then one short block saying where things are. Ctrl-C stops all;
 * a second start reuses the data.
 */
import net from 'node:net';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { localApiConfig, OTP_MAX_ATTEMPTS, startLocalApi } from '@tkauth/local-api';
import { serverConfigFromEnv, startBackend } from '@tkauth/server';
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
      },
      strict: true,
    }));
  } catch (e) {
    process.stderr.write(`tkauth dev: ${(e as Error).message}\n`);
    return 2;
  }
  const ports: Record<string, number> = {};
  for (const [key, what, fallback] of PORTS) {
    const raw = values[`${key}-port`];
    const port = raw === undefined ? fallback : Number(raw);
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      process.stderr.write(`tkauth dev: --${key}-port must be a port number (1-65535), got ${JSON.stringify(raw)}\n`);
      return 2;
    }
    if (!(await portFree(port))) {
      process.stderr.write(`tkauth dev: port ${port} (the ${what}) is already in use; choose another with --${key}-port, or stop what is using it\n`);
      return 2;
    }
    ports[key] = port;
  }
  const dataDir = path.resolve(values.data ?? '.tkauth');
  const logLevel = (values['log-level'] ?? 'warn') as never;
  const say = (line: string) => process.stdout.write(line + '\n');

  say(`starting tkauth (data in ${path.relative(process.cwd(), dataDir) || '.'}) …`);
  const api = await startLocalApi(localApiConfig({ host: HOST, port: ports.api!, oidcPort: ports.oidc!, dataDir, dev: true, logLevel }));
  const webOrigin = `http://${HOST}:${ports.web}`;
  const c = api.credentials;
  const backend = await startBackend(
    serverConfigFromEnv({
      HOST,
      PORT: String(ports.backend),
      TURNKEY_API_URL: c.apiBaseUrl,
      TURNKEY_ORGANIZATION_ID: c.organizationId,
      TURNKEY_API_PUBLIC_KEY: c.apiPublicKey,
      TURNKEY_API_PRIVATE_KEY: c.apiPrivateKey,
      CORS_ORIGINS: `${webOrigin},http://localhost:${ports.web}`,
      LOG_LEVEL: logLevel,
    }),
  );
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
      `  backend       ${backend.url}   (API docs at /docs)`,
      `  local API     ${api.url}   (SQLite in ${dataDir})`,
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
    await backend.close();
    await api.close();
  });
}

