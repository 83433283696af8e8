/**
 * delete_api_keys — turnkey-wire.md §4.9.
 * Rules: root users, or a user removing their own keys; every id must be a key of that user in
 * the addressed organization, or nothing is deleted.
 */
import { Type, type Static } from '@sinclair/typebox';
import { defineActivity, requireRootOrSelf } from './activity.ts';
import { requireUserCredentials } from '../store/find.ts';

const Params = Type.Object({
  userId: Type.String({ maxLength: 64 }),
  apiKeyIds: Type.Array(Type.String({ maxLength: 64 }), { minItems: 1, maxItems: 100 }),
});

export default defineActivity<Static<typeof Params>>({
  name: 'delete_api_keys',
  versions: [{ type: 'ACTIVITY_TYPE_DELETE_API_KEYS', intentKey: 'deleteApiKeysIntent', resultKey: 'deleteApiKeysResult', params: Params }],
  access: 'own-org',
  async run(ctx, p) {
    requireRootOrSelf(ctx, p.userId);
    await requireUserCredentials(ctx.trx, 'api_keys', ctx.scope.organizationId, p.userId, p.apiKeyIds, 'ERR_API_KEY_NOT_FOUND');
    await ctx.trx.deleteFrom('api_keys').where('id', 'in', p.apiKeyIds).execute();
    return { apiKeyIds: p.apiKeyIds };
  },
});
