/**
 * `tkauth local-api`: flags and environment into one validated config, then the server. Prints the
 * four lines the backend reads (TURNKEY_*); they are the local API's own admin credentials.
 */
import { parseArgs } from 'node:util';
import path from 'node:path';
import { ConfigError, localApiConfig, redactUrl, startLocalApi, StoreUnavailableError } from '@tkauth/local-api';
import { serveUntilSignal } from './serve-until-signal.ts';

function parseIssuers(json: string | undefined) {
  if (!json) return undefined;
  try {
    return JSON.parse(json);
  } catch {
    throw new ConfigError('TKAUTH_OIDC_ISSUERS is not JSON: expected [{"issuer","jwksUri","audiences":[…]}]');
  }
}

/** A comma-separated setting; undefined when unset, so the default applies. */
const list = (v: string | undefined) => (v ? v.split(',').map((x) => x.trim()).filter((x) => x !== '') : undefined);

export async function localApiCommand(argv: string[]): Promise<number> {
  let config;
  try {
    const { values } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        data: { type: 'string' },
        'database-url': { type: 'string' },
        dev: { type: 'boolean' },
        'no-dev': { type: 'boolean' },
        'log-level': { type: 'string' },
        'oidc-port': { type: 'string' },
      },
      strict: true,
    });
    const env = process.env;
    const port = values.port ?? env.TKAUTH_LOCAL_API_PORT;
    const int = (v: string | undefined) => (v === undefined || v === '' ? undefined : Number(v));
    config = localApiConfig({
      port: port === undefined ? undefined : Number(port),
      host: values.host ?? process.env.TKAUTH_LOCAL_API_HOST,
      dataDir: path.resolve(values.data ?? process.env.TKAUTH_DATA_DIR ?? '.tkauth'),
      databaseUrl: values['database-url'] ?? (env.TKAUTH_DATABASE_URL || undefined),
      databasePoolSize: int(env.TKAUTH_DATABASE_POOL_SIZE),
      databaseStatementTimeoutMs: int(env.TKAUTH_DATABASE_STATEMENT_TIMEOUT_MS),
      oneSubOrgPerVerifiedContact: env.TKAUTH_ONE_SUBORG_PER_VERIFIED_CONTACT === undefined ? undefined : env.TKAUTH_ONE_SUBORG_PER_VERIFIED_CONTACT === 'true',
      dev: !values['no-dev'],
      masterKeyHex: process.env.TKAUTH_MASTER_KEY || undefined,
      publicUrl: process.env.TKAUTH_PUBLIC_URL || undefined,
      logLevel: (values['log-level'] ?? env.TKAUTH_LOG_LEVEL ?? 'info') as never,
      smtpUrl: env.TKAUTH_SMTP_URL || undefined,
      smtpFrom: env.TKAUTH_SMTP_FROM || undefined,
      smtpFromName: env.TKAUTH_SMTP_FROM_NAME || undefined,
      smsWebhookUrl: env.TKAUTH_SMS_WEBHOOK_URL || undefined,
      otpMaxPerContact: int(env.TKAUTH_OTP_MAX_PER_CONTACT),
      otpWindowSeconds: int(env.TKAUTH_OTP_WINDOW_SECONDS),
      oidcPort: int(values['oidc-port'] ?? env.TKAUTH_OIDC_PORT),
      oidcIssuers: parseIssuers(env.TKAUTH_OIDC_ISSUERS),
      webauthnRpIds: list(env.TKAUTH_WEBAUTHN_RP_ID),
      webauthnOrigins: list(env.TKAUTH_WEBAUTHN_ORIGINS),
    });
  } catch (e) {
    const code = e instanceof ConfigError ? e.code : 'ERR_CONFIG_INVALID';
    process.stderr.write(`tkauth local-api: ${code}: ${(e as Error).message}\n`);
    return 2;
  }

  let api;
  try {
    api = await startLocalApi(config);
  } catch (e) {
    // The database away at start is the operator's to fix: one line, exit 1, no stack.
    if (e instanceof StoreUnavailableError || e instanceof ConfigError) {
      process.stderr.write(`tkauth local-api: ${e.code}: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
  const c = api.credentials;
  process.stdout.write(
    [
      `tkauth local API listening on ${api.url} (data: ${config.dataDir}; store: ${config.databaseUrl ? `PostgreSQL ${redactUrl(config.databaseUrl)}` : 'SQLite'}${config.dev ? '; dev mode' : ''})`,
      ...(config.dev ? [`dev outbox (one-time codes): ${api.url}/dev/outbox`] : []),
      ...(api.oidc ? [`dev OpenID provider: ${api.oidc.issuer} (client id ${api.oidc.clientId}; any login name signs in)`] : []),
      `credentials: ${path.join(config.dataDir, 'credentials.json')}`,
      '',
      `TURNKEY_API_URL=${c.apiBaseUrl}`,
      `TURNKEY_ORGANIZATION_ID=${c.organizationId}`,
      `TURNKEY_API_PUBLIC_KEY=${c.apiPublicKey}`,
      `TURNKEY_API_PRIVATE_KEY=${c.apiPrivateKey}`,
      '',
    ].join('\n'),
  );
  const running = api;
  return serveUntilSignal({ stop: () => running.close(), drain: () => running.drain() });
}
