/**
 * OpenID helpers for tests: the real authorization-code flow (PKCE) against the dev provider, and a
 * test issuer (our own key, our own JWKS endpoint) for tokens no honest provider would mint.
 */
import http from 'node:http';
import { createHash, randomBytes } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload } from 'jose';

const b64url = (b: Buffer) => b.toString('base64url');

class CookieJar {
  private readonly cookies = new Map<string, string>();
  take(res: Response): void {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const eq = pair!.indexOf('=');
      this.cookies.set(pair!.slice(0, eq), pair!.slice(eq + 1));
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

export interface DevAuthorizationCode {
  code: string;
  codeVerifier: string;
  redirectUri: string;
}

/** Signs in at the dev provider as `login` through /auth → login form → consent; returns the authorization code (PKCE). */
export async function devAuthorizationCode(issuer: string, clientId: string, login: string, nonce: string): Promise<DevAuthorizationCode> {
  const jar = new CookieJar();
  const verifier = b64url(randomBytes(32));
  const redirectUri = 'http://127.0.0.1/callback';
  const auth = new URL(`${issuer}/auth`);
  auth.search = new URLSearchParams({
    client_id: clientId,
    redirect_uri: redirectUri,
    response_type: 'code',
    scope: 'openid email',
    nonce,
    state: b64url(randomBytes(8)),
    code_challenge: b64url(createHash('sha256').update(verifier).digest()),
    code_challenge_method: 'S256',
  }).toString();

  let res = await fetch(auth, { redirect: 'manual' });
  jar.take(res);
  let location = new URL(res.headers.get('location')!, issuer);
  for (let hop = 0; hop < 10 && !location.href.startsWith(redirectUri); hop++) {
    if (location.pathname.startsWith('/interaction/')) {
      // The page says which prompt it is (login, then consent); answer it as a person would.
      const page = await (await fetch(location, { headers: { cookie: jar.header() } })).text();
      const prompt = /name="prompt" value="([a-z]+)"/.exec(page)?.[1];
      const form: Record<string, string> = prompt === 'login' ? { prompt, login, password: 'any' } : { prompt: prompt ?? 'consent' };
      res = await fetch(location, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(form).toString(),
      });
    } else {
      res = await fetch(location, { redirect: 'manual', headers: { cookie: jar.header() } });
    }
    jar.take(res);
    const next = res.headers.get('location');
    if (!next) throw new Error(`dev provider stopped at ${location.pathname} with ${res.status}: ${(await res.text()).slice(0, 300)}`);
    location = new URL(next, issuer);
  }
  const code = location.searchParams.get('code');
  if (!code) throw new Error(`no code in ${location.href}`);
  return { code, codeVerifier: verifier, redirectUri };
}

/** The whole authorization-code flow at the dev provider; returns the id_token. */
export async function devIdToken(issuer: string, clientId: string, login: string, nonce: string): Promise<string> {
  const { code, codeVerifier: verifier, redirectUri } = await devAuthorizationCode(issuer, clientId, login, nonce);
  const token = await fetch(`${issuer}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, client_id: clientId, code_verifier: verifier }).toString(),
  });
  const body = (await token.json()) as { id_token?: string; error?: string };
  if (!body.id_token) throw new Error(`token endpoint: ${JSON.stringify(body)}`);
  return body.id_token;
}

export interface TestIssuer {
  issuer: string;
  jwksUri: string;
  mint(claims: JWTPayload, opts?: { expiresIn?: string | number }): Promise<string>;
  close(): Promise<void>;
}

/** An issuer we control: a JWKS endpoint on loopback and a key to sign any claims with. */
export async function startTestIssuer(): Promise<TestIssuer> {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'test-1', alg: 'ES256', use: 'sig' };
  const server = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] })));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const issuer = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return {
    issuer,
    jwksUri: `${issuer}/jwks`,
    mint: (claims, opts = {}) => {
      const jwt = new SignJWT({ iss: issuer, ...claims }).setProtectedHeader({ alg: 'ES256', kid: 'test-1' }).setIssuedAt();
      return jwt.setExpirationTime(opts.expiresIn ?? '10m').sign(privateKey);
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
