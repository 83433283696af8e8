/**
 * create_authenticators (V2) — turnkey-wire-logins.md §3.1, core's addPasskey.
 * Rules: root users, or a user adding passkeys to themselves; the user must be in the addressed
 * organization; every attestation verified; at most 10 per user; a credential registered once.
 */
import { Type, type Static } from '@sinclair/typebox';
import { defineActivity, requireRootOrSelf } from './activity.ts';
import { AuthenticatorParamsV2 } from './schemas.ts';
import { findUser } from '../store/find.ts';
import { insertAuthenticators, MAX_AUTHENTICATORS_PER_USER } from '../store/insert-authenticators.ts';
import { userDeps } from './user-deps.ts';

const Params = Type.Object({ userId: Type.String({ maxLength: 64 }), authenticators: Type.Array(AuthenticatorParamsV2, { minItems: 1, maxItems: MAX_AUTHENTICATORS_PER_USER }) });

export default defineActivity<Static<typeof Params>>({
  name: 'create_authenticators',
  versions: [{ type: 'ACTIVITY_TYPE_CREATE_AUTHENTICATORS_V2', intentKey: 'createAuthenticatorsIntentV2', resultKey: 'createAuthenticatorsResult', params: Params }],
  access: 'own-org',
  async run(ctx, p) {
    requireRootOrSelf(ctx, p.userId);
    await findUser(ctx.trx, ctx.scope.organizationId, p.userId);
    return { authenticatorIds: await insertAuthenticators(userDeps(ctx), ctx.scope.organizationId, p.userId, p.authenticators, 'parameters/authenticators') };
  },
});
