/**
 * Logins through an auth proxy's /v1 routes — Turnkey's hosted one or a tkauth backend — following
 * @turnkey/core 2.8.1's flows (initOtp, verifyOtp, completeOtp, loginWithOtp, signUpWithOtp,
 * completeOauth, loginWithOauth, signUpWithOauth, signUpWithPasskey). Where they differ from core:
 * - verifyOtp checks initOtp's bundle against the signer key this device trusts (OtpSignerKey), so
 *   the encrypted-code flow also works against a self-hosted API; core trusts Turnkey's key only.
 * - an OTP login is /v1/otp_login_v2 with a clientSignature (the token's key signs "a session for
 *   this key"), not a stamp_login with an attested token.
 * - signUpWithPasskey retires its one-minute sign-up key on the server as soon as the session is
 *   stored, instead of letting it expire.
 * Request bodies are typed with the proxy's own ProxyT* types from @turnkey/sdk-types.
 */
import { encryptOtpCodeToBundle } from '@turnkey/crypto';
import {
  AuthAction,
  type ProxyTGetAccountBody,
  type ProxyTGetAccountResponse,
  type ProxyTInitOtpV2Body,
  type ProxyTInitOtpV2Response,
  type ProxyTOAuthLoginBody,
  type ProxyTOAuthLoginResponse,
  type ProxyTOtpLoginV2Body,
  type ProxyTOtpLoginV2Response,
  type ProxyTSignupV2Body,
  type ProxyTSignupV2Response,
  type ProxyTVerifyOtpV2Body,
  type ProxyTVerifyOtpV2Response,
  type v1AuthenticatorParamsV2,
} from '@turnkey/sdk-types';
import type { Session } from './session/session-jwt.ts';
import type { AuthProxy } from './auth-proxy.ts';
import type { OtpSignerKey } from './otp-signer-key.ts';
import { loginClientSignature, signupClientSignature, verificationTokenBinding } from './client-signature.ts';
import { OtpBundleNotTrustedError, SessionKeyNotOnDeviceError } from './errors.ts';
import { orDiscard, sessionFromSignupKey, signupApiKey, type LoginHost } from './login-keys.ts';
import type { CreatePasskeyInput, CreatedPasskey } from './passkey/create-passkey.ts';

export type OtpType = 'OTP_TYPE_EMAIL' | 'OTP_TYPE_SMS';

/** What completeOtp and completeOauth did, as core's `action` says it. */
export interface AuthResult {
  action: AuthAction;
  session: Session;
}

/** What the proxy logins need from the context. */
export interface ProxyLoginHost extends LoginHost {
  proxy: AuthProxy;
  signerKey: OtpSignerKey;
  /** The WebAuthn registration ceremony (for a passkey sign-up given no passkey). */
  createPasskey(input: CreatePasskeyInput): Promise<CreatedPasskey>;
}

export interface CompleteOtpInput {
  otpId: string;
  otpCode: string;
  otpEncryptionTargetBundle: string;
  contact: string;
  otpType: OtpType;
  /** The new account's user name (default: the email; for a phone number, the backend's default). */
  userName?: string;
  invalidateExisting?: boolean;
  sessionKey?: string;
}

export interface OtpLoginInput {
  verificationToken: string;
  organizationId?: string;
  invalidateExisting?: boolean;
  sessionKey?: string;
}

export interface OtpSignupInput {
  verificationToken: string;
  contact: string;
  otpType: OtpType;
  userName?: string;
  sessionKey?: string;
}

export interface OauthInput {
  oidcToken: string;
  /** A key from createKeyPair(); the id_token's nonce is sha256hex of it. */
  publicKey: string;
  /** For a new account: the provider's name on it (default "OpenID Connect Provider"). */
  providerName?: string;
  userName?: string;
  organizationId?: string;
  invalidateExisting?: boolean;
  sessionKey?: string;
}

export interface PasskeySignupInput {
  /** The attestation the app's WebAuthn ceremony produced, with its challenge; made here (createPasskey) when absent. */
  passkey?: v1AuthenticatorParamsV2;
  /** The new passkey's name, when it is made here. */
  passkeyName?: string;
  userName?: string;
  userEmail?: string;
  sessionKey?: string;
}

const FILTER_TYPE: Record<OtpType, 'EMAIL' | 'PHONE_NUMBER'> = { OTP_TYPE_EMAIL: 'EMAIL', OTP_TYPE_SMS: 'PHONE_NUMBER' };
const DEFAULT_OAUTH_PROVIDER_NAME = 'OpenID Connect Provider';

const named = (sessionKey: string | undefined) => (sessionKey ? { sessionKey } : {});

export class ProxyLogins {
  constructor(private readonly h: ProxyLoginHost) {}

  // ---------- OTP ----------

