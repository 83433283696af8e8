/**
 * list_activities (getActivities) — @turnkey/http v1GetActivitiesRequest / Response. The
 * activities stored for the organization, in creation order, optionally only those of some
 * statuses or types (an empty list filters nothing), paged by `limit` / `after` / `before` like the
 * other lists. A parent reads its sub-organizations' activities, as with get_activity.
 */
import { Type } from '@sinclair/typebox';
import { defineQuery, PaginationOptions, QueryRequest } from './query.ts';
import { resolvePage } from './paginate.ts';
import { toWireActivity } from '../activities/activity-record.ts';

interface Body {
  organizationId: string;
  filterByStatus?: string[];
  filterByType?: string[];
  paginationOptions?: { limit?: string; before?: string; after?: string };
}

const Names = Type.Optional(Type.Array(Type.String({ maxLength: 128 }), { maxItems: 100 }));

export default defineQuery<Body>({
  name: 'list_activities',
  request: QueryRequest({ filterByStatus: Names, filterByType: Names, paginationOptions: PaginationOptions }),
  access: 'own-or-parent',
  async run({ db, scope }, body) {
    const orgId = scope.organizationId;
    const page = await resolvePage(body.paginationOptions, async (id) => {
      const row = await db.selectFrom('activities').select('seq').where('id', '=', id).where('organization_id', '=', orgId).executeTakeFirst();
      return row?.seq;
    });
    let q = db.selectFrom('activities').selectAll().where('organization_id', '=', orgId);
    if (body.filterByStatus?.length) q = q.where('status', 'in', body.filterByStatus);
    if (body.filterByType?.length) q = q.where('type', 'in', body.filterByType);
    if (page.afterSeq !== undefined) q = q.where('seq', '>', page.afterSeq);
    if (page.beforeSeq !== undefined) q = q.where('seq', '<', page.beforeSeq);
    // `before` alone means the page just before the cursor: read backwards, then restore order.
    const backwards = page.beforeSeq !== undefined && page.afterSeq === undefined;
    const rows = await q.orderBy('seq', backwards ? 'desc' : 'asc').limit(page.limit).execute();
    if (backwards) rows.reverse();
    return { activities: rows.map((r) => toWireActivity(r)) };
  },
});
