/**
 * verify_otp (V1 with the plaintext code; V2 with the HPKE `encryptedOtpBundle`) — turnkey-wire.md §4.3.
 * Rules:
 * - the OTP must have been started in the addressed organization;
 * - single use; expired codes are refused; after 5 wrong tries the OTP is dead (each wrong try is
 *   counted even though the request fails);
 * - the code is compared as a keyed hash in constant time;
 * - the verification token (§6.2, default 3600 s, at most 86400 s) names the contact and the
 *   device public key (V2: from the bundle; V1: `publicKey` when given).
 */
import { Type, type Static } from '@sinclair/typebox';
import { ApiError, bytesToHex, COMPRESSED_P256 } from '@tkauth/wire';
import { CommittedRefusal, defineActivity, requireRoot } from './activity.ts';
import { codeMatches } from '../otp/code.ts';
import { openOtpBundle } from '../otp/target-bundle.ts';
import { signVerificationToken } from '../enclave/sign.ts';

const V1 = Type.Object({
  otpId: Type.String({ maxLength: 64 }),
  otpCode: Type.String({ maxLength: 64 }),
  expirationSeconds: Type.Optional(Type.String({ pattern: '^[0-9]{1,6}$' })),
  publicKey: Type.Optional(Type.String({ maxLength: 130 })),
});
const V2 = Type.Object({
  otpId: Type.String({ maxLength: 64 }),
  encryptedOtpBundle: Type.String({ maxLength: 4096 }),
  expirationSeconds: Type.Optional(Type.String({ pattern: '^[0-9]{1,6}$' })),
});
type Params = Partial<Static<typeof V1>> & Partial<Static<typeof V2>> & { otpId: string };

export const MAX_ATTEMPTS = 5;
const DEFAULT_TOKEN_SECONDS = 3600;
const MAX_TOKEN_SECONDS = 86400;

export default defineActivity<Params>({
  name: 'verify_otp',
  versions: [
    { type: 'ACTIVITY_TYPE_VERIFY_OTP', intentKey: 'verifyOtpIntent', resultKey: 'verifyOtpResult', params: V1 },
    { type: 'ACTIVITY_TYPE_VERIFY_OTP_V2', intentKey: 'verifyOtpIntentV2', resultKey: 'verifyOtpResult', params: V2 },
  ],
  access: 'own-or-parent',
  redactIntent: ['otpCode', 'encryptedOtpBundle'],
  // The code's own row is what its tries touch: other sign-ins under the same parent go on meanwhile.
  locks: (_scope, p: Params) => [`otp:${p.otpId}`],
  async run(ctx, p) {
    requireRoot(ctx);
    const { trx, now } = ctx;
    const seconds = p.expirationSeconds === undefined ? DEFAULT_TOKEN_SECONDS : Number(p.expirationSeconds);
    if (seconds < 1 || seconds > MAX_TOKEN_SECONDS) throw new ApiError('ERR_REQUEST_INVALID', `parameters/expirationSeconds: must be 1..${MAX_TOKEN_SECONDS}`);
    const otp = await trx.selectFrom('otps').selectAll().where('id', '=', p.otpId).where('organization_id', '=', ctx.scope.organizationId).executeTakeFirst();
    if (!otp) throw new ApiError('ERR_OTP_NOT_FOUND', p.otpId);
    if (otp.used_at !== null) throw new ApiError('ERR_OTP_USED');
    if (Number(otp.expires_at) <= now) throw new ApiError('ERR_OTP_EXPIRED');
    // Every try is counted before it is looked at, in this transaction, by a conditional update:
    // tries sent at once wait on the row and see each other's counts, so no more than MAX_ATTEMPTS
    // are ever compared. A wrong one commits its count and is refused (CommittedRefusal).
    const counted = await trx
      .updateTable('otps')
      .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
      .where('id', '=', otp.id)
      .where('attempts', '<', MAX_ATTEMPTS)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    if (counted.numUpdatedRows !== 1n) throw new ApiError('ERR_OTP_ATTEMPTS_EXHAUSTED');
    const wrongTry = (code: 'ERR_OTP_INVALID_CODE' | 'ERR_OTP_BUNDLE_INVALID') => new CommittedRefusal(new ApiError(code));

    let code: string;
    let publicKey: string | undefined;
    if (p.encryptedOtpBundle !== undefined) {
      if (!otp.sealed_target_key) throw new ApiError('ERR_REQUEST_INVALID', 'this OTP was not started with INIT_OTP_V3: send the code with VERIFY_OTP');
      const targetKey = bytesToHex(ctx.sealer.open(otp.sealed_target_key, `otp:${otp.id}`));
      try {
        ({ otpCode: code, publicKey } = openOtpBundle(p.encryptedOtpBundle, targetKey));
      } catch {
        throw wrongTry('ERR_OTP_BUNDLE_INVALID');
      }
    } else {
      code = p.otpCode!;
      publicKey = p.publicKey;
    }
    if (publicKey !== undefined) {
      publicKey = publicKey.toLowerCase();
      if (!COMPRESSED_P256.test(publicKey)) throw new ApiError('ERR_REQUEST_INVALID', 'publicKey: not a compressed P-256 public key');
    }
    if (!codeMatches(ctx.services.otpPepper, otp.id, code, otp.code_hash)) throw wrongTry('ERR_OTP_INVALID_CODE');

    // Conditional, like a verification token's use: one code is one use even if two instances got here at once.
    const used = await trx.updateTable('otps').set({ used_at: now }).where('id', '=', otp.id).where('used_at', 'is', null).executeTakeFirst();
    if (used.numUpdatedRows !== 1n) throw new ApiError('ERR_OTP_USED');
    const tokenId = ctx.rt.uuid();
    const expiresAt = now + seconds * 1000;
    await trx
      .insertInto('verification_tokens')
      .values({ id: tokenId, otp_id: otp.id, organization_id: otp.organization_id, contact: otp.contact, verification_type: otp.otp_type, public_key: publicKey ?? null, expires_at: expiresAt, used_at: null, created_at: now })
      .execute();
    const claims = { exp: String(expiresAt), id: tokenId, organization_id: otp.organization_id, verification_type: otp.otp_type, contact: otp.contact, ...(publicKey ? { public_key: publicKey } : {}) };
    return { verificationToken: signVerificationToken(claims, ctx.services.enclave.tlsFetcher) };
  },
});
