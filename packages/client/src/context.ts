/**
 * TurnkeyContext: the device side of a login (model: the Swift SDK's TurnkeyContext). It makes
 * the device key pair, turns the session JWT the app's backend returns into a stamped client,
 * keeps session, user and wallets, refreshes sessions before they end and resumes them after a
 * restart. Better than the model on three points: storeSession checks the key is on the device
 * (and that the API accepts it) before writing anything; refresh retires the old key on the
 * server too; clearSession({revoke: true}) deletes the session's key on the server.
 *
 * Every state change runs one at a time (a queue), is saved as one record, and is applied in
 * memory only after the save succeeded: a failing call changes nothing.
 */
import type { User } from '@tkauth/wire';
import type { KeyStore } from './keystore/key-store.ts';
import { emptyState, type SessionStore, type StoredState } from './session/session-store.ts';
import { parseSessionJwt, type Session } from './session/session-jwt.ts';
import { KeyStoreStamper } from './stamper.ts';
import * as api from './api.ts';
import { messagePayload, encodeMessageSignature } from './sign-message.ts';
import { AuthProxy } from './auth-proxy.ts';
import {
  InvalidSessionJwtError,
  NoActiveSessionError,
  SessionExpiredError,
  SessionKeyNotOnDeviceError,
  SessionNotFoundError,
  TurnkeyClientError,
  type ClientErrorCode,
} from './errors.ts';
import { TurnkeyClient } from '@turnkey/http';
// The hosted auth proxy's own request/response types: what the proxy helpers send is checked against them.
import type {
  ProxyTInitOtpBody,
  ProxyTInitOtpResponse,
  ProxyTOAuthLoginBody,
  ProxyTOAuthLoginResponse,
  ProxyTOtpLoginBody,
  ProxyTOtpLoginResponse,
  ProxyTSignupResponse,
  ProxyTVerifyOtpBody,
  ProxyTVerifyOtpResponse,
} from '@turnkey/sdk-types';
// Node: file stores; browsers: IndexedDB + localStorage (package.json export conditions).
import { platformStores } from '@tkauth/client/platform-stores';

export type AuthState = 'loading' | 'authenticated' | 'unauthenticated';

export interface TurnkeyContextConfig {
  /** The parent organization (the app's). Sessions name their own sub-organization. */
  organizationId: string;
  apiBaseUrl: string;
  authProxyUrl?: string;
  authProxyConfigId?: string;
  auth?: { autoRefreshSession?: boolean };
  /** Node: the directory of the file stores (default ~/.tkauth). Browsers use IndexedDB. */
  storageDir?: string;
  /** Node: seals the key files with this passphrase (scrypt + AES-256-GCM). */
  passphrase?: string;
  keyStore?: KeyStore;
  sessionStore?: SessionStore;
  /** Clock (ms); injectable for tests. */
  now?: () => number;
  fetch?: typeof fetch;
  /** Errors of work nobody awaits (timed refresh, retiring an old key). */
  onError?: (error: TurnkeyClientError) => void;
}

export interface ContextSnapshot {
  authState: AuthState;
  session: Session | undefined;
  user: User | undefined;
  wallets: api.WalletWithAccounts[];
  selectedSessionKey: string | undefined;
  sessionKeys: string[];
}

/** Pending key pairs (made for a login that never finished) are deleted after this long. */
export const PENDING_KEY_TTL_MS = 60 * 60 * 1000;
/** A session is refreshed this long before it expires (the Swift SDK's 5 s). */
export const REFRESH_LEAD_MS = 5_000;
const DEFAULT_REFRESH_TTL_SECONDS = 900;
// setTimeout's limit (2^31 − 1 ms ≈ 24.8 days); longer waits are re-armed.
const MAX_TIMER_MS = 2 ** 31 - 1;

export class TurnkeyContext {
  authState: AuthState = 'loading';
  session: Session | undefined;
  user: User | undefined;
  wallets: api.WalletWithAccounts[] = [];
  client: TurnkeyClient | undefined;
  selectedSessionKey: string | undefined;
  /** Resolves when `loading` is over (sessions restored, or none). */
  readonly ready: Promise<void>;

