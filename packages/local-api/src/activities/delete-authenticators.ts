/**
 * delete_authenticators — turnkey-wire-logins.md §3.1, core's removePasskeys.
 * Rules: root users, or a user removing their own passkeys; every id must be a passkey of that user
 * in the addressed organization, or nothing is deleted. A removed passkey's credential can be
 * registered again only by the same user (store/insert-authenticators.ts).
 */
import { Type, type Static } from '@sinclair/typebox';
import { defineActivity, requireRootOrSelf } from './activity.ts';
import { requireUserCredentials } from '../store/find.ts';
import { retireAuthenticators } from '../store/insert-authenticators.ts';

const Params = Type.Object({
  userId: Type.String({ maxLength: 64 }),
  authenticatorIds: Type.Array(Type.String({ maxLength: 64 }), { minItems: 1, maxItems: 100 }),
});

export default defineActivity<Static<typeof Params>>({
  name: 'delete_authenticators',
  versions: [{ type: 'ACTIVITY_TYPE_DELETE_AUTHENTICATORS', intentKey: 'deleteAuthenticatorsIntent', resultKey: 'deleteAuthenticatorsResult', params: Params }],
  access: 'own-org',
  async run(ctx, p) {
    requireRootOrSelf(ctx, p.userId);
    await requireUserCredentials(ctx.trx, 'authenticators', ctx.scope.organizationId, p.userId, p.authenticatorIds, 'ERR_AUTHENTICATOR_NOT_FOUND');
    await retireAuthenticators(ctx.trx, { ids: p.authenticatorIds }, ctx.now);
    return { authenticatorIds: p.authenticatorIds };
  },
});
