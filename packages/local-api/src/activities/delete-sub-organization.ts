/**
 * delete_sub_organization.
 * Rules: a root user of the sub-organization itself; a top-level organization cannot be deleted;
 * wallets never exported block deletion unless `deleteWithoutExport` is true. Everything the
 * sub-organization holds goes with it, including its activities, so this activity is answered
 * but not kept.
 */
import { Type, type Static } from '@sinclair/typebox';
import { ApiError } from '@tkauth/wire';
import { defineActivity, requireRoot } from './activity.ts';
import { retireAuthenticators } from '../store/insert-authenticators.ts';

const Params = Type.Object({ deleteWithoutExport: Type.Optional(Type.Boolean()) });

export default defineActivity<Static<typeof Params>>({
  name: 'delete_sub_organization',
  versions: [{ type: 'ACTIVITY_TYPE_DELETE_SUB_ORGANIZATION', intentKey: 'deleteSubOrganizationIntent', resultKey: 'deleteSubOrganizationResult', params: Params }],
  access: 'own-org',
  persist: false,
  async run(ctx, p) {
    requireRoot(ctx);
    const orgId = ctx.scope.organizationId;
    const org = await ctx.trx.selectFrom('organizations').select('parent_id').where('id', '=', orgId).executeTakeFirstOrThrow();
    if (org.parent_id === null) throw new ApiError('ERR_REQUEST_INVALID', 'only sub-organizations can be deleted');
    if (!p.deleteWithoutExport) {
      const unexported = await ctx.trx.selectFrom('wallets').select('id').where('organization_id', '=', orgId).where('exported', '=', 0).executeTakeFirst();
      if (unexported) throw new ApiError('ERR_SUBORG_DELETE_HAS_WALLETS');
    }
    // Its passkeys stay on their owners' devices: nobody else may register them afterwards.
    await retireAuthenticators(ctx.trx, { organizationId: orgId }, ctx.now);
    await ctx.trx.deleteFrom('organizations').where('id', '=', orgId).execute();
    return { subOrganizationUuid: orgId };
  },
});
