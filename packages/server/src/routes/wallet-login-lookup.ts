/**
 * POST /wallet-login-lookup {publicKey} → {subOrganizationId} when a sub-organization holds that
 * key, else {}: the sign-up-or-login branch of an external-wallet login with your own backend
 * (turnkey-wire-logins.md §2.3, Turnkey's with-wallet example), asked before the device decides
 * whether to sign up. A public key names a credential the caller holds, not a person (as
 * /v1/account's PUBLIC_KEY): it is answered as is, under the per-IP limit every route has.
 * Only the account the backend made for that wallet answers (wallet-account-tag.ts): not an account
 * someone else added the key to, nor one holding the same hex as a P-256 key. With `curveType`,
 * only that curve is asked.
 */
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { RouteDeps } from '../deps.ts';
import { ErrorBody, PublicKeyHex, Strict, WalletCurveType } from '../schemas.ts';
import { checkAnyPublicKey, checkApiKeyPublicKey } from '../api-key-curves.ts';
import { findWalletAccount } from '../wallet-account-tag.ts';

const WalletLoginLookupBody = Type.Object({ publicKey: PublicKeyHex, curveType: Type.Optional(WalletCurveType) }, Strict);
const WalletLoginLookupResponse = Type.Object({ subOrganizationId: Type.Optional(Type.String()) });

export async function walletLoginLookupRoute(app: FastifyInstance, d: RouteDeps) {
  app.post<{ Body: Static<typeof WalletLoginLookupBody> }>(
    '/wallet-login-lookup',
    {
      schema: {
        summary: 'Which account the backend made for a wallet\'s public key: {subOrganizationId}, or {} when none',
        body: WalletLoginLookupBody,
        response: { 200: WalletLoginLookupResponse, '4xx': ErrorBody, '5xx': ErrorBody },
      },
    },
    async (req) => {
      const { publicKey, curveType } = req.body;
      const key = curveType ? checkApiKeyPublicKey(curveType, publicKey, 'publicKey') : checkAnyPublicKey(publicKey, 'publicKey');
      const subOrganizationId = await findWalletAccount(d, key, curveType);
      return subOrganizationId ? { subOrganizationId } : {};
    },
  );
}
