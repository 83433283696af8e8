/**
 * POST /otp-login {verificationToken, publicKey, clientSignature?, expirationSeconds?} → {sessionToken}.
 * Order (issue 4): the token is checked first (signature, expiry, its contact and type); then the
 * sub-organization holding that verified contact is found, or created with a default wallet when
 * there is none; then otp_login. Nothing is created for a contact the token does not prove.
 */
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { RouteDeps } from '../deps.ts';
import { ClientSignature, CompressedP256, ErrorBody, ExpirationSeconds, Jwt, Strict } from '../schemas.ts';
import { checkVerificationToken } from '../verification-token.ts';
import { sessionSeconds } from '../session-seconds.ts';

export const OtpLoginBody = Type.Object(
  { verificationToken: Jwt, publicKey: CompressedP256, clientSignature: Type.Optional(ClientSignature), expirationSeconds: Type.Optional(ExpirationSeconds) },
  Strict,
);

export async function otpLoginRoute(app: FastifyInstance, d: RouteDeps) {
  app.post<{ Body: Static<typeof OtpLoginBody> }>(
    '/otp-login',
    {
      schema: {
        summary: 'Log in (creating the account on first login) with a verification token',
        body: OtpLoginBody,
        response: { 200: Type.Object({ sessionToken: Type.String() }), '4xx': ErrorBody, '5xx': ErrorBody },
      },
    },
    async (req) => otpLogin(d, req.body, req.upstreamActivities),
  );
}

export async function otpLogin(d: RouteDeps, b: Static<typeof OtpLoginBody>, activities: string[]): Promise<{ sessionToken: string }> {
  const proven = await checkVerificationToken(b.verificationToken, d.signerKey);
  const filter = proven.type === 'OTP_TYPE_EMAIL' ? 'EMAIL' : 'PHONE_NUMBER';
  const subOrgId = await d.accounts.run(`${filter}:${proven.contact}`, async () => {
    const existing = await d.api.findVerifiedSubOrg(filter, proven.contact);
    if (existing) return existing;
    const created = await d.api.createSubOrg({
      userName: proven.contact,
      ...(proven.type === 'OTP_TYPE_EMAIL' ? { userEmail: proven.contact } : { userPhoneNumber: proven.contact }),
      verificationToken: b.verificationToken,
    });
    activities.push(created.activityId);
    return created.subOrganizationId;
  });
  const login = await d.api.otpLogin(subOrgId, b.verificationToken, b.publicKey.toLowerCase(), b.clientSignature, sessionSeconds(b.expirationSeconds, d.config));
  activities.push(login.activityId);
  return { sessionToken: login.session };
}
