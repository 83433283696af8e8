/** get_authenticators — one user's passkeys (turnkey-wire.md §5). */
import { Type } from '@sinclair/typebox';
import { defineQuery, QueryRequest } from './query.ts';
import { findUser } from '../store/find.ts';
import { toWireAuthenticator } from './wire-shapes.ts';

export default defineQuery<{ organizationId: string; userId: string }>({
  name: 'get_authenticators',
  request: QueryRequest({ userId: Type.String({ maxLength: 64 }) }),
  access: 'own-or-parent',
  async run({ db, scope }, body) {
    await findUser(db, scope.organizationId, body.userId);
    const rows = await db.selectFrom('authenticators').selectAll().where('user_id', '=', body.userId).orderBy('created_at').execute();
    return { authenticators: rows.map(toWireAuthenticator) };
  },
});
