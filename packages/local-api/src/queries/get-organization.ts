/** get_organization — organizationData with users, wallets and root quorum (turnkey-wire.md §5). */
import { defineQuery, QueryRequest } from './query.ts';
import { findOrganization } from '../store/find.ts';
import { loadWireUsers, toWireWallet } from './wire-shapes.ts';

export default defineQuery<{ organizationId: string }>({
  name: 'get_organization',
  request: QueryRequest({}),
  access: 'own-or-parent',
  async run({ db, scope }) {
    const org = await findOrganization(db, scope.organizationId);
    const [users, roots, wallets] = await Promise.all([
      loadWireUsers(db, org.id),
      db.selectFrom('users').select('id').where('organization_id', '=', org.id).where('is_root', '=', 1).orderBy('created_at').execute(),
      db.selectFrom('wallets').select(['id', 'name', 'exported', 'imported', 'created_at', 'updated_at']).where('organization_id', '=', org.id).orderBy('created_at').execute(),
    ]);
    return {
      organizationData: {
        organizationId: org.id,
        name: org.name,
        users,
        policies: [],
        privateKeys: [],
        invitations: [],
        tags: [],
        rootQuorum: { threshold: org.root_quorum_threshold, userIds: roots.map((r) => r.id) },
        features: [],
        wallets: wallets.map(toWireWallet),
        smartContractInterfaceReferences: [],
      },
    };
  },
});
