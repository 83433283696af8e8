/**
 * POST /otp-login {verificationToken, publicKey, clientSignature?, expirationSeconds?} → {sessionToken}.
 * Order (issue 4): the token is checked first (signature, expiry, its contact and type); then the
 * sub-organization holding that verified contact is found, or created with a default wallet when
 * there is none; then otp_login. Nothing is created for a contact the token does not prove.
 */
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { BackendError, loginUsageMessage, verifyClientSignature, type ClientSignatureBody } from '@tkauth/wire';
import type { RouteDeps } from '../deps.ts';
import { ClientSignature, CompressedP256, ErrorBody, ExpirationSeconds, Jwt, Strict } from '../schemas.ts';
import { checkVerificationToken, type ProvenContact } from '../verification-token.ts';
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

export interface OtpLoginInput extends Static<typeof OtpLoginBody> {
  invalidateExisting?: boolean;
  /** The account the caller expects (the auth proxy lets it name one): refused unless it is the proven one. */
  organizationId?: string;
}

/**
 * The device that verified the code must be the one logging in: a session key other than the
 * token's own needs the token key's signature over core's login message (turnkey-wire.md §4.4).
 * Checked here, before any account is created, as well as by the API.
 */
function checkDeviceProof(proven: ProvenContact, publicKey: string, sig: ClientSignatureBody | undefined): void {
  const tokenKey = proven.publicKey?.toLowerCase();
  if (!sig) {
    if (tokenKey && tokenKey !== publicKey) throw new BackendError('CLIENT_SIGNATURE_INVALID', 'required when publicKey is not the key the code was verified with');
    return;
  }
  if (!tokenKey || sig.publicKey.toLowerCase() !== tokenKey) throw new BackendError('CLIENT_SIGNATURE_INVALID', 'publicKey is not the verification token key');
  if (sig.message !== loginUsageMessage(publicKey, proven.tokenId)) throw new BackendError('CLIENT_SIGNATURE_INVALID', 'message is not the login message for this token and publicKey');
  if (!verifyClientSignature(sig)) throw new BackendError('CLIENT_SIGNATURE_INVALID', 'signature does not verify');
}

export async function otpLogin(d: RouteDeps, b: OtpLoginInput, activities: string[]): Promise<{ sessionToken: string }> {
  const proven = await checkVerificationToken(b.verificationToken, d.signerKey, d.config.organizationId);
  const publicKey = b.publicKey.toLowerCase();
  checkDeviceProof(proven, publicKey, b.clientSignature);
  const filter = proven.type === 'OTP_TYPE_EMAIL' ? 'EMAIL' : 'PHONE_NUMBER';
  const subOrgId = await d.accounts.run(`${filter}:${proven.contact}`, async () => {
    const existing = await d.api.findVerifiedSubOrg(filter, proven.contact);
    if (b.organizationId !== undefined && b.organizationId !== existing) throw new BackendError('ORGANIZATION_MISMATCH');
    if (existing) return existing;
    const created = await d.api.createSubOrg({
      userName: proven.contact,
      ...(proven.type === 'OTP_TYPE_EMAIL' ? { userEmail: proven.contact } : { userPhoneNumber: proven.contact }),
      verificationToken: b.verificationToken,
    });
    activities.push(created.activityId);
    return created.subOrganizationId;
  });
  const login = await d.api.otpLogin(subOrgId, b.verificationToken, publicKey, b.clientSignature, sessionSeconds(b.expirationSeconds, d.config), b.invalidateExisting);
  activities.push(login.activityId);
  return { sessionToken: login.session };
}
