/**
 * The dev OpenID Provider (dev mode only): a certified `oidc-provider` where any login name signs
 * in (it becomes `sub` and `email`), with one public client `tkauth-dev` (PKCE, loopback redirects
 * on any port — RFC 8252 §7.3). After the login form comes a one-button consent page. Its signing key
 * lives in `<data>/oidc-jwks.json` (0600), so tokens stay valid across restarts.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { exportJWK, generateKeyPair } from 'jose';
import Provider, { type KoaContextWithOIDC } from 'oidc-provider';
import { createSecretFileOnce } from '@tkauth/wire/secret-file';
import { LOOPBACK_ORIGIN } from '../http/loopback-origin.ts';

export const DEV_CLIENT_ID = 'tkauth-dev';
const REDIRECT_PATHS = ['/callback', '/oauth/callback', '/oauth-callback', '/auth/callback'];

export interface DevOidcProvider {
  issuer: string;
  clientId: string;
  jwksUri: string;
  close(): Promise<void>;
}

async function loadOrCreateJwks(dataDir: string): Promise<{ keys: object[]; cookieKey: string }> {
  const file = path.join(dataDir, 'oidc-jwks.json');
  if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8'));
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), kid: randomBytes(8).toString('hex'), use: 'sig', alg: 'RS256' };
  const content = { keys: [jwk], cookieKey: randomBytes(32).toString('hex') };
  return JSON.parse(createSecretFileOnce(file, JSON.stringify(content, null, 2) + '\n'));
}

export async function startDevOidcProvider(opts: { host: string; port: number; dataDir: string }): Promise<DevOidcProvider> {
  const { keys, cookieKey } = await loadOrCreateJwks(opts.dataDir);
  const server = http.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, resolve);
  });
  const port = (server.address() as { port: number }).port;
  const host = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  const issuer = `http://${host}:${port}`;
  const redirectUris = ['127.0.0.1', 'localhost'].flatMap((h) => REDIRECT_PATHS.map((p) => `http://${h}${p}`));

  // oidc-provider warns that the in-memory adapter and devInteractions are for development: this
  // provider is exactly that (dev mode only, loopback), so those two lines are noise here.
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (typeof args[0] === 'string' && args[0].startsWith('oidc-provider WARNING: a quick start development-only')) return;
    warn(...args);
  };
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: DEV_CLIENT_ID,
        application_type: 'native',
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code'],
        response_types: ['code'],
        redirect_uris: redirectUris,
      },
    ],
    jwks: { keys: keys as never },
    cookies: { keys: [cookieKey] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'] },
    ttl: { IdToken: 3600, AccessToken: 3600, AuthorizationCode: 600, Interaction: 3600, Session: 86400, Grant: 86400 },
    features: { devInteractions: { enabled: true } },
    // A page on loopback exchanges its code at /token from the browser (PKCE public client).
    clientBasedCORS: (_ctx: unknown, origin: string) => LOOPBACK_ORIGIN.test(origin),
    // Put email / email_verified in the id_token itself: the backend reads them from there.
    conformIdTokenClaims: false,
    async findAccount(_ctx: KoaContextWithOIDC, id: string) {
      return { accountId: id, claims: async () => ({ sub: id, email: id, email_verified: true }) };
    },
  });
  console.warn = warn;
  provider.on('server_error', (_ctx: unknown, err: Error) => process.stderr.write(`[dev-oidc] ${err.message}\n`));
  server.on('request', provider.callback());
  return {
    issuer,
    clientId: DEV_CLIENT_ID,
    jwksUri: `${issuer}/jwks`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
