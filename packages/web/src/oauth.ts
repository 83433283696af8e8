/**
 * OAuth through the dev OpenID provider, as a redirect: authorization code + PKCE, with
 * nonce = sha256hex(device public key) (turnkey-wire.md §6.3) so the id_token is bound to this
 * device's key. The key pair is made before leaving; verifier, state and key wait in
 * sessionStorage for the return to /oauth/callback.
 */
import { oidcNonceFor } from '@tkauth/wire';

const PENDING = 'tkauth.oauth';
export const CALLBACK_PATH = '/oauth/callback';

const b64url = (b: Uint8Array) => btoa(String.fromCharCode(...b)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const random = (n: number) => b64url(crypto.getRandomValues(new Uint8Array(n)));

export async function startOauth(oidc: { issuer: string; clientId: string }, publicKey: string): Promise<never> {
  const verifier = random(32);
  const state = random(16);
  const challenge = b64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
  sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state, publicKey }));
  const url = new URL(`${oidc.issuer}/auth`);
  url.search = new URLSearchParams({
    client_id: oidc.clientId,
    redirect_uri: location.origin + CALLBACK_PATH,
    response_type: 'code',
    scope: 'openid email',
    nonce: oidcNonceFor(publicKey),
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString();
  location.assign(url.toString());
  return new Promise<never>(() => {});
}

/** On /oauth/callback: the id_token and the key it is bound to, or an error to show. */
export async function finishOauth(oidc: { issuer: string; clientId: string }): Promise<{ idToken: string; publicKey: string }> {
  const params = new URLSearchParams(location.search);
  const pending = JSON.parse(sessionStorage.getItem(PENDING) ?? 'null') as { verifier: string; state: string; publicKey: string } | null;
  sessionStorage.removeItem(PENDING);
  history.replaceState(null, '', '/');
  if (params.get('error')) throw new Error(`The sign-in provider said: ${params.get('error_description') ?? params.get('error')}`);
  if (!pending || params.get('state') !== pending.state) throw new Error('This sign-in did not start here, or started twice. Try again.');
  const res = await fetch(`${oidc.issuer}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', code: params.get('code') ?? '', redirect_uri: location.origin + CALLBACK_PATH, client_id: oidc.clientId, code_verifier: pending.verifier }),
  });
  const body = (await res.json()) as { id_token?: string; error_description?: string };
  if (!body.id_token) throw new Error(`The sign-in provider refused: ${body.error_description ?? res.status}`);
  return { idToken: body.id_token, publicKey: pending.publicKey };
}
