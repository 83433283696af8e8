/**
 * /v1/account {filterType, filterValue, verificationToken?} → {organizationId} or {} (no account).
 * An email or phone number is personal data: looking it up needs a verification token proving
 * that very contact, checked before the API is asked, so the answer for a contact the caller has
 * not proven is the same refusal whether or not it has an account (nothing leaks). Public keys,
 * credential ids and id_tokens identify a credential the caller holds, not a person: answered as is.
 * NAME and USERNAME are not offered (a user name is often an email), nor OIDC_CLAIMS (an identity
 * named without its token).
 */
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { BackendError, decodeJwtClaims } from '@tkauth/wire';
import { findWalletAccount } from '../../wallet-account-tag.ts';
import type { RouteDeps } from '../../deps.ts';
import { Jwt, Strict } from '../../schemas.ts';
import { checkVerificationToken } from '../../verification-token.ts';
import { checkContactFits } from '../otp-init.ts';
import { proxyErrors } from './schemas.ts';

const AccountBody = Type.Object(
  {
    filterType: Type.Union(['EMAIL', 'PHONE_NUMBER', 'OIDC_TOKEN', 'OIDC_CLAIMS', 'PUBLIC_KEY', 'CREDENTIAL_ID'].map((t) => Type.Literal(t))),
    filterValue: Type.String({ minLength: 1, maxLength: 16384 }),
    verificationToken: Type.Optional(Jwt),
    oidcToken: Type.Optional(Jwt),
  },
  Strict,
);

/**
 * An email proven by an id_token (@turnkey/core's addOauthProvider asks this when linking a
 * provider): the API verifies the token (an OIDC_TOKEN lookup refuses a bad one), and the
 * issuer must say the email is verified.
 */
async function organizationForOidcEmail(d: RouteDeps, oidcToken: string, email: string): Promise<string | undefined> {
  await d.api.findSubOrg('OIDC_TOKEN', oidcToken);
  const claims = decodeJwtClaims(oidcToken);
  if (claims.email_verified !== true || typeof claims.email !== 'string' || claims.email.toLowerCase() !== email) {
    throw new BackendError('CONTACT_NOT_VERIFIED', 'the oidcToken does not carry this email as verified');
  }
  return d.api.findVerifiedSubOrg('EMAIL', email);
}

async function organizationFor(d: RouteDeps, b: Static<typeof AccountBody>): Promise<string | undefined> {
  if (b.filterType === 'EMAIL' || b.filterType === 'PHONE_NUMBER') {
    const otpType = b.filterType === 'EMAIL' ? 'OTP_TYPE_EMAIL' : 'OTP_TYPE_SMS';
    const contact = checkContactFits(otpType, b.filterValue);
    if (!b.verificationToken && b.oidcToken && b.filterType === 'EMAIL') return organizationForOidcEmail(d, b.oidcToken, contact);
    if (!b.verificationToken) throw new BackendError('CONTACT_NOT_VERIFIED', 'a verificationToken (or, for an email, an oidcToken) proving filterValue is required');
    const proven = await checkVerificationToken(b.verificationToken, d.signerKey, d.config.organizationId);
    if (proven.type !== otpType || proven.contact !== contact) throw new BackendError('CONTACT_NOT_VERIFIED', 'the verificationToken proves another contact');
    return d.api.findVerifiedSubOrg(b.filterType, contact);
  }
  if (b.filterType === 'OIDC_CLAIMS') throw new BackendError('VALIDATION_FAILED', 'OIDC_CLAIMS is not offered: it names an identity nobody proved here; look it up with OIDC_TOKEN');
  // A public key is looked up as a wallet's (core's loginOrSignupWithWallet): only the account made
  // for that wallet answers, never one someone else added the key to (wallet-account-tag.ts).
  if (b.filterType === 'PUBLIC_KEY') return findWalletAccount(d, b.filterValue.toLowerCase());
  return d.api.findSubOrg(b.filterType, b.filterValue);
}

export async function accountRoute(app: FastifyInstance, d: RouteDeps) {
  app.post<{ Body: Static<typeof AccountBody> }>(
    '/account',
    { schema: { summary: 'Auth proxy: which account holds a proven contact, an id_token, a public key or a passkey', body: AccountBody, response: { 200: Type.Object({ organizationId: Type.Optional(Type.String()) }), ...proxyErrors } } },
    async (req) => {
      const organizationId = await organizationFor(d, req.body);
      return organizationId ? { organizationId } : {};
    },
  );
}
