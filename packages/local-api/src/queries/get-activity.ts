/** get_activity — the record an activity left (turnkey-wire.md §3.3 polling). */
import { Type } from '@sinclair/typebox';
import { ApiError } from '@tkauth/wire';
import { defineQuery, QueryRequest } from './query.ts';
import { toWireActivity } from '../activities/activity-record.ts';

export default defineQuery<{ organizationId: string; activityId: string }>({
  name: 'get_activity',
  request: QueryRequest({ activityId: Type.String({ maxLength: 64 }) }),
  access: 'own-or-parent',
  async run({ db, scope }, body) {
    const row = await db.selectFrom('activities').selectAll().where('id', '=', body.activityId).where('organization_id', '=', scope.organizationId).executeTakeFirst();
    if (!row) throw new ApiError('ERR_ACTIVITY_NOT_FOUND', body.activityId);
    return { activity: toWireActivity(row) };
  },
});