  private keyStore!: KeyStore;
  private sessionStore!: SessionStore;
  private state: StoredState = emptyState();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly listeners = new Set<(s: ContextSnapshot) => void>();
  private queue: Promise<unknown> = Promise.resolve();
  private readonly proxy: AuthProxy;
  private readonly now: () => number;
  private disposed = false;

  constructor(private readonly config: TurnkeyContextConfig) {
    if (!config.organizationId) throw new TurnkeyClientError('INVALID_CONFIGURATION', 'organizationId is required');
    try {
      new URL(config.apiBaseUrl);
    } catch {
      throw new TurnkeyClientError('INVALID_CONFIGURATION', `apiBaseUrl must be a URL, got ${JSON.stringify(config.apiBaseUrl)}`);
    }
    this.now = config.now ?? Date.now;
    this.proxy = new AuthProxy(config);
    this.ready = this.exclusive(() => this.start());
    // `ready` may be awaited late or never; its failure is also reported through onError.
    this.ready.catch((e: unknown) => this.report(e));
  }

  // ---------- state and events ----------

  get sessionKeys(): string[] {
    return Object.keys(this.state.sessions);
  }

  snapshot(): ContextSnapshot {
    return { authState: this.authState, session: this.session, user: this.user, wallets: this.wallets, selectedSessionKey: this.selectedSessionKey, sessionKeys: this.sessionKeys };
  }

