/**
 * /v1/otp_init, /v1/otp_init_v2, /v1/otp_verify, /v1/otp_verify_v2.
 * v1 (core 1.x): the device sends the plain code. v2 (core 2.x): INIT_OTP_V3 answers a target
 * bundle and the device sends the code HPKE-encrypted to it (VERIFY_OTP_V2), so the backend never
 * sees the code. Core 2.x checks that bundle against Turnkey's production signer key only, so with
 * a self-hosted API the v2 pair works through SDKs that take the signer key as a parameter (ours).
 */
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { RouteDeps } from '../../deps.ts';
import { OtpType, Strict } from '../../schemas.ts';
import { checkContactFits, otpInit } from '../otp-init.ts';
import { OtpVerifyBody, otpVerify } from '../otp-verify.ts';
import { proxyErrors } from './schemas.ts';

const OtpInitBody = Type.Object(
  {
    otpType: OtpType,
    contact: Type.String({ minLength: 3, maxLength: 320 }),
    emailCustomization: Type.Optional(Type.Object({ templateId: Type.Optional(Type.String({ maxLength: 128 })) }, Strict)),
  },
  Strict,
);
const OtpVerifyV2Body = Type.Object(
  { otpId: Type.String({ pattern: '^[0-9a-fA-F-]{36}$' }), encryptedOtpBundle: Type.String({ minLength: 2, maxLength: 4096 }) },
  Strict,
);
const VerificationToken = Type.Object({ verificationToken: Type.String() });

export async function otpRoutes(app: FastifyInstance, d: RouteDeps) {
  app.post<{ Body: Static<typeof OtpInitBody> }>(
    '/otp_init',
    { preHandler: d.limits.otpInit, schema: { summary: 'Auth proxy: send a code (the device sends it back in the clear)', body: OtpInitBody, response: { 200: Type.Object({ otpId: Type.String() }), ...proxyErrors } } },
    async (req) => otpInit(d, req.body, req.upstreamActivities),
  );
  app.post<{ Body: Static<typeof OtpInitBody> }>(
    '/otp_init_v2',
    {
      preHandler: d.limits.otpInit,
      schema: { summary: 'Auth proxy: send a code; the device encrypts it to the returned bundle', body: OtpInitBody, response: { 200: Type.Object({ otpId: Type.String(), otpEncryptionTargetBundle: Type.String() }), ...proxyErrors } },
    },
    async (req) => {
      const contact = checkContactFits(req.body.otpType, req.body.contact);
      const r = await d.api.initOtpForDevice(req.body.otpType, contact, req.body.emailCustomization);
      req.upstreamActivities.push(r.activityId);
      return { otpId: r.otpId, otpEncryptionTargetBundle: r.otpEncryptionTargetBundle };
    },
  );
  app.post<{ Body: Static<typeof OtpVerifyBody> }>(
    '/otp_verify',
    { preHandler: d.limits.otpVerify, schema: { summary: 'Auth proxy: verify a plain code', body: OtpVerifyBody, response: { 200: VerificationToken, ...proxyErrors } } },
    async (req) => otpVerify(d, req.body, req.upstreamActivities),
  );
  app.post<{ Body: Static<typeof OtpVerifyV2Body> }>(
    '/otp_verify_v2',
    { preHandler: d.limits.otpVerify, schema: { summary: 'Auth proxy: verify a device-encrypted code', body: OtpVerifyV2Body, response: { 200: VerificationToken, ...proxyErrors } } },
    async (req) => {
      const r = await d.api.verifyOtpBundle(req.body.otpId, req.body.encryptedOtpBundle);
      req.upstreamActivities.push(r.activityId);
      return { verificationToken: r.verificationToken };
    },
  );
}
