/** POST /otp/verify {otpId, otpCode, publicKey?} → {verificationToken}. */
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { RouteDeps } from '../deps.ts';
import { CompressedP256, ErrorBody, Strict } from '../schemas.ts';

export const OtpVerifyBody = Type.Object(
  {
    otpId: Type.String({ pattern: '^[0-9a-fA-F-]{36}$' }),
    // Crockford base32 or digits, 6–9 symbols (what init_otp sends).
    otpCode: Type.String({ pattern: '^[0-9A-Za-z]{6,9}$' }),
    publicKey: Type.Optional(CompressedP256),
  },
  Strict,
);

export async function otpVerifyRoute(app: FastifyInstance, d: RouteDeps) {
  app.post<{ Body: Static<typeof OtpVerifyBody> }>(
    '/otp/verify',
    {
      preHandler: d.limits.otpVerify,
      schema: {
        summary: 'Check a one-time code; returns a verification token bound to the device key',
        body: OtpVerifyBody,
        response: { 200: Type.Object({ verificationToken: Type.String() }), '4xx': ErrorBody, '5xx': ErrorBody },
      },
    },
    async (req) => otpVerify(d, req.body, req.upstreamActivities),
  );
}

export async function otpVerify(d: RouteDeps, b: Static<typeof OtpVerifyBody>, activities: string[]): Promise<{ verificationToken: string }> {
  const { verificationToken, activityId } = await d.api.verifyOtp(b.otpId, b.otpCode, b.publicKey?.toLowerCase());
  activities.push(activityId);
  return { verificationToken };
}
