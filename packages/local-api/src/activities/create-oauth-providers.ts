/**
 * create_oauth_providers (V2).
 * Rules: root users, or a user adding identities to themselves; an id_token must verify against a
 * trusted issuer; explicit oidcClaims are stored as given.
 */
import { Type, type Static } from '@sinclair/typebox';
import { defineActivity, requireRootOrSelf } from './activity.ts';
import { OauthProviderParamsV2 } from './schemas.ts';
import { findUser } from '../store/find.ts';
import { insertOauthProviders } from '../store/insert-user.ts';
import { userDeps } from './user-deps.ts';

const Params = Type.Object({ userId: Type.String({ maxLength: 64 }), oauthProviders: Type.Array(OauthProviderParamsV2, { minItems: 1, maxItems: 100 }) });

export default defineActivity<Static<typeof Params>>({
  name: 'create_oauth_providers',
  versions: [{ type: 'ACTIVITY_TYPE_CREATE_OAUTH_PROVIDERS_V2', intentKey: 'createOauthProvidersIntentV2', resultKey: 'createOauthProvidersResultV2', params: Params }],
  access: 'own-org',
  async run(ctx, p) {
    requireRootOrSelf(ctx, p.userId);
    await findUser(ctx.trx, ctx.scope.organizationId, p.userId);
    return { providerIds: await insertOauthProviders(userDeps(ctx), ctx.scope.organizationId, p.userId, p.oauthProviders, 'parameters') };
  },
});
