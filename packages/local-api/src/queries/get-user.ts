/** get_user (turnkey-wire.md §5). */
import { Type } from '@sinclair/typebox';
import { ApiError } from '@tkauth/wire';
import { defineQuery, QueryRequest } from './query.ts';
import { loadWireUsers } from './wire-shapes.ts';

export default defineQuery<{ organizationId: string; userId: string }>({
  name: 'get_user',
  request: QueryRequest({ userId: Type.String({ maxLength: 64 }) }),
  access: 'own-or-parent',
  async run({ db, scope }, body) {
    const [user] = await loadWireUsers(db, scope.organizationId, body.userId);
    if (!user) throw new ApiError('ERR_USER_NOT_FOUND', body.userId);
    return { user };
  },
});
