/**
 * create_wallet_accounts — turnkey-wire.md §4.8.
 * Rules: root users only; the wallet must be in the addressed organization; a (path, address
 * format) pair exists once per wallet; `persist: false` derives addresses without storing them.
 */
import { Type, type Static } from '@sinclair/typebox';
import { defineActivity, requireRoot } from './activity.ts';
import { WalletAccountParams } from './schemas.ts';
import { addWalletAccounts } from '../wallets/create-wallet.ts';

const Params = Type.Object({
  walletId: Type.String({ maxLength: 64 }),
  accounts: Type.Array(WalletAccountParams, { minItems: 1, maxItems: 100 }),
  persist: Type.Optional(Type.Boolean()),
});

export default defineActivity<Static<typeof Params>>({
  name: 'create_wallet_accounts',
  versions: [{ type: 'ACTIVITY_TYPE_CREATE_WALLET_ACCOUNTS', intentKey: 'createWalletAccountsIntent', resultKey: 'createWalletAccountsResult', params: Params }],
  access: 'own-org',
  async run(ctx, p) {
    requireRoot(ctx);
    const addresses = await addWalletAccounts(ctx, ctx.scope.organizationId, p.walletId, p.accounts, 'parameters', p.persist ?? true);
    return { addresses };
  },
});
