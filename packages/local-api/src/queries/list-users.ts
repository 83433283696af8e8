/** list_users (getUsers) (turnkey-wire.md §5). */
import { defineQuery, QueryRequest } from './query.ts';
import { loadWireUsers } from './wire-shapes.ts';

export default defineQuery<{ organizationId: string }>({
  name: 'list_users',
  request: QueryRequest({}),
  access: 'own-or-parent',
  async run({ db, scope }) {
    return { users: await loadWireUsers(db, scope.organizationId) };
  },
});
