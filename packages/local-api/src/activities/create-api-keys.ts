/**
 * create_api_keys (V2) — turnkey-wire.md §4.9.
 * Rules: root users, or a user adding keys to themselves; the user must be in the addressed
 * organization; a public key appears once per user; `expirationSeconds` makes the key expire.
 */
import { Type, type Static } from '@sinclair/typebox';
import { ApiError } from '@tkauth/wire';
import { defineActivity, requireRootOrSelf } from './activity.ts';
import { ApiKeyParamsV2 } from './schemas.ts';
import { insertApiKeys, normalizeApiKeys } from '../store/insert-user.ts';
import { findUser } from '../store/find.ts';

const Params = Type.Object({ apiKeys: Type.Array(ApiKeyParamsV2, { minItems: 1, maxItems: 100 }), userId: Type.String({ maxLength: 64 }) });

export default defineActivity<Static<typeof Params>>({
  name: 'create_api_keys',
  versions: [{ type: 'ACTIVITY_TYPE_CREATE_API_KEYS_V2', intentKey: 'createApiKeysIntentV2', resultKey: 'createApiKeysResult', params: Params }],
  access: 'own-org',
  async run(ctx, p) {
    requireRootOrSelf(ctx, p.userId);
    await findUser(ctx.trx, ctx.scope.organizationId, p.userId);
    const keys = normalizeApiKeys(p.apiKeys, 'parameters');
    const clash = await ctx.trx
      .selectFrom('api_keys')
      .select('public_key')
      .where('user_id', '=', p.userId)
      .where('public_key', 'in', keys.map((k) => k.publicKey))
      .executeTakeFirst();
    if (clash) throw new ApiError('ERR_API_KEY_DUPLICATE', clash.public_key);
    const apiKeyIds = await insertApiKeys(ctx.trx, ctx.scope.organizationId, p.userId, keys, ctx.rt, ctx.now);
    return { apiKeyIds };
  },
});
