/** POST /otp/init {otpType, contact} → {otpId}: sends a one-time code to an email or phone. */
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { BackendError } from '@tkauth/wire';
import type { RouteDeps } from '../deps.ts';
import { ErrorBody, OtpType, Strict } from '../schemas.ts';

export const OtpInitBody = Type.Object({ otpType: OtpType, contact: Type.String({ minLength: 3, maxLength: 320 }) }, Strict);

/** The contact must fit its type: an email for OTP_TYPE_EMAIL, an E.164 number for OTP_TYPE_SMS. */
export function checkContactFits(otpType: string, contact: string): string {
  const email = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
  const phone = /^\+[1-9][0-9]{1,14}$/;
  if (otpType === 'OTP_TYPE_EMAIL' && !email.test(contact)) throw new BackendError('VALIDATION_FAILED', 'contact must be an email address for OTP_TYPE_EMAIL');
  if (otpType === 'OTP_TYPE_SMS' && !phone.test(contact)) throw new BackendError('VALIDATION_FAILED', 'contact must be an E.164 phone number for OTP_TYPE_SMS');
  return otpType === 'OTP_TYPE_EMAIL' ? contact.trim().toLowerCase() : contact.trim();
}

export async function otpInitRoute(app: FastifyInstance, d: RouteDeps) {
  app.post<{ Body: Static<typeof OtpInitBody> }>(
    '/otp/init',
    {
      preHandler: d.limits.otpInit,
      schema: {
        summary: 'Send a one-time code',
        body: OtpInitBody,
        response: { 200: Type.Object({ otpId: Type.String() }), '4xx': ErrorBody, '5xx': ErrorBody },
      },
    },
    async (req) => otpInit(d, req.body, req.upstreamActivities),
  );
}

export async function otpInit(d: RouteDeps, b: Static<typeof OtpInitBody>, activities: string[]): Promise<{ otpId: string }> {
  const contact = checkContactFits(b.otpType, b.contact);
  const { otpId, activityId } = await d.api.initOtp(b.otpType, contact);
  activities.push(activityId);
  return { otpId };
}

