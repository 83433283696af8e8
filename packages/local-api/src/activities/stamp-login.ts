/**
 * stamp_login — turnkey-wire.md §4.6. The stamp is the credential:
 * - `X-Stamp` with a session or API key of the addressed organization: a refresh, for that key's user;
 * - `X-Stamp-Attested` with a verification token (consumed: single-use) or an id_token: a login for
 *   the user the token names, with the stamp's key vouched for by the token.
 * - addressed to the parent, either credential of a sub-organization's user logs into that
 *   sub-organization (auth/who-is-this.ts): the session and the activity record are the sub-organization's.
 * Any user may open a session for themselves; `publicKey` is the new session key; `timestampMs`
 * must be within STAMP_LOGIN_FRESHNESS of the server's clock.
 */
import { Type, type Static } from '@sinclair/typebox';
import { defineActivity } from './activity.ts';
import { SessionParams } from './schemas.ts';
import { createSession } from '../sessions/create-session.ts';
import { consumeVerificationToken } from '../otp/verification-token.ts';
import { STAMP_LOGIN_FRESHNESS } from '@tkauth/wire';

const Params = Type.Object(SessionParams);

export default defineActivity<Static<typeof Params>>({
  name: 'stamp_login',
  versions: [{ type: 'ACTIVITY_TYPE_STAMP_LOGIN', intentKey: 'stampLoginIntent', resultKey: 'stampLoginResult', params: Params }],
  access: 'own-org',
  acceptsAttested: true,
  // @turnkey/core's loginWithOtp / loginWithOauth / passkey login address the parent (turnkey-wire-logins.md §3.2).
  resolvesSubOrganization: true,
  // 5 minutes back, 1 ahead: why, in @tkauth/wire's timestamp.ts.
  freshness: STAMP_LOGIN_FRESHNESS,
  async run(ctx, p) {
    const { trx, now, scope } = ctx;
    const tokenId = scope.attestation?.tokenId;
    if (tokenId) await consumeVerificationToken(trx, tokenId, now);
    const session = await createSession(trx, ctx.rt, now, ctx.services.enclave.notarizer, {
      organizationId: scope.organizationId,
      userId: scope.principal.userId,
      publicKey: p.publicKey,
      expirationSeconds: p.expirationSeconds,
      invalidateExisting: p.invalidateExisting,
    });
    return { session };
  },
});
