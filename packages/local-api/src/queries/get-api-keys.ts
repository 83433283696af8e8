/** get_api_keys — the organization's API keys, or one user's (turnkey-wire.md §5). */
import { Type } from '@sinclair/typebox';
import { defineQuery, QueryRequest } from './query.ts';
import { findUser } from '../store/find.ts';
import { toWireApiKey } from './wire-shapes.ts';

export default defineQuery<{ organizationId: string; userId?: string }>({
  name: 'get_api_keys',
  request: QueryRequest({ userId: Type.Optional(Type.String({ maxLength: 64 })) }),
  access: 'own-or-parent',
  async run({ db, scope }, body) {
    let q = db.selectFrom('api_keys').selectAll().where('organization_id', '=', scope.organizationId);
    if (body.userId) {
      await findUser(db, scope.organizationId, body.userId);
      q = q.where('user_id', '=', body.userId);
    }
    return { apiKeys: (await q.orderBy('created_at').orderBy('id').execute()).map(toWireApiKey) };
  },
});
