/** list_wallets (getWallets) (turnkey-wire.md §5). */
import { defineQuery, QueryRequest } from './query.ts';
import { toWireWallet } from './wire-shapes.ts';

export default defineQuery<{ organizationId: string }>({
  name: 'list_wallets',
  request: QueryRequest({}),
  access: 'own-or-parent',
  async run({ db, scope }) {
    const rows = await db
      .selectFrom('wallets')
      .select(['id', 'name', 'exported', 'imported', 'created_at', 'updated_at'])
      .where('organization_id', '=', scope.organizationId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return { wallets: rows.map(toWireWallet) };
  },
});