  /** Sends a code; keep both answers for verifyOtp / completeOtp. */
  async initOtp(input: { otpType: OtpType; contact: string }): Promise<{ otpId: string; otpEncryptionTargetBundle: string }> {
    const body: ProxyTInitOtpV2Body = { otpType: input.otpType, contact: input.contact };
    const { otpId, otpEncryptionTargetBundle } = await this.h.proxy.post<ProxyTInitOtpV2Response>('initOtp', '/v1/otp_init_v2', body);
    return { otpId, otpEncryptionTargetBundle };
  }

  /**
   * The code, encrypted to initOtp's bundle together with the key the token is bound to
   * (`publicKey`, or a new pending key pair, deleted again if verification fails).
   */
  async verifyOtp(input: { otpId: string; otpCode: string; otpEncryptionTargetBundle: string; publicKey?: string }): Promise<{ verificationToken: string; publicKey: string }> {
    this.h.proxy.require('verifyOtp');
    if (input.publicKey) return this.verify('verifyOtp', { ...input, publicKey: input.publicKey });
    const publicKey = await this.h.createKeyPair();
    return orDiscard(this.h, publicKey, () => this.verify('verifyOtp', { ...input, publicKey }));
  }

  /** Verify (bound to a new key pair) → /v1/account → log in, or sign up then log in. */
  async completeOtp(input: CompleteOtpInput): Promise<AuthResult> {
    const helper = 'completeOtp';
    this.h.proxy.require(helper);
    const publicKey = await this.h.createKeyPair();
    return orDiscard(this.h, publicKey, async () => {
      const { verificationToken } = await this.verify(helper, { ...input, publicKey });
      const lookup: ProxyTGetAccountBody = { filterType: FILTER_TYPE[input.otpType], filterValue: input.contact, verificationToken };
      const { organizationId } = await this.h.proxy.post<ProxyTGetAccountResponse>(helper, '/v1/account', lookup);
      const login = { verificationToken, ...(input.invalidateExisting ? { invalidateExisting: true } : {}), ...named(input.sessionKey) };
      if (organizationId) return { action: AuthAction.LOGIN, session: await this.otpLogin(helper, { ...login, organizationId }) };
      const created = await this.otpSignup(helper, { verificationToken, contact: input.contact, otpType: input.otpType, ...(input.userName ? { userName: input.userName } : {}) });
      return { action: AuthAction.SIGNUP, session: await this.otpLogin(helper, { ...login, organizationId: created }) };
    });
  }

  /** A session for the key the verification token is bound to (it must be on this device). */
  async loginWithOtp(input: OtpLoginInput): Promise<Session> {
    this.h.proxy.require('loginWithOtp');
    return this.otpLogin('loginWithOtp', input);
  }

  /** A new account for the verified contact, then a session for the token's key. */
  async signUpWithOtp(input: OtpSignupInput): Promise<Session> {
    this.h.proxy.require('signUpWithOtp');
    const organizationId = await this.otpSignup('signUpWithOtp', input);
    return this.otpLogin('signUpWithOtp', { verificationToken: input.verificationToken, organizationId, ...named(input.sessionKey) });
  }

  private async verify(helper: string, input: { otpId: string; otpCode: string; otpEncryptionTargetBundle: string; publicKey: string }) {
    const signerKey = await this.h.signerKey.get();
    let encryptedOtpBundle: string;
    try {
      encryptedOtpBundle = await encryptOtpCodeToBundle(input.otpCode, input.otpEncryptionTargetBundle, input.publicKey, signerKey);
    } catch (e) {
      throw new OtpBundleNotTrustedError({ cause: e });
    }
    const body: ProxyTVerifyOtpV2Body = { otpId: input.otpId, encryptedOtpBundle };
    const { verificationToken } = await this.h.proxy.post<ProxyTVerifyOtpV2Response>(helper, '/v1/otp_verify_v2', body);
    return { verificationToken, publicKey: input.publicKey };
  }

  private async otpLogin(helper: string, input: OtpLoginInput): Promise<Session> {
    const keys = await this.h.keys();
    const { publicKey } = verificationTokenBinding(input.verificationToken);
    if (!(await keys.hasKey(publicKey))) throw new SessionKeyNotOnDeviceError(publicKey);
    const body: ProxyTOtpLoginV2Body = {
      verificationToken: input.verificationToken,
      publicKey,
      clientSignature: await loginClientSignature(keys, input.verificationToken, publicKey),
      ...(input.organizationId ? { organizationId: input.organizationId } : {}),
      ...(input.invalidateExisting ? { invalidateExisting: true } : {}),
    };
    const { session } = await this.h.proxy.post<ProxyTOtpLoginV2Response>(helper, '/v1/otp_login_v2', body);
    return this.h.storeSession({ jwt: session, ...named(input.sessionKey) });
  }

