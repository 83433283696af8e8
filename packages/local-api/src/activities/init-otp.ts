/**
 * init_otp (V1, V2, V3) — turnkey-wire.md §4.2.
 * Rules:
 * - root users of the addressed organization, or of its parent (OTP runs on behalf of users);
 * - a code from the CSPRNG, 6–9 symbols (default 9), Crockford base32 unless `alphanumeric: false`;
 * - expiry 300 s by default, at most 600 s;
 * - at most `otpMaxPerContact` codes per contact per `otpWindowSeconds` ("Max number of OTPs have been initiated");
 * - the code is stored only as a keyed hash and shown nowhere but the message (and the dev outbox);
 * - V3 returns an encryption target bundle signed by the TLS-fetcher key; its private half is sealed.
 */
import { Type, type Static } from '@sinclair/typebox';
import { ApiError } from '@tkauth/wire';
import { defineActivity, requireRoot } from './activity.ts';
import { generateCode, hashCode } from '../otp/code.ts';
import { newOtpTarget } from '../otp/target-bundle.ts';
import { otpMessage } from '../otp/message.ts';
import { checkContact } from '../store/insert-user.ts';

const common = {
  otpType: Type.String({ maxLength: 64 }),
  contact: Type.String({ minLength: 1, maxLength: 320 }),
  otpLength: Type.Optional(Type.Integer()),
  alphanumeric: Type.Optional(Type.Boolean()),
  expirationSeconds: Type.Optional(Type.String({ pattern: '^[0-9]{1,6}$' })),
  userIdentifier: Type.Optional(Type.String({ maxLength: 256 })),
  emailCustomization: Type.Optional(
    Type.Object({
      appName: Type.Optional(Type.String({ maxLength: 128 })),
      logoUrl: Type.Optional(Type.String({ maxLength: 2048, pattern: '^https?://' })),
      magicLinkTemplate: Type.Optional(Type.String({ maxLength: 2048, pattern: '^https?://' })),
      templateVariables: Type.Optional(Type.String({ maxLength: 8192 })),
      templateId: Type.Optional(Type.String({ maxLength: 128 })),
    }),
  ),
  smsCustomization: Type.Optional(Type.Object({ template: Type.Optional(Type.String({ maxLength: 512 })) })),
  sendFromEmailAddress: Type.Optional(Type.String({ maxLength: 320 })),
  sendFromEmailSenderName: Type.Optional(Type.String({ maxLength: 128 })),
  replyToEmailAddress: Type.Optional(Type.String({ maxLength: 320 })),
};
const V1 = Type.Object(common);
const V2 = Type.Object({ ...common, appName: Type.String({ minLength: 1, maxLength: 128 }) });
type Params = Static<typeof V1> & { appName?: string };

const MIN_LENGTH = 6;
const MAX_LENGTH = 9;
const DEFAULT_SECONDS = 300;
const MAX_SECONDS = 600;
const CHANNEL: Record<string, 'email' | 'sms'> = { OTP_TYPE_EMAIL: 'email', OTP_TYPE_SMS: 'sms' };

export default defineActivity<Params>({
  name: 'init_otp',
  versions: [
    { type: 'ACTIVITY_TYPE_INIT_OTP', intentKey: 'initOtpIntent', resultKey: 'initOtpResult', params: V1 },
    { type: 'ACTIVITY_TYPE_INIT_OTP_V2', intentKey: 'initOtpIntentV2', resultKey: 'initOtpResult', params: V2 },
    { type: 'ACTIVITY_TYPE_INIT_OTP_V3', intentKey: 'initOtpIntentV3', resultKey: 'initOtpResultV2', params: V2 },
  ],
  access: 'own-or-parent',
  // The per-contact cap counts codes for the contact across organizations: its lock, not the
  // parent's, so other contacts' sign-ins (and a slow delivery) do not wait on this one.
  locks: (_scope, p: { contact: string }) => [`otp-contact:${p.contact.trim().toLowerCase()}`],
  async run(ctx, p, version) {
    requireRoot(ctx);
    const { config, enclave, delivery, otpPepper } = ctx.services;
    const channel = CHANNEL[p.otpType];
    if (!channel) throw new ApiError('ERR_REQUEST_INVALID', `parameters/otpType: ${p.otpType.slice(0, 64)} is not supported; use OTP_TYPE_EMAIL or OTP_TYPE_SMS`);
    const contact = channel === 'email' ? p.contact.trim().toLowerCase() : p.contact.trim();
    checkContact(channel === 'email' ? { userEmail: contact } : { userPhoneNumber: contact }, 'parameters/contact');
    const length = p.otpLength ?? MAX_LENGTH;
    if (length < MIN_LENGTH || length > MAX_LENGTH) throw new ApiError('ERR_REQUEST_INVALID', `parameters/otpLength: must be ${MIN_LENGTH}..${MAX_LENGTH}`);
    const seconds = p.expirationSeconds === undefined ? DEFAULT_SECONDS : Number(p.expirationSeconds);
    if (seconds < 1 || seconds > MAX_SECONDS) throw new ApiError('ERR_REQUEST_INVALID', `parameters/expirationSeconds: must be 1..${MAX_SECONDS}`);

    const recent = await ctx.trx
      .selectFrom('otps')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('contact', '=', contact)
      .where('created_at', '>', ctx.now - config.otpWindowSeconds * 1000)
      .executeTakeFirstOrThrow();
    if (Number(recent.n) >= config.otpMaxPerContact) throw new ApiError('ERR_OTP_MAX_INITIATED');

    const otpId = ctx.rt.uuid();
    const code = generateCode(length, p.alphanumeric ?? true, ctx.rt.randomBytes);
    const target = version.type === 'ACTIVITY_TYPE_INIT_OTP_V3' ? newOtpTarget(enclave.tlsFetcher) : undefined;
    await ctx.trx
      .insertInto('otps')
      .values({
        id: otpId,
        organization_id: ctx.scope.organizationId,
        otp_type: p.otpType,
        contact,
        code_hash: hashCode(otpPepper, otpId, code),
        attempts: 0,
        sealed_target_key: target ? ctx.sealer.seal(Buffer.from(target.privateKeyHex, 'hex'), `otp:${otpId}`) : null,
        expires_at: ctx.now + seconds * 1000,
        used_at: null,
        created_at: ctx.now,
      })
      .execute();
    const appName = p.appName ?? p.emailCustomization?.appName ?? 'tkauth';
    try {
      await delivery.deliver(
        otpMessage({
          channel,
          to: contact,
          code,
          appName,
          expiresInSeconds: seconds,
          smsTemplate: p.smsCustomization?.template,
          logoUrl: p.emailCustomization?.logoUrl,
          magicLinkTemplate: p.emailCustomization?.magicLinkTemplate,
          params: p,
        }),
      );
    } catch (e) {
      throw new ApiError('ERR_OTP_DELIVERY_FAILED', (e as Error).message.slice(0, 200));
    }
    return target ? { otpId, otpEncryptionTargetBundle: target.bundle } : { otpId };
  },
});
