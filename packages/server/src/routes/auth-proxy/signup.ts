/**
 * /v1/signup and /v1/signup_v2 (ProxyTSignupBody, ProxyTSignupV2Body) → {organizationId, userId,
 * wallet?}: the backend's /signup with the proxy's field names. The same rules: an email or phone
 * needs a verification token proving it (the clientSignature core adds is passed on to
 * CREATE_SUB_ORGANIZATION_V8, which checks it); a contact or OAuth identity with an account → 409.
 * An OAuth provider must come with its id_token: `oidcClaims` alone would attach an identity
 * nobody proved. `userTag` is accepted and ignored (no user tags yet). A wallet's key comes without
 * proof in this protocol, so its account holds that key alone (signup.ts checkWalletSignup).
 */
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { BackendError } from '@tkauth/wire';
import type { RouteDeps } from '../../deps.ts';
import { ClientSignature, E164, Email, Jwt, Strict } from '../../schemas.ts';
import { ApiKey, Authenticator, signup } from '../signup.ts';
import { proxyErrors } from './schemas.ts';

const OauthProviderV2 = Type.Object(
  {
    providerName: Type.String({ minLength: 1, maxLength: 64 }),
    oidcToken: Type.Optional(Jwt),
    oidcClaims: Type.Optional(Type.Object({ iss: Type.String(), sub: Type.String(), aud: Type.String() })),
  },
  Strict,
);
const WalletParams = Type.Object(
  {
    walletName: Type.String({ minLength: 1, maxLength: 256 }),
    accounts: Type.Array(
      Type.Object({ curve: Type.String({ maxLength: 64 }), pathFormat: Type.String({ maxLength: 64 }), path: Type.String({ maxLength: 128 }), addressFormat: Type.String({ maxLength: 64 }), name: Type.Optional(Type.String({ maxLength: 256 })) }, Strict),
      { maxItems: 20 },
    ),
    mnemonicLength: Type.Optional(Type.Integer({ minimum: 12, maximum: 24 })),
  },
  Strict,
);
const ProxySignupBody = Type.Object(
  {
    userEmail: Type.Optional(Email),
    userPhoneNumber: Type.Optional(E164),
    userTag: Type.Optional(Type.String({ maxLength: 256 })),
    userName: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
    organizationName: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
    verificationToken: Type.Optional(Jwt),
    apiKeys: Type.Array(ApiKey, { maxItems: 10 }),
    authenticators: Type.Array(Authenticator, { maxItems: 10 }),
    oauthProviders: Type.Array(OauthProviderV2, { maxItems: 10 }),
    wallet: Type.Optional(WalletParams),
    clientSignature: Type.Optional(ClientSignature),
  },
  Strict,
);
const ProxySignupResponse = Type.Object({
  organizationId: Type.String(),
  userId: Type.String(),
  wallet: Type.Optional(Type.Object({ walletId: Type.String(), addresses: Type.Array(Type.String()) })),
});

type Body = Static<typeof ProxySignupBody>;

function provenProviders(providers: Body['oauthProviders']) {
  return providers.map((p, i) => {
    if (!p.oidcToken || p.oidcClaims) throw new BackendError('VALIDATION_FAILED', `oauthProviders[${i}] needs an oidcToken (oidcClaims alone are not accepted)`);
    return { providerName: p.providerName, oidcToken: p.oidcToken };
  });
}

export async function signupRoutes(app: FastifyInstance, d: RouteDeps) {
  for (const route of ['/signup', '/signup_v2']) {
    app.post<{ Body: Body }>(
      route,
      { schema: { summary: 'Auth proxy: create an account (a sub-organization with a wallet)', body: ProxySignupBody, response: { 200: ProxySignupResponse, ...proxyErrors } } },
      async (req) => {
        const b = req.body;
        const created = await signup(
          d,
          {
            ...(b.userEmail ? { userEmail: b.userEmail } : {}),
            ...(b.userPhoneNumber ? { userPhoneNumber: b.userPhoneNumber } : {}),
            ...(b.userName ? { userName: b.userName } : {}),
            ...(b.verificationToken ? { verificationToken: b.verificationToken } : {}),
            ...(b.clientSignature ? { clientSignature: b.clientSignature } : {}),
            ...(b.organizationName ? { subOrganizationName: b.organizationName } : {}),
            ...(b.wallet ? { embeddedWallet: b.wallet } : {}),
            apiKeys: b.apiKeys,
            authenticators: b.authenticators,
            oauthProviders: provenProviders(b.oauthProviders),
          },
          req.upstreamActivities,
          // core's signUpWithWallet sends the wallet's key with no proof (its pre-signed login goes straight to the API).
          'not-in-protocol',
        );
        return { organizationId: created.subOrganizationId, userId: created.userId, ...(created.wallet.walletId ? { wallet: created.wallet } : {}) };
      },
    );
  }
}
