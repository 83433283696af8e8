/** whoami — the organization and user behind the stamp (turnkey-wire.md §5). */
import { defineQuery, QueryRequest } from './query.ts';

export default defineQuery<{ organizationId: string }>({
  name: 'whoami',
  request: QueryRequest({}),
  access: 'own-or-parent',
  async run({ scope }) {
    const p = scope.principal;
    return { organizationId: p.organizationId, organizationName: p.organizationName, userId: p.userId, username: p.userName };
  },
});
