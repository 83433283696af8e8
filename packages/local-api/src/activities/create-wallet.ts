/**
 * create_wallet — turnkey-wire.md §4.8.
 * Rules: root users only; a fresh BIP-39 mnemonic (12–24 words, default 12) from the CSPRNG;
 * every account checked (curve, address format, path) before anything is written.
 */
import { defineActivity, requireRoot } from './activity.ts';
import { WalletParams } from './schemas.ts';
import { createWallet } from '../wallets/create-wallet.ts';
import type { Static } from '@sinclair/typebox';

export default defineActivity<Static<typeof WalletParams>>({
  name: 'create_wallet',
  versions: [{ type: 'ACTIVITY_TYPE_CREATE_WALLET', intentKey: 'createWalletIntent', resultKey: 'createWalletResult', params: WalletParams }],
  access: 'own-org',
  async run(ctx, p) {
    requireRoot(ctx);
    return createWallet(ctx, ctx.scope.organizationId, p, 'parameters');
  },
});
