/**
 * POST /oauth-login {oidcToken, publicKey, providerName?, expirationSeconds?} → {sessionToken}.
 * The token's nonce must be sha256(publicKey) (turnkey-wire.md §6.3) — checked before anything is
 * created; then the sub-organization holding that OAuth identity is found (OIDC_TOKEN), or created
 * with the provider (and the token's email, when the issuer says it is verified); then oauth_login.
 * The API verifies the token's signature, issuer, audience and expiry on every step.
 */
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { BackendError, decodeJwtClaims, oidcNonceFor } from '@tkauth/wire';
import type { RouteDeps } from '../deps.ts';
import { CompressedP256, ErrorBody, ExpirationSeconds, Jwt, Strict } from '../schemas.ts';
import { sessionSeconds } from '../session-seconds.ts';

export const OauthLoginBody = Type.Object(
  { oidcToken: Jwt, publicKey: CompressedP256, providerName: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })), expirationSeconds: Type.Optional(ExpirationSeconds) },
  Strict,
);

export async function oauthLoginRoute(app: FastifyInstance, d: RouteDeps) {
  app.post<{ Body: Static<typeof OauthLoginBody> }>(
    '/oauth-login',
    {
      schema: {
        summary: 'Log in (creating the account on first login) with an OpenID id_token',
        body: OauthLoginBody,
        response: { 200: Type.Object({ sessionToken: Type.String() }), '4xx': ErrorBody, '5xx': ErrorBody },
      },
    },
    async (req) => oauthLogin(d, req.body, req.upstreamActivities),
  );
}

export interface OauthLoginInput extends Static<typeof OauthLoginBody> {
  invalidateExisting?: boolean;
  /** As for OTP: the caller may name the account, which must be the one the token proves. */
  organizationId?: string;
}

/** The lock key of an OAuth identity: one account per (iss, sub), whichever route creates it. */
export const oauthIdentityKey = (iss: string, sub: string) => `OIDC:${iss}:${sub}`;

export async function oauthLogin(d: RouteDeps, b: OauthLoginInput, activities: string[]): Promise<{ sessionToken: string }> {
  const publicKey = b.publicKey.toLowerCase();
  let claims: Record<string, unknown>;
  try {
    claims = decodeJwtClaims(b.oidcToken);
  } catch {
    throw new BackendError('OIDC_INVALID', 'not a JWT');
  }
  const nonce = oidcNonceFor(publicKey);
  if (claims.nonce !== nonce && claims.tknonce !== nonce) throw new BackendError('OIDC_INVALID', 'nonce is not sha256(publicKey)');
  const { iss, sub } = claims;
  if (typeof iss !== 'string' || typeof sub !== 'string') throw new BackendError('OIDC_INVALID', 'iss and sub are required');

  const subOrgId = await d.accounts.run(oauthIdentityKey(iss, sub), async () => {
    const existing = await d.api.findSubOrg('OIDC_TOKEN', b.oidcToken);
    if (b.organizationId !== undefined && b.organizationId !== existing) throw new BackendError('ORGANIZATION_MISMATCH');
    if (existing) return existing;
    const email = claims.email_verified === true && typeof claims.email === 'string' ? claims.email.toLowerCase() : undefined;
    const created = await d.api.createSubOrg({
      userName: email ?? sub,
      ...(email ? { userEmail: email } : {}),
      oauthProviders: [{ providerName: b.providerName ?? 'oidc', oidcToken: b.oidcToken }],
    });
    activities.push(created.activityId);
    return created.subOrganizationId;
  });
  const login = await d.api.oauthLogin(subOrgId, b.oidcToken, publicKey, sessionSeconds(b.expirationSeconds, d.config), b.invalidateExisting);
  activities.push(login.activityId);
  return { sessionToken: login.session };
}
