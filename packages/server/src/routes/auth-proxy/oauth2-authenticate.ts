/**
 * /v1/oauth2_authenticate {provider, authCode, redirectUri, codeVerifier, nonce, clientId} →
 * {oidcToken}: the authorization code is exchanged (PKCE) at the provider's token endpoint from
 * OAUTH2_PROVIDERS, and the id_token it answers is handed back for oauth_login, once its nonce is
 * the one the device asked for (sha256 of its key). The API verifies the token itself at login.
 * Providers that answer no id_token (X, Discord) need Turnkey to mint one: not offered here.
 */
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { BackendError, decodeJwtClaims } from '@tkauth/wire';
import type { RouteDeps } from '../../deps.ts';
import type { OAuth2Provider } from '../../config.ts';
import { Strict } from '../../schemas.ts';
import { proxyErrors } from './schemas.ts';

const Body = Type.Object(
  {
    provider: Type.String({ pattern: '^OAUTH2_PROVIDER_[A-Z0-9_]+$', maxLength: 64 }),
    authCode: Type.String({ minLength: 1, maxLength: 2048 }),
    redirectUri: Type.String({ minLength: 1, maxLength: 2048 }),
    codeVerifier: Type.String({ minLength: 43, maxLength: 128 }),
    nonce: Type.String({ pattern: '^[0-9a-f]{64}$' }),
    clientId: Type.String({ minLength: 1, maxLength: 256 }),
  },
  Strict,
);

async function exchange(p: OAuth2Provider, b: Static<typeof Body>, fetchFn: typeof fetch): Promise<string> {
  const form = new URLSearchParams({ grant_type: 'authorization_code', code: b.authCode, redirect_uri: b.redirectUri, code_verifier: b.codeVerifier, client_id: p.clientId });
  if (p.clientSecret) form.set('client_secret', p.clientSecret);
  let res: Response;
  try {
    res = await fetchFn(p.tokenEndpoint, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, body: form, signal: AbortSignal.timeout(10_000) });
  } catch {
    throw new BackendError('OAUTH2_PROVIDER_UNAVAILABLE');
  }
  const answer = (await res.json().catch(() => ({}))) as { id_token?: unknown; error?: unknown };
  if (!res.ok) throw new BackendError('OAUTH2_EXCHANGE_FAILED', typeof answer.error === 'string' ? answer.error.slice(0, 64) : `status ${res.status}`);
  if (typeof answer.id_token !== 'string') throw new BackendError('OAUTH2_EXCHANGE_FAILED', 'the provider answered no id_token');
  return answer.id_token;
}

export async function oauth2AuthenticateRoute(app: FastifyInstance, d: RouteDeps) {
  app.post<{ Body: Static<typeof Body> }>(
    '/oauth2_authenticate',
    { schema: { summary: 'Auth proxy: exchange an OAuth 2.0 authorization code for an id_token bound to the device key', body: Body, response: { 200: Type.Object({ oidcToken: Type.String() }), ...proxyErrors } } },
    async (req) => {
      const b = req.body;
      const p = d.config.oauth2Providers[b.provider];
      if (!p || p.clientId !== b.clientId) throw new BackendError('OAUTH2_PROVIDER_NOT_CONFIGURED', b.provider);
      const oidcToken = await exchange(p, b, fetch);
      let nonce: unknown;
      try {
        nonce = decodeJwtClaims(oidcToken).nonce;
      } catch {
        throw new BackendError('OAUTH2_EXCHANGE_FAILED', 'the id_token is not a JWT');
      }
      if (nonce !== b.nonce) throw new BackendError('OIDC_INVALID', 'the id_token nonce is not the one asked for');
      return { oidcToken };
    },
  );
}
