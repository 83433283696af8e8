/**
 * list_wallet_accounts (getWalletAccounts) — turnkey-wire.md §5. Accounts of one wallet or of the
 * whole organization, in creation order, paged by `limit` / `after` / `before` exactly as core
 * pages it (it asks again while a page holds `limit` accounts).
 */
import { Type } from '@sinclair/typebox';
import { defineQuery, PaginationOptions, QueryRequest } from './query.ts';
import { findWallet } from '../store/find.ts';
import { resolvePage } from './paginate.ts';
import { toWireAccount, toWireWallet } from './wire-shapes.ts';
import type { Wallet } from '@tkauth/wire';

interface Body {
  organizationId: string;
  walletId?: string;
  includeWalletDetails?: boolean;
  paginationOptions?: { limit?: string; before?: string; after?: string };
}

export default defineQuery<Body>({
  name: 'list_wallet_accounts',
  request: QueryRequest({ walletId: Type.Optional(Type.String({ maxLength: 64 })), includeWalletDetails: Type.Optional(Type.Boolean()), paginationOptions: PaginationOptions }),
  access: 'own-or-parent',
  async run({ db, scope }, body) {
    const orgId = scope.organizationId;
    if (body.walletId) await findWallet(db, orgId, body.walletId);
    const page = await resolvePage(body.paginationOptions, async (id) => {
      const row = await db.selectFrom('wallet_accounts').select('seq').where('id', '=', id).where('organization_id', '=', orgId).executeTakeFirst();
      return row?.seq;
    });
    let q = db
      .selectFrom('wallet_accounts')
      .select(['id', 'seq', 'organization_id', 'wallet_id', 'curve', 'path_format', 'path', 'address_format', 'address', 'public_key', 'created_at', 'updated_at'])
      .where('organization_id', '=', orgId);
    if (body.walletId) q = q.where('wallet_id', '=', body.walletId);
    if (page.afterSeq !== undefined) q = q.where('seq', '>', page.afterSeq);
    if (page.beforeSeq !== undefined) q = q.where('seq', '<', page.beforeSeq);
    // `before` alone means the page just before the cursor: read backwards, then restore order.
    const backwards = page.beforeSeq !== undefined && page.afterSeq === undefined;
    const rows = await q.orderBy('seq', backwards ? 'desc' : 'asc').limit(page.limit).execute();
    if (backwards) rows.reverse();

    let wallets = new Map<string, Wallet>();
    if (body.includeWalletDetails && rows.length > 0) {
      const ws = await db
        .selectFrom('wallets')
        .select(['id', 'name', 'exported', 'imported', 'created_at', 'updated_at'])
        .where('id', 'in', [...new Set(rows.map((r) => r.wallet_id))])
        .execute();
      wallets = new Map(ws.map((w) => [w.id, toWireWallet(w)]));
    }
    return {
      accounts: rows.map((r) => {
        const a = toWireAccount(r);
        const details = wallets.get(r.wallet_id);
        return details ? { ...a, walletDetails: details } : a;
      }),
    };
  },
});