  /** Called with a snapshot after every change; returns the unsubscribe function. */
  subscribe(listener: (s: ContextSnapshot) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(): void {
    const s = this.snapshot();
    for (const l of this.listeners) l(s);
  }

  private report(e: unknown): void {
    const err = e instanceof TurnkeyClientError ? e : new TurnkeyClientError('STORAGE_FAILED', String((e as Error)?.message ?? e), { cause: e });
    this.config.onError?.(err);
  }

  /** Runs `fn` after every state change queued before it. */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  // ---------- start ----------

  private async start(): Promise<void> {
    const needed = !this.config.keyStore || !this.config.sessionStore;
    const platform = needed ? platformStores(this.config) : undefined;
    this.keyStore = this.config.keyStore ?? platform!.keyStore;
    this.sessionStore = this.config.sessionStore ?? platform!.sessionStore;
    const loaded = await this.sessionStore.load();
    const next = structuredClone(loaded);
    const stale: string[] = [];
    const now = this.now();
    for (const [name, rec] of Object.entries(loaded.sessions)) {
      let session: Session | undefined;
      try {
        session = parseSessionJwt(rec.jwt, name);
      } catch {
        session = undefined;
      }
      if (!session || session.expiresAt <= now || !(await this.keyStore.hasKey(session.public_key))) {
        delete next.sessions[name];
        if (session) stale.push(session.public_key);
      }
    }
    for (const [key, at] of Object.entries(loaded.pendingKeys)) {
      if (now - at > PENDING_KEY_TTL_MS) {
        delete next.pendingKeys[key];
        stale.push(key);
      }
    }
    if (!next.selectedSessionKey || !next.sessions[next.selectedSessionKey]) {
      const first = Object.keys(next.sessions)[0];
      if (first) next.selectedSessionKey = first;
      else delete next.selectedSessionKey;
    }
    if (JSON.stringify(next) !== JSON.stringify(loaded)) await this.sessionStore.save(next);
    this.state = next;
    for (const key of stale) await this.keyStore.deleteKey(key);
    for (const name of this.sessionKeys) this.schedule(name);
    await this.activate(next.selectedSessionKey);
  }

  // ---------- keys and sessions ----------

  private sessionOf(name: string): Session {
    const rec = this.state.sessions[name];
    if (!rec) throw new SessionNotFoundError(name);
    return parseSessionJwt(rec.jwt, name);
  }

  private clientFor(publicKey: string): TurnkeyClient {
    return new TurnkeyClient({ baseUrl: this.config.apiBaseUrl }, new KeyStoreStamper(this.keyStore, publicKey));
  }

  /** Saves `next`, then makes it the state: a failed save changes nothing. */
  private async commit(next: StoredState): Promise<void> {
    await this.sessionStore.save(next);
    this.state = next;
  }

  /** Makes `name` the active session (or none): client, user and wallets follow. */
  private async activate(name: string | undefined, user?: User): Promise<void> {
    this.selectedSessionKey = name;
    if (!name) {
      Object.assign(this, { session: undefined, client: undefined, user: undefined, wallets: [] });
      this.authState = 'unauthenticated';
      this.emit();
      return;
    }
    const session = this.sessionOf(name);
    this.session = session;
    this.client = this.clientFor(session.public_key);
    this.authState = 'authenticated';
    this.user = user;
    this.emit();
    try {
      this.user = user ?? (await api.fetchUser(this.client, session.organization_id, session.user_id));
      this.wallets = await api.fetchWallets(this.client, session.organization_id);
    } catch (e) {
      // The session stays: the API may be down for a moment. The app hears of it.
      this.report(e);
    }
    this.emit();
  }

  /** A new device key pair, kept as pending (for an hour) until a session names it. */
  createKeyPair(): Promise<string> {
    return this.exclusive(async () => {
      await this.ready;
      const publicKey = await this.keyStore.createKey();
      const next = structuredClone(this.state);
      next.pendingKeys[publicKey] = this.now();
      try {
        await this.commit(next);
      } catch (e) {
        await this.keyStore.deleteKey(publicKey);
        throw e;
      }
      return publicKey;
    });
  }

  /**
   * Stores a session JWT under `sessionKey` (default "default"). Refused, with nothing written,
   * when the JWT is malformed or expired, when its key is not on this device, or when the API
   * does not accept that key for the session's user.
   */
  storeSession(input: { jwt: string; sessionKey?: string; refreshedSessionTTLSeconds?: number }): Promise<Session> {
    return this.exclusive(async () => {
      await this.ready;
      const name = input.sessionKey ?? 'default';
      const session = parseSessionJwt(input.jwt, name);
      if (session.expiresAt <= this.now()) throw new SessionExpiredError();
      if (!(await this.keyStore.hasKey(session.public_key))) throw new SessionKeyNotOnDeviceError(session.public_key);
      if (input.refreshedSessionTTLSeconds !== undefined && !(Number.isInteger(input.refreshedSessionTTLSeconds) && input.refreshedSessionTTLSeconds >= 10)) {
        throw new TurnkeyClientError('INVALID_CONFIGURATION', 'refreshedSessionTTLSeconds must be a whole number of seconds, at least 10');
      }
      const user = await api.fetchUser(this.clientFor(session.public_key), session.organization_id, session.user_id);

      const replaced = this.state.sessions[name] ? this.sessionOf(name).public_key : undefined;
      const next = structuredClone(this.state);
      next.sessions[name] = { jwt: input.jwt, ...(input.refreshedSessionTTLSeconds ? { refreshedSessionTTLSeconds: input.refreshedSessionTTLSeconds } : {}) };
      delete next.pendingKeys[session.public_key];
      next.selectedSessionKey ??= name;
      await this.commit(next);
      if (replaced && replaced !== session.public_key) await this.keyStore.deleteKey(replaced);
      this.schedule(name);
      if (next.selectedSessionKey === name) await this.activate(name, user);
      else this.emit();
      return session;
    });
  }

  setActiveSession(sessionKey: string): Promise<void> {
    return this.exclusive(async () => {
      await this.ready;
      this.sessionOf(sessionKey);
      await this.commit({ ...structuredClone(this.state), selectedSessionKey: sessionKey });
      await this.activate(sessionKey);
    });
  }

  /**
   * A new key pair, and a session for it from stamp_login signed by the old key
   * (invalidateExisting: false, so other devices keep theirs); then the old key is deleted on the
   * server and on the device.
   */
  refreshSession(input: { sessionKey?: string; expirationSeconds?: number } = {}): Promise<Session> {
    return this.exclusive(() => this.refresh(input.sessionKey, input.expirationSeconds));
  }

  private async refresh(sessionKey: string | undefined, expirationSeconds: number | undefined): Promise<Session> {
    await this.ready;
    const name = sessionKey ?? this.selectedSessionKey;
    if (!name) throw new NoActiveSessionError();
    const old = this.sessionOf(name);
    if (old.expiresAt <= this.now()) throw new SessionExpiredError();
    const rec = this.state.sessions[name]!;
    const ttl = expirationSeconds ?? rec.refreshedSessionTTLSeconds ?? DEFAULT_REFRESH_TTL_SECONDS;
    const publicKey = await this.keyStore.createKey();
    let session: Session;
    try {
      const jwt = await api.stampLogin(this.clientFor(old.public_key), old.organization_id, publicKey, ttl);
      session = parseSessionJwt(jwt, name);
      if (session.public_key !== publicKey) throw new InvalidSessionJwtError('the refreshed session names another key');
      await this.commit({ ...structuredClone(this.state), sessions: { ...this.state.sessions, [name]: { ...rec, jwt } } });
    } catch (e) {
      await this.keyStore.deleteKey(publicKey);
      throw e;
    }
    // The old key could still stamp until it expires: retire it now. A failure here leaves a key
    // that dies at its own expiry, so it is reported, not thrown.
    try {
      await api.revokeKey(this.clientFor(publicKey), session.organization_id, session.user_id, old.public_key);
    } catch (e) {
      this.report(e);
    }
    await this.keyStore.deleteKey(old.public_key);
    this.schedule(name);
    if (this.selectedSessionKey === name) {
      this.session = session;
      this.client = this.clientFor(publicKey);
    }
    this.emit();
    return session;
  }

  /** Forgets a session (default: the active one); with `revoke`, deletes its key on the server first. */
  clearSession(input: { sessionKey?: string; revoke?: boolean } = {}): Promise<void> {
    return this.exclusive(() => this.clear(input.sessionKey, input.revoke ?? false));
  }

  private async clear(sessionKey: string | undefined, revoke: boolean): Promise<void> {
    await this.ready;
    const name = sessionKey ?? this.selectedSessionKey;
    if (!name) throw new NoActiveSessionError();
    const session = this.sessionOf(name);
    if (revoke) await api.revokeKey(this.clientFor(session.public_key), session.organization_id, session.user_id, session.public_key);
    const next = structuredClone(this.state);
    delete next.sessions[name];
    const wasSelected = next.selectedSessionKey === name;
    if (wasSelected) {
      const other = Object.keys(next.sessions)[0];
      if (other) next.selectedSessionKey = other;
      else delete next.selectedSessionKey;
    }
    await this.commit(next);
    clearTimeout(this.timers.get(name));
    this.timers.delete(name);
    await this.keyStore.deleteKey(session.public_key);
    if (wasSelected) await this.activate(next.selectedSessionKey);
    else this.emit();
  }

  /** Refresh shortly before expiry when a TTL is known and auto refresh is on; otherwise clear at expiry. */
  private schedule(name: string): void {
    clearTimeout(this.timers.get(name));
    if (this.disposed) return;
    const rec = this.state.sessions[name];
    if (!rec) return;
    const session = parseSessionJwt(rec.jwt, name);
    const refresh = (this.config.auth?.autoRefreshSession ?? true) && rec.refreshedSessionTTLSeconds !== undefined;
    const at = refresh ? session.expiresAt - REFRESH_LEAD_MS : session.expiresAt;
    const wait = Math.max(0, at - this.now());
    const timer = setTimeout(() => {
      if (wait > MAX_TIMER_MS) return this.schedule(name);
      this.exclusive(async () => {
        if (this.state.sessions[name]?.jwt !== rec.jwt) return; // replaced meanwhile
        if (refresh) {
          try {
            await this.refresh(name, undefined);
            return;
          } catch (e) {
            this.report(e);
            // Try again at expiry, then give up on it.
            if (session.expiresAt > this.now()) return void this.retryAtExpiry(name, session.expiresAt);
          }
        }
        await this.clear(name, false);
      }).catch((e: unknown) => this.report(e));
    }, Math.min(wait, MAX_TIMER_MS));
    // A timer must not keep a Node process (a CLI) alive by itself.
    (timer as { unref?: () => void }).unref?.();
    this.timers.set(name, timer);
  }

  private retryAtExpiry(name: string, expiresAt: number): void {
    const timer = setTimeout(() => this.exclusive(() => this.clear(name, false)).catch((e: unknown) => this.report(e)), Math.max(0, expiresAt - this.now()));
    (timer as { unref?: () => void }).unref?.();
    this.timers.set(name, timer);
  }

  /** Stops the timers and listeners (stored sessions stay). */
  dispose(): void {
    this.disposed = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    this.listeners.clear();
  }

  // ---------- API helpers ----------

  private active(): { session: Session; client: TurnkeyClient } {
    if (!this.session || !this.client) throw new NoActiveSessionError();
    return { session: this.session, client: this.client };
  }

  async fetchUser(): Promise<User> {
    const { session, client } = this.active();
    this.user = await api.fetchUser(client, session.organization_id, session.user_id);
    this.emit();
    return this.user;
  }

  async fetchWallets(): Promise<api.WalletWithAccounts[]> {
    const { session, client } = this.active();
    this.wallets = await api.fetchWallets(client, session.organization_id);
    this.emit();
    return this.wallets;
  }

  async signRawPayload(input: api.SignRawPayloadInput): Promise<api.RawSignature> {
    const { session, client } = this.active();
    return api.signRawPayload(client, session.organization_id, input);
  }

  /**
   * Signs a message with a wallet account (default: the first Ethereum account) in its chain's
   * convention (see sign-message.ts). Returns the chain's signature encoding and the raw parts.
   */
  async signMessage(input: { message: string | Uint8Array; address?: string }): Promise<{ signature: string; address: string; addressFormat: string; raw: api.RawSignature }> {
    this.active();
    const accounts = this.wallets.flatMap((w) => w.accounts);
    const account = input.address ? accounts.find((a) => a.address === input.address) : accounts.find((a) => a.addressFormat === 'ADDRESS_FORMAT_ETHEREUM');
    if (!account) throw new TurnkeyClientError('WALLET_ACCOUNT_NOT_FOUND', input.address ? `no wallet account with address ${input.address}` : 'no Ethereum wallet account; pass an address');
    const raw = await this.signRawPayload({ signWith: account.address, ...messagePayload(account.addressFormat, input.message) });
    return { signature: encodeMessageSignature(account.addressFormat, raw), address: account.address, addressFormat: account.addressFormat, raw };
  }

  async createWallet(input: { walletName: string; accounts?: api.NewWalletAccount[] }): Promise<{ walletId: string; addresses: string[] }> {
    const { session, client } = this.active();
    const created = await api.createWallet(client, session.organization_id, input.walletName, input.accounts ?? api.DEFAULT_ACCOUNTS);
    await this.fetchWallets();
    return created;
  }

  // ---------- auth-proxy helpers (throw MissingAuthProxyConfigurationError without a proxy) ----------
  // Bodies are typed with the proxy's own types from @turnkey/sdk-types.

  async initOtp(input: { otpType: 'OTP_TYPE_EMAIL' | 'OTP_TYPE_SMS'; contact: string }): Promise<string> {
    const body: ProxyTInitOtpBody = { otpType: input.otpType, contact: input.contact };
    return (await this.proxy.post<ProxyTInitOtpResponse>('initOtp', '/v1/otp_init', body)).otpId;
  }

  async verifyOtp(input: { otpId: string; otpCode: string; publicKey?: string }): Promise<string> {
    const body: ProxyTVerifyOtpBody = { otpId: input.otpId, otpCode: input.otpCode, ...(input.publicKey ? { publicKey: input.publicKey } : {}) };
    return (await this.proxy.post<ProxyTVerifyOtpResponse>('verifyOtp', '/v1/otp_verify', body)).verificationToken;
  }

  /** A new key pair → verify (bound to that key) → otp_login through the proxy → storeSession. */
  async completeOtp(input: { otpId: string; otpCode: string; sessionKey?: string }): Promise<Session> {
    this.proxy.require('completeOtp');
    const publicKey = await this.createKeyPair();
    return this.orDiscard(publicKey, async () => {
      const verificationToken = await this.verifyOtp({ otpId: input.otpId, otpCode: input.otpCode, publicKey });
      const body: ProxyTOtpLoginBody = { verificationToken, publicKey };
      const { session } = await this.proxy.post<ProxyTOtpLoginResponse>('completeOtp', '/v1/otp_login', body);
      return this.storeSession({ jwt: session, ...(input.sessionKey ? { sessionKey: input.sessionKey } : {}) });
    });
  }

  /** OAuth: the id_token's nonce must be sha256hex(publicKey) of a key from createKeyPair(). */
  async completeOauth(input: { oidcToken: string; publicKey: string; providerName?: string; sessionKey?: string }): Promise<Session> {
    this.proxy.require('completeOauth');
    const body: ProxyTOAuthLoginBody & { providerName?: string } = { oidcToken: input.oidcToken, publicKey: input.publicKey, ...(input.providerName ? { providerName: input.providerName } : {}) };
    const { session } = await this.proxy.post<ProxyTOAuthLoginResponse>('completeOauth', '/v1/oauth_login', body);
    return this.storeSession({ jwt: session, ...(input.sessionKey ? { sessionKey: input.sessionKey } : {}) });
  }

  /**
   * Signs up with a passkey created by the app (WebAuthn attestation) through the proxy. Unlike
   * the model, the device's session key is registered with it, so the first session needs no
   * second ceremony.
   */
  async signUpWithPasskey(input: { userName?: string; userEmail?: string; passkey: { authenticatorName: string; challenge: string; attestation: unknown }; sessionKey?: string }): Promise<Session> {
    this.proxy.require('signUpWithPasskey');
    const publicKey = await this.createKeyPair();
    return this.orDiscard(publicKey, async () => {
      const { organizationId } = await this.proxy.post<ProxyTSignupResponse>('signUpWithPasskey', '/v1/signup', {
        ...(input.userName ? { userName: input.userName } : {}),
        ...(input.userEmail ? { userEmail: input.userEmail } : {}),
        authenticators: [input.passkey],
        apiKeys: [{ apiKeyName: `session-${publicKey.slice(0, 8)}`, publicKey, curveType: 'API_KEY_CURVE_P256', expirationSeconds: String(DEFAULT_REFRESH_TTL_SECONDS) }],
        oauthProviders: [],
      });
      const jwt = await api.stampLogin(this.clientFor(publicKey), organizationId, publicKey, DEFAULT_REFRESH_TTL_SECONDS);
      return this.storeSession({ jwt, ...(input.sessionKey ? { sessionKey: input.sessionKey } : {}) });
    });
  }

  /** Runs a login that uses a fresh pending key; if it fails, the key is deleted again. */
  private async orDiscard<T>(publicKey: string, login: () => Promise<T>): Promise<T> {
    try {
      return await login();
    } catch (e) {
      await this.exclusive(async () => {
        if (!this.state.pendingKeys[publicKey]) return;
        const next = structuredClone(this.state);
        delete next.pendingKeys[publicKey];
        await this.commit(next);
        await this.keyStore.deleteKey(publicKey);
      }).catch(() => undefined);
      throw e;
    }
  }
}

export type { ClientErrorCode };
