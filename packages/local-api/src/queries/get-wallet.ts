/** get_wallet (turnkey-wire.md §5). */
import { Type } from '@sinclair/typebox';
import { defineQuery, QueryRequest } from './query.ts';
import { findWallet } from '../store/find.ts';
import { toWireWallet } from './wire-shapes.ts';

export default defineQuery<{ organizationId: string; walletId: string }>({
  name: 'get_wallet',
  request: QueryRequest({ walletId: Type.String({ maxLength: 64 }) }),
  access: 'own-or-parent',
  async run({ db, scope }, body) {
    return { wallet: toWireWallet(await findWallet(db, scope.organizationId, body.walletId)) };
  },
});
