/**
 * /v1/account {filterType, filterValue, verificationToken?} → {organizationId} or {} (no account).
 * An email or phone number is personal data: looking it up needs a verification token proving
 * that very contact, checked before the API is asked, so the answer for a contact the caller has
 * not proven is the same refusal whether or not it has an account (nothing leaks). Public keys,
 * credential ids and id_tokens identify a credential the caller holds, not a person: answered as is.
 * NAME and USERNAME are not offered (a user name is often an email).
 */
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { BackendError } from '@tkauth/wire';
import type { RouteDeps } from '../../deps.ts';
import { Jwt, Strict } from '../../schemas.ts';
import { checkVerificationToken } from '../../verification-token.ts';
import { checkContactFits } from '../otp-init.ts';
import { proxyErrors } from './schemas.ts';

const AccountBody = Type.Object(
  {
    filterType: Type.Union(['EMAIL', 'PHONE_NUMBER', 'OIDC_TOKEN', 'PUBLIC_KEY', 'CREDENTIAL_ID'].map((t) => Type.Literal(t))),
    filterValue: Type.String({ minLength: 1, maxLength: 16384 }),
    verificationToken: Type.Optional(Jwt),
    oidcToken: Type.Optional(Jwt),
  },
  Strict,
);

async function organizationFor(d: RouteDeps, b: Static<typeof AccountBody>): Promise<string | undefined> {
  if (b.filterType === 'EMAIL' || b.filterType === 'PHONE_NUMBER') {
    const otpType = b.filterType === 'EMAIL' ? 'OTP_TYPE_EMAIL' : 'OTP_TYPE_SMS';
    const contact = checkContactFits(otpType, b.filterValue);
    if (!b.verificationToken) throw new BackendError('CONTACT_NOT_VERIFIED', 'a verificationToken proving filterValue is required');
    const proven = await checkVerificationToken(b.verificationToken, d.signerKey);
    if (proven.type !== otpType || proven.contact !== contact) throw new BackendError('CONTACT_NOT_VERIFIED', 'the verificationToken proves another contact');
    return d.api.findVerifiedSubOrg(b.filterType, contact);
  }
  const value = b.filterType === 'PUBLIC_KEY' ? b.filterValue.toLowerCase() : b.filterValue;
  return d.api.findSubOrg(b.filterType, value);
}

export async function accountRoute(app: FastifyInstance, d: RouteDeps) {
  app.post<{ Body: Static<typeof AccountBody> }>(
    '/v1/account',
    { schema: { summary: 'Auth proxy: which account holds a proven contact, an id_token, a public key or a passkey', body: AccountBody, response: { 200: Type.Object({ organizationId: Type.Optional(Type.String()) }), ...proxyErrors } } },
    async (req) => {
      const organizationId = await organizationFor(d, req.body);
      return organizationId ? { organizationId } : {};
    },
  );
}
