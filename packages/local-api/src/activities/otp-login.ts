/**
 * otp_login (V1; V2 with a required clientSignature) — turnkey-wire.md §4.4.
 * Rules:
 * - the parent (or the sub-organization itself) logs a user of the addressed organization in;
 * - the verification token must be ours (TLS-fetcher signature), unexpired and unused; it is
 *   single-use: this login consumes it;
 * - its contact must be a user's email / phone in the addressed organization, which marks that
 *   contact verified;
 * - clientSignature, when given (required in V2), is checked over the exact login message by the
 *   token's key; without one (V1) the session key must be the token's own key;
 * - the session is a short-lived API key on that user (default 900 s); invalidateExisting ends
 *   the user's other sessions.
 */
import { Type, type Static } from '@sinclair/typebox';
import { ApiError, loginUsageMessage } from '@tkauth/wire';
import { defineActivity, requireRoot } from './activity.ts';
import { SessionParams } from './schemas.ts';
import { checkVerificationToken, consumeVerificationToken, userForToken } from '../otp/verification-token.ts';
import { checkClientSignature } from '../otp/client-signature.ts';
import { createSession } from '../sessions/create-session.ts';

const ClientSignature = Type.Object({
  publicKey: Type.String({ maxLength: 130 }),
  scheme: Type.String({ maxLength: 64 }),
  message: Type.String({ maxLength: 4096 }),
  signature: Type.String({ maxLength: 256 }),
});
const common = { verificationToken: Type.String({ maxLength: 4096 }), ...SessionParams };
const V1 = Type.Object({ ...common, clientSignature: Type.Optional(ClientSignature) });
const V2 = Type.Object({ ...common, clientSignature: ClientSignature });

export default defineActivity<Static<typeof V1>>({
  name: 'otp_login',
  versions: [
    { type: 'ACTIVITY_TYPE_OTP_LOGIN', intentKey: 'otpLoginIntent', resultKey: 'otpLoginResult', params: V1 },
    { type: 'ACTIVITY_TYPE_OTP_LOGIN_V2', intentKey: 'otpLoginIntentV2', resultKey: 'otpLoginResult', params: V2 },
  ],
  access: 'own-or-parent',
  redactIntent: ['verificationToken'],
  async run(ctx, p) {
    requireRoot(ctx);
    const { trx, now } = ctx;
    const { claims } = await checkVerificationToken(trx, p.verificationToken, ctx.services.enclave.tlsFetcher, now, true);
    const orgId = ctx.scope.organizationId;
    const org = await trx.selectFrom('organizations').select('parent_id').where('id', '=', orgId).executeTakeFirstOrThrow();
    if (claims.organization_id !== orgId && claims.organization_id !== org.parent_id) {
      throw new ApiError('ERR_TOKEN_INVALID', 'the token was issued for another organization');
    }
    const user = await userForToken(trx, orgId, claims);
    const sessionKey = p.publicKey.toLowerCase();
    if (p.clientSignature) {
      checkClientSignature(ctx.services.keys, p.clientSignature, loginUsageMessage(p.publicKey, claims.id), claims.public_key);
    } else if (claims.public_key && claims.public_key !== sessionKey) {
      throw new ApiError('ERR_CLIENT_SIGNATURE_REQUIRED', 'publicKey is not the verification token key');
    }
    await consumeVerificationToken(trx, claims.id, now);
    await trx
      .updateTable('users')
      .set(claims.verification_type === 'OTP_TYPE_EMAIL' ? { email_verified: 1, updated_at: now } : { phone_verified: 1, updated_at: now })
      .where('id', '=', user.id)
      .execute();
    const session = await createSession(trx, ctx.rt, now, ctx.services.enclave.notarizer, {
      organizationId: orgId,
      userId: user.id,
      publicKey: sessionKey,
      expirationSeconds: p.expirationSeconds,
      invalidateExisting: p.invalidateExisting,
    });
    return { session };
  },
});
