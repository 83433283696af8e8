/**
 * POST /wallet-login-lookup {publicKey} → {subOrganizationId} when a sub-organization holds that
 * key, else {}: the sign-up-or-login branch of an external-wallet login with your own backend
 * (turnkey-wire-logins.md §2.3, Turnkey's with-wallet example), asked before the device decides
 * whether to sign up. A public key names a credential the caller holds, not a person (as
 * /v1/account's PUBLIC_KEY): it is answered as is, under the per-IP limit every route has.
 */
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { RouteDeps } from '../deps.ts';
import { ErrorBody, PublicKeyHex, Strict } from '../schemas.ts';
import { checkAnyPublicKey } from '../api-key-curves.ts';

const WalletLoginLookupBody = Type.Object({ publicKey: PublicKeyHex }, Strict);
const WalletLoginLookupResponse = Type.Object({ subOrganizationId: Type.Optional(Type.String()) });

export async function walletLoginLookupRoute(app: FastifyInstance, d: RouteDeps) {
  app.post<{ Body: Static<typeof WalletLoginLookupBody> }>(
    '/wallet-login-lookup',
    {
      schema: {
        summary: 'Which account holds a wallet\'s (or any API) public key: {subOrganizationId}, or {} when none',
        body: WalletLoginLookupBody,
        response: { 200: WalletLoginLookupResponse, '4xx': ErrorBody, '5xx': ErrorBody },
      },
    },
    async (req) => {
      const subOrganizationId = await d.api.findSubOrg('PUBLIC_KEY', checkAnyPublicKey(req.body.publicKey, 'publicKey'));
      return subOrganizationId ? { subOrganizationId } : {};
    },
  );
}
