/** whoami — the organization and user behind the stamp (turnkey-wire.md §5). */
import { defineQuery, QueryRequest } from './query.ts';

export default defineQuery<{ organizationId: string }>({
  name: 'whoami',
  request: QueryRequest({}),
  access: 'own-or-parent',
  async run({ db, scope }) {
    const p = scope.principal;
    const row = await db
      .selectFrom('users')
      .innerJoin('organizations', 'organizations.id', 'users.organization_id')
      .select(['organizations.name as orgName', 'users.user_name'])
      .where('users.id', '=', p.userId)
      .executeTakeFirstOrThrow();
    return { organizationId: p.organizationId, organizationName: row.orgName, userId: p.userId, username: row.user_name };
  },
});
