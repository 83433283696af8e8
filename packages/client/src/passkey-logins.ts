/**
 * Passkey logins with the app's own backend — no auth proxy, no authProxyConfigId
 * (turnkey-wire-logins.md §1.3, Turnkey's with-passkeys/with-backend example):
 * - loginWithPasskey: a fresh session key; stamp_login for it, stamped by the passkey and addressed
 *   to the PARENT organization — the API finds the sub-organization by the credential id, so no
 *   backend is asked which account this is; the session is stored.
 * - signUpWithPasskey: a one-minute sign-up key and a new passkey go to the backend's /signup,
 *   which creates the sub-organization with both; the sign-up key then gets a session for a second,
 *   fresh key and is retired (login-keys.ts), so the person is asked for the passkey only once.
 */
import type { TurnkeyClient } from '@turnkey/http';
import type { v1AuthenticatorParamsV2 } from '@turnkey/sdk-types';
import type { ClientSignatureBody } from '@tkauth/wire';
import * as api from './api.ts';
import { ApiRequestError, UnknownPasskeyError } from './errors.ts';
import { postToBackend, subOrganizationOf } from './backend-call.ts';
import { isKeyBound, signupClientSignature } from './client-signature.ts';
import { orDiscard, sessionFromSignupKey, signupApiKey, storeAs, type LoginHost } from './login-keys.ts';
import type { CreatePasskeyInput, CreatedPasskey } from './passkey/create-passkey.ts';
import type { PasskeyStamperConfig } from './passkey/passkey-stamper.ts';
import type { Session } from './session/session-jwt.ts';

export interface PasskeyLoginInput {
  /** Where stamp_login is addressed (default: the parent organization, config.organizationId). */
  organizationId?: string;
  /** The session's lifetime (default 900 s). */
  expirationSeconds?: number;
  /** The stored session's name (default "default"). */
  sessionKey?: string;
  /** Refresh the session before it ends, for this long each time. */
  refreshedSessionTTLSeconds?: number;
  /** Offer only these passkeys (base64url credential ids); default: any of this site's. */
  allowCredentials?: PasskeyStamperConfig['allowCredentials'];
}

/** What the app's backend gets at POST /signup (the tkauth backend's passkey sign-up). */
export interface BackendPasskeySignupBody {
  passkey: v1AuthenticatorParamsV2;
  apiKeys: ReturnType<typeof signupApiKey>[];
  userEmail?: string;
  userName?: string;
  verificationToken?: string;
  clientSignature?: ClientSignatureBody;
}

interface SignupOptions {
  /** The new passkey's name on the account (default `passkey-<ms>`). */
  passkeyName?: string;
  /** An email for the account; a backend that requires proof wants its verificationToken too. */
  userEmail?: string;
  verificationToken?: string;
  userName?: string;
  sessionKey?: string;
  refreshedSessionTTLSeconds?: number;
}

/** A passkey sign-up through the app's backend: its URL (POST `${backendUrl}/signup`), or a function that sends the body itself. */
export type BackendPasskeySignupInput = SignupOptions &
  ({ backendUrl: string; signup?: never } | { signup: (body: BackendPasskeySignupBody) => Promise<{ subOrganizationId: string }>; backendUrl?: never });

export interface PasskeyLoginHost extends LoginHost {
  /** The parent organization. */
  organizationId: string;
  passkeyClient(config: PasskeyStamperConfig): TurnkeyClient;
  createPasskey(input: CreatePasskeyInput): Promise<CreatedPasskey>;
  fetch: typeof fetch;
}

const DEFAULT_SESSION_SECONDS = 900;
// Turnkey's 401 when no organization (nor sub-organization of the one addressed) holds the
// credential (turnkey-wire-logins.md §3.2), and its 404 wording for the same.
const UNKNOWN_CREDENTIAL = /credential ID could not be found|webauthn authenticator not found/i;

export class PasskeyLogins {
  constructor(private readonly h: PasskeyLoginHost) {}

  async loginWithPasskey(input: PasskeyLoginInput = {}): Promise<Session> {
    const publicKey = await this.h.createKeyPair();
    return orDiscard(this.h, publicKey, async () => {
      const client = this.h.passkeyClient(input.allowCredentials ? { allowCredentials: input.allowCredentials } : {});
      let jwt: string;
      try {
        jwt = await api.stampLogin(client, input.organizationId ?? this.h.organizationId, publicKey, input.expirationSeconds ?? DEFAULT_SESSION_SECONDS);
      } catch (e) {
        if (e instanceof ApiRequestError && UNKNOWN_CREDENTIAL.test(e.message)) throw new UnknownPasskeyError({ cause: e });
        throw e;
      }
      return this.h.storeSession({ jwt, ...storeAs(input) });
    });
  }

  async signUpWithPasskey(input: BackendPasskeySignupInput): Promise<Session> {
    const signupKey = await this.h.createKeyPair();
    return orDiscard(this.h, signupKey, async () => {
      const passkey = await this.h.createPasskey(input.passkeyName ? { name: input.passkeyName } : {});
      const apiKeys = [signupApiKey(signupKey)];
      const email = input.userEmail?.toLowerCase();
      const body: BackendPasskeySignupBody = {
        passkey,
        apiKeys,
        ...(email ? { userEmail: email } : {}),
        ...(input.userName ? { userName: input.userName } : {}),
        ...(input.verificationToken ? { verificationToken: input.verificationToken } : {}),
      };
      // A token bound to a device key proves the email only with that key's signature over exactly
      // this sign-up (turnkey-wire.md §4.4): the passkey and the sign-up key, as authenticators and apiKeys.
      if (input.verificationToken && isKeyBound(input.verificationToken)) {
        body.clientSignature = await signupClientSignature(await this.h.keys(), input.verificationToken, { ...(email ? { email } : {}), apiKeys, authenticators: [passkey], oauthProviders: [] });
      }
      const answer = input.signup ? await input.signup(body) : await postToBackend<{ subOrganizationId?: string }>(this.h.fetch, input.backendUrl, '/signup', body, 'signUpWithPasskey');
      return sessionFromSignupKey(this.h, signupKey, subOrganizationOf(answer, 'signUpWithPasskey'), input);
    });
  }
}