  /** /v1/signup_v2 for a verified contact; the token's key signs the sign-up. Returns the new organization. */
  private async otpSignup(helper: string, input: { verificationToken: string; contact: string; otpType: OtpType; userName?: string }): Promise<string> {
    const keys = await this.h.keys();
    const email = input.otpType === 'OTP_TYPE_EMAIL' ? input.contact.toLowerCase() : undefined;
    const phoneNumber = email ? undefined : input.contact;
    const credentials = { apiKeys: [], authenticators: [], oauthProviders: [] };
    const body: ProxyTSignupV2Body = {
      ...((input.userName ?? email) ? { userName: input.userName ?? email } : {}),
      ...(email ? { userEmail: email } : { userPhoneNumber: phoneNumber }),
      verificationToken: input.verificationToken,
      ...credentials,
      clientSignature: await signupClientSignature(keys, input.verificationToken, { ...credentials, ...(email ? { email } : { phoneNumber }) }),
    };
    return (await this.h.proxy.post<ProxyTSignupV2Response>(helper, '/v1/signup_v2', body)).organizationId;
  }

  // ---------- OAuth (the id_token's nonce is sha256hex(publicKey) of a key from createKeyPair()) ----------

  /** /v1/account for the id_token → log in, or sign up then log in. The key is deleted again if it fails. */
  async completeOauth(input: Omit<OauthInput, 'organizationId'>): Promise<AuthResult> {
    const helper = 'completeOauth';
    this.h.proxy.require(helper);
    return orDiscard(this.h, input.publicKey, async () => {
      await this.requireKey(input.publicKey);
      const lookup: ProxyTGetAccountBody = { filterType: 'OIDC_TOKEN', filterValue: input.oidcToken };
      const { organizationId } = await this.h.proxy.post<ProxyTGetAccountResponse>(helper, '/v1/account', lookup);
      if (organizationId) return { action: AuthAction.LOGIN, session: await this.oauthLogin(helper, { ...input, organizationId }) };
      const created = await this.oauthSignup(helper, input);
      return { action: AuthAction.SIGNUP, session: await this.oauthLogin(helper, { ...input, organizationId: created }) };
    });
  }

  async loginWithOauth(input: Omit<OauthInput, 'providerName' | 'userName'>): Promise<Session> {
    this.h.proxy.require('loginWithOauth');
    return this.oauthLogin('loginWithOauth', input);
  }

  async signUpWithOauth(input: Omit<OauthInput, 'organizationId' | 'invalidateExisting'>): Promise<Session> {
    this.h.proxy.require('signUpWithOauth');
    const organizationId = await this.oauthSignup('signUpWithOauth', input);
    return this.oauthLogin('signUpWithOauth', { ...input, organizationId });
  }

  private async oauthLogin(helper: string, input: OauthInput): Promise<Session> {
    await this.requireKey(input.publicKey);
    const body: ProxyTOAuthLoginBody = {
      oidcToken: input.oidcToken,
      publicKey: input.publicKey,
      ...(input.organizationId ? { organizationId: input.organizationId } : {}),
      ...(input.invalidateExisting ? { invalidateExisting: true } : {}),
    };
    const { session } = await this.h.proxy.post<ProxyTOAuthLoginResponse>(helper, '/v1/oauth_login', body);
    return this.h.storeSession({ jwt: session, ...named(input.sessionKey) });
  }

  private async oauthSignup(helper: string, input: OauthInput): Promise<string> {
    const body: ProxyTSignupV2Body = {
      ...(input.userName ? { userName: input.userName } : {}),
      apiKeys: [],
      authenticators: [],
      oauthProviders: [{ providerName: input.providerName ?? DEFAULT_OAUTH_PROVIDER_NAME, oidcToken: input.oidcToken }],
    };
    return (await this.h.proxy.post<ProxyTSignupV2Response>(helper, '/v1/signup_v2', body)).organizationId;
  }

  // ---------- passkey ----------

  /**
   * An account with a passkey (the app's attestation, or one made here after the proxy check), as
   * core does it: a one-minute sign-up key on the new account stamps stamp_login for a second,
   * fresh key, whose session is stored; then the sign-up key is deleted (server and device).
   */
  async signUpWithPasskey(input: PasskeySignupInput): Promise<Session> {
    const helper = 'signUpWithPasskey';
    this.h.proxy.require(helper);
    const signupKey = await this.h.createKeyPair();
    return orDiscard(this.h, signupKey, async () => {
      const passkey = input.passkey ?? (await this.h.createPasskey(input.passkeyName ? { name: input.passkeyName } : {}));
      const body: ProxyTSignupV2Body = {
        ...(input.userName ? { userName: input.userName } : {}),
        ...(input.userEmail ? { userEmail: input.userEmail } : {}),
        authenticators: [passkey],
        apiKeys: [signupApiKey(signupKey)],
        oauthProviders: [],
      };
      const { organizationId } = await this.h.proxy.post<ProxyTSignupV2Response>(helper, '/v1/signup_v2', body);
      return sessionFromSignupKey(this.h, signupKey, organizationId, named(input.sessionKey));
    });
  }

  // ---------- shared ----------

  private async requireKey(publicKey: string): Promise<void> {
    if (!(await (await this.h.keys()).hasKey(publicKey))) throw new SessionKeyNotOnDeviceError(publicKey);
  }
}

