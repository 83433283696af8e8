/**
 * The key choreography every login shares, whichever way it reaches the API: a login runs with a
 * pending key that is deleted again if the login fails; a sign-up's short-lived key stamps
 * stamp_login for a second, fresh key, whose session is stored, and is then retired on the
 * server and the device (as @turnkey/core's signUpWithPasskey, but without waiting for it to expire).
 */
import type { KeyStore } from './keystore/key-store.ts';
import type { Session } from './session/session-jwt.ts';

/** What logins need from the context. */
export interface LoginHost {
  /** The key store, once the context is ready. */
  keys(): Promise<KeyStore>;
  createKeyPair(): Promise<string>;
  /** Deletes a key made for a login, if it is still pending (no session names it). */
  discardPending(publicKey: string): Promise<void>;
  storeSession(input: { jwt: string; sessionKey?: string; refreshedSessionTTLSeconds?: number }): Promise<Session>;
  /** stamp_login stamped by the device key `stampWith`: a session for `publicKey`. */
  stampLogin(stampWith: string, organizationId: string, publicKey: string): Promise<string>;
  /** Deletes the API key `publicKey` of the session's user, stamped by the session. */
  revokeKey(session: Session, publicKey: string): Promise<unknown>;
  report(e: unknown): void;
}

/** Core's sign-up key lives a minute; ours is deleted as soon as the session exists. */
export const SIGNUP_KEY_SECONDS = '60';

/** The sign-up key as the new account's root user gets it (apiKeys[] of a sign-up). */
export const signupApiKey = (publicKey: string) => ({
  apiKeyName: `passkey-signup-${publicKey.slice(0, 10)}`,
  publicKey,
  curveType: 'API_KEY_CURVE_P256' as const,
  expirationSeconds: SIGNUP_KEY_SECONDS,
});

/** Where a login stores its session: the session's name and its refresh lifetime, when given. */
export interface StoreAs {
  sessionKey?: string;
  refreshedSessionTTLSeconds?: number;
}

export const storeAs = (o: StoreAs): StoreAs => ({
  ...(o.sessionKey ? { sessionKey: o.sessionKey } : {}),
  ...(o.refreshedSessionTTLSeconds !== undefined ? { refreshedSessionTTLSeconds: o.refreshedSessionTTLSeconds } : {}),
});

/** Runs a login that uses a pending key; if it fails, the key is deleted again. */
export async function orDiscard<T>(h: Pick<LoginHost, 'discardPending'>, publicKey: string, login: () => Promise<T>): Promise<T> {
  try {
    return await login();
  } catch (e) {
    await h.discardPending(publicKey).catch(() => undefined);
    throw e;
  }
}

/**
 * The session after a sign-up that registered `signupKey` (a one-minute API key) on the new
 * organization: a fresh key gets its session from stamp_login stamped by the sign-up key, then the
 * sign-up key is deleted on the server and on the device.
 */
export async function sessionFromSignupKey(h: LoginHost, signupKey: string, organizationId: string, as: StoreAs): Promise<Session> {
  const sessionPublicKey = await h.createKeyPair();
  const session = await orDiscard(h, sessionPublicKey, async () => h.storeSession({ jwt: await h.stampLogin(signupKey, organizationId, sessionPublicKey), ...storeAs(as) }));
  // The sign-up key could still act for a minute: retire it now. A failure leaves a key that dies
  // at its own expiry, so it is reported, not thrown.
  await h.revokeKey(session, signupKey).catch((e: unknown) => h.report(e));
  await h.discardPending(signupKey);
  return session;
}
