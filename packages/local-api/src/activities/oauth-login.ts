/**
 * oauth_login — turnkey-wire.md §4.5.
 * Rules:
 * - the parent (or the sub-organization itself) logs a user of the addressed organization in;
 * - the id_token verifies against a trusted issuer (signature, iss, aud, exp);
 * - its `nonce` (or `tknonce`) is sha256hex(publicKey) (§6.3), binding the token to this device key;
 * - the user is the one holding an OAuth provider with the token's (iss, sub, aud);
 * - the session is a short-lived API key on that user; invalidateExisting ends the others.
 */
import { Type, type Static } from '@sinclair/typebox';
import { findOauthUser } from '../store/find.ts';
import { defineActivity, requireRoot } from './activity.ts';
import { SessionParams } from './schemas.ts';
import { checkNonce } from '../oidc/verify-id-token.ts';
import { createSession } from '../sessions/create-session.ts';

const Params = Type.Object({ oidcToken: Type.String({ maxLength: 16384 }), ...SessionParams });

export default defineActivity<Static<typeof Params>>({
  name: 'oauth_login',
  versions: [{ type: 'ACTIVITY_TYPE_OAUTH_LOGIN', intentKey: 'oauthLoginIntent', resultKey: 'oauthLoginResult', params: Params }],
  access: 'own-or-parent',
  redactIntent: ['oidcToken'],
  async run(ctx, p) {
    requireRoot(ctx);
    const identity = await ctx.services.idTokens.verify(p.oidcToken);
    checkNonce(identity.claims, p.publicKey);
    const userId = await findOauthUser(ctx.trx, ctx.scope.organizationId, identity);
    const session = await createSession(ctx.trx, ctx.rt, ctx.now, ctx.services.enclave.notarizer, {
      organizationId: ctx.scope.organizationId,
      userId,
      publicKey: p.publicKey,
      expirationSeconds: p.expirationSeconds,
      invalidateExisting: p.invalidateExisting,
    });
    return { session };
  },
});
