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
import { parseSessionJwt, sessionEndsAt, type Session } from './session/session-jwt.ts';
import { KeyStoreStamper } from './stamper.ts';
import * as api from './api.ts';
import { messagePayload, encodeMessageSignature } from './sign-message.ts';
import { AuthProxy } from './auth-proxy.ts';
import { OtpSignerKey, UNCOMPRESSED_P256 } from './otp-signer-key.ts';
import { ProxyLogins, type AuthResult, type CompleteOtpInput, type OauthInput, type OtpLoginInput, type OtpSignupInput, type OtpType, type PasskeySignupInput } from './proxy-logins.ts';
import { PasskeyLogins, type BackendPasskeySignupInput, type PasskeyLoginInput } from './passkey-logins.ts';
import type { LoginHost } from './login-keys.ts';
import { WalletLogins, type BackendWalletSignupInput, type WalletLoginInput, type WalletLoginOrSignupInput, type WalletLoginResult } from './wallet-logins.ts';
import type { WalletProvider } from './wallet/wallet-provider.ts';
import { createPasskey, type CreatePasskeyInput, type CreatedPasskey } from './passkey/create-passkey.ts';
import { PasskeyStamper, type PasskeyStamperConfig } from './passkey/passkey-stamper.ts';
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
// Node: file stores; browsers: IndexedDB + localStorage (package.json export conditions).
import { platformStores } from '@tkauth/client/platform-stores';

export type AuthState = 'loading' | 'authenticated' | 'unauthenticated';

export interface TurnkeyContextConfig {
  /** The parent organization (the app's). Sessions name their own sub-organization. */
  organizationId: string;
  apiBaseUrl: string;
  /** The auth proxy: Turnkey's hosted one (the default URL) or the app's tkauth backend. */
  authProxyUrl?: string;
  /** Turns the proxy helpers on (initOtp, completeOtp, completeOauth, signUpWithPasskey, …). */
  authProxyConfigId?: string;
  /**
   * The key (uncompressed P-256 hex) whose signature on initOtp's bundle the device trusts. Default:
   * what the API publishes at /.well-known/tkauth.json (a tkauth local API), else Turnkey's own.
   */
  otpSignerPublicKey?: string;
  auth?: { autoRefreshSession?: boolean };
  /**
   * Passkeys (browsers): the relying-party id (default: the page's host name), its name, how long
   * a prompt waits (ms) and the user verification asked for (default "preferred"), as core's passkeyConfig.
   */
  passkeyConfig?: { rpId?: string; rpName?: string; timeout?: number; userVerification?: 'required' | 'preferred' | 'discouraged' };
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
  private readonly logins: ProxyLogins;
  private readonly passkeys: PasskeyLogins;
  private readonly walletLogins: WalletLogins;
  private readonly now: () => number;
  private disposed = false;

  constructor(private readonly config: TurnkeyContextConfig) {
    if (!config.organizationId) throw new TurnkeyClientError('INVALID_CONFIGURATION', 'organizationId is required');
    try {
      new URL(config.apiBaseUrl);
    } catch {
      throw new TurnkeyClientError('INVALID_CONFIGURATION', `apiBaseUrl must be a URL, got ${JSON.stringify(config.apiBaseUrl)}`);
    }
    if (config.otpSignerPublicKey !== undefined && !UNCOMPRESSED_P256.test(config.otpSignerPublicKey)) {
      throw new TurnkeyClientError('INVALID_CONFIGURATION', 'otpSignerPublicKey must be an uncompressed P-256 public key (130 hex characters, 04…)');
    }
    this.now = config.now ?? Date.now;
    const host: LoginHost = {
      keys: async () => {
        await this.ready;
        return this.keyStore;
      },
      createKeyPair: () => this.createKeyPair(),
      discardPending: (publicKey) => this.discardPending(publicKey),
      storeSession: (input) => this.storeSession(input),
      stampLogin: (stampWith, organizationId, publicKey) => api.stampLogin(this.clientFor(stampWith), organizationId, publicKey, DEFAULT_REFRESH_TTL_SECONDS),
      revokeKey: (session, publicKey) => api.revokeKey(this.clientFor(session.publicKey), session.organizationId, session.userId, publicKey),
      report: (e) => this.report(e),
    };
    const makePasskey = (input: CreatePasskeyInput) => this.createPasskey(input);
    this.logins = new ProxyLogins({ ...host, proxy: new AuthProxy(config), signerKey: new OtpSignerKey(config), createPasskey: makePasskey });
    this.passkeys = new PasskeyLogins({
      ...host,
      organizationId: config.organizationId,
      passkeyClient: (c) => this.passkeyClient(c),
      createPasskey: makePasskey,
      fetch: (...args) => (config.fetch ?? fetch)(...args),
    });
    this.walletLogins = new WalletLogins({
      ...host,
      organizationId: config.organizationId,
      apiBaseUrl: config.apiBaseUrl,
      fetch: (...args) => (config.fetch ?? fetch)(...args),
    });
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
        session = parseSessionJwt(rec.jwt, name, now);
      } catch {
        session = undefined;
      }
      if (!session || sessionEndsAt(session) <= now || !(await this.keyStore.hasKey(session.publicKey))) {
        delete next.sessions[name];
        if (session) stale.push(session.publicKey);
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
    return parseSessionJwt(rec.jwt, name, this.now());
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
    this.client = this.clientFor(session.publicKey);
    this.authState = 'authenticated';
    this.user = user;
    this.emit();
    try {
      this.user = user ?? (await api.fetchUser(this.client, session.organizationId, session.userId));
      this.wallets = await api.fetchWallets(this.client, session.organizationId);
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
      const session = parseSessionJwt(input.jwt, name, this.now());
      if (sessionEndsAt(session) <= this.now()) throw new SessionExpiredError();
      if (!(await this.keyStore.hasKey(session.publicKey))) throw new SessionKeyNotOnDeviceError(session.publicKey);
      if (input.refreshedSessionTTLSeconds !== undefined && !(Number.isInteger(input.refreshedSessionTTLSeconds) && input.refreshedSessionTTLSeconds >= 10)) {
        throw new TurnkeyClientError('INVALID_CONFIGURATION', 'refreshedSessionTTLSeconds must be a whole number of seconds, at least 10');
      }
      const user = await api.fetchUser(this.clientFor(session.publicKey), session.organizationId, session.userId);

      const replaced = this.state.sessions[name] ? this.sessionOf(name).publicKey : undefined;
      const next = structuredClone(this.state);
      next.sessions[name] = { jwt: input.jwt, ...(input.refreshedSessionTTLSeconds ? { refreshedSessionTTLSeconds: input.refreshedSessionTTLSeconds } : {}) };
      delete next.pendingKeys[session.publicKey];
      next.selectedSessionKey ??= name;
      await this.commit(next);
      if (replaced && replaced !== session.publicKey) await this.keyStore.deleteKey(replaced);
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
    if (sessionEndsAt(old) <= this.now()) throw new SessionExpiredError();
    const rec = this.state.sessions[name]!;
    const ttl = expirationSeconds ?? rec.refreshedSessionTTLSeconds ?? DEFAULT_REFRESH_TTL_SECONDS;
    const publicKey = await this.keyStore.createKey();
    let session: Session;
    try {
      const jwt = await api.stampLogin(this.clientFor(old.publicKey), old.organizationId, publicKey, ttl);
      session = parseSessionJwt(jwt, name, this.now());
      if (session.publicKey !== publicKey) throw new InvalidSessionJwtError('the refreshed session names another key');
      await this.commit({ ...structuredClone(this.state), sessions: { ...this.state.sessions, [name]: { ...rec, jwt } } });
    } catch (e) {
      await this.keyStore.deleteKey(publicKey);
      throw e;
    }
    // Requests from here on stamp with the new key, before the old one is revoked: a request made
    // in between would otherwise be refused (seen under load in CI).
    if (this.selectedSessionKey === name) {
      this.session = session;
      this.client = this.clientFor(publicKey);
    }
    // The old key could still stamp until it expires: retire it now. A failure here leaves a key
    // that dies at its own expiry, so it is reported, not thrown.
    try {
      await api.revokeKey(this.clientFor(publicKey), session.organizationId, session.userId, old.publicKey);
    } catch (e) {
      this.report(e);
    }
    await this.keyStore.deleteKey(old.publicKey);
    this.schedule(name);
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
    if (revoke) await api.revokeKey(this.clientFor(session.publicKey), session.organizationId, session.userId, session.publicKey);
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
    await this.keyStore.deleteKey(session.publicKey);
    if (wasSelected) await this.activate(next.selectedSessionKey);
    else this.emit();
  }

  /** Refresh shortly before expiry when a TTL is known and auto refresh is on; otherwise clear at expiry. */
  private schedule(name: string): void {
    clearTimeout(this.timers.get(name));
    if (this.disposed) return;
    const rec = this.state.sessions[name];
    if (!rec) return;
    const endsAt = sessionEndsAt(parseSessionJwt(rec.jwt, name, this.now()));
    const refresh = (this.config.auth?.autoRefreshSession ?? true) && rec.refreshedSessionTTLSeconds !== undefined;
    const at = refresh ? endsAt - REFRESH_LEAD_MS : endsAt;
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
            if (endsAt > this.now()) return void this.retryAtExpiry(name, endsAt);
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
    this.user = await api.fetchUser(client, session.organizationId, session.userId);
    this.emit();
    return this.user;
  }

  async fetchWallets(): Promise<api.WalletWithAccounts[]> {
    const { session, client } = this.active();
    this.wallets = await api.fetchWallets(client, session.organizationId);
    this.emit();
    return this.wallets;
  }

  async signRawPayload(input: api.SignRawPayloadInput): Promise<api.RawSignature> {
    const { session, client } = this.active();
    return api.signRawPayload(client, session.organizationId, input);
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
    const created = await api.createWallet(client, session.organizationId, input.walletName, input.accounts ?? api.DEFAULT_ACCOUNTS);
    await this.fetchWallets();
    return created;
  }

  // ---------- auth-proxy helpers (proxy-logins.ts; MissingAuthProxyConfigurationError without authProxyConfigId) ----------

  initOtp(input: { otpType: OtpType; contact: string }): Promise<{ otpId: string; otpEncryptionTargetBundle: string }> {
    return this.logins.initOtp(input);
  }

  verifyOtp(input: { otpId: string; otpCode: string; otpEncryptionTargetBundle: string; publicKey?: string }): Promise<{ verificationToken: string; publicKey: string }> {
    return this.logins.verifyOtp(input);
  }

  completeOtp(input: CompleteOtpInput): Promise<AuthResult> {
    return this.logins.completeOtp(input);
  }

  loginWithOtp(input: OtpLoginInput): Promise<Session> {
    return this.logins.loginWithOtp(input);
  }

  signUpWithOtp(input: OtpSignupInput): Promise<Session> {
    return this.logins.signUpWithOtp(input);
  }

  completeOauth(input: Omit<OauthInput, 'organizationId'>): Promise<AuthResult> {
    return this.logins.completeOauth(input);
  }

  loginWithOauth(input: Omit<OauthInput, 'providerName' | 'userName'>): Promise<Session> {
    return this.logins.loginWithOauth(input);
  }

  signUpWithOauth(input: Omit<OauthInput, 'organizationId' | 'invalidateExisting'>): Promise<Session> {
    return this.logins.signUpWithOauth(input);
  }

  // ---------- passkeys (passkey-logins.ts: own-backend mode, no authProxyConfigId needed) ----------

  /** A new passkey (the browser's registration prompt) as Turnkey's activities take it. */
  createPasskey(input: CreatePasskeyInput = {}): Promise<CreatedPasskey> {
    const { rpId, rpName, timeout } = this.config.passkeyConfig ?? {};
    return createPasskey({ ...(rpId ? { rpId } : {}), ...(rpName ? { rpName } : {}), ...(timeout ? { timeout } : {}), ...input });
  }

  /** A stamper that has the person's passkey sign each request (X-Stamp-Webauthn), for @turnkey/http's TurnkeyClient. */
  passkeyStamper(config: PasskeyStamperConfig = {}): PasskeyStamper {
    const { rpId, timeout, userVerification } = this.config.passkeyConfig ?? {};
    return new PasskeyStamper({ ...(rpId ? { rpId } : {}), ...(timeout ? { timeout } : {}), ...(userVerification ? { userVerification } : {}), ...config });
  }

  /**
   * A client to the API whose every request the passkey signs: step-up for one operation, e.g.
   * `passkeyClient().signRawPayload({organizationId: session.organizationId, …})`.
   */
  passkeyClient(config: PasskeyStamperConfig = {}): TurnkeyClient {
    return new TurnkeyClient({ baseUrl: this.config.apiBaseUrl }, this.passkeyStamper(config));
  }

  /**
   * A session from the passkey: stamp_login for a fresh key, stamped by the passkey and addressed
   * to the parent organization (the API finds the account by the credential).
   */
  loginWithPasskey(input: PasskeyLoginInput = {}): Promise<Session> {
    return this.passkeys.loginWithPasskey(input);
  }

  /**
   * An account with a new passkey. With `backendUrl` (or `signup`) through the app's own backend's
   * /signup; otherwise through the auth proxy (authProxyConfigId required), with `passkey` or one made here.
   */
  signUpWithPasskey(input: BackendPasskeySignupInput | PasskeySignupInput): Promise<Session> {
    const own = input as Partial<BackendPasskeySignupInput>;
    if (typeof own.backendUrl === 'string' || typeof own.signup === 'function') return this.passkeys.signUpWithPasskey(input as BackendPasskeySignupInput);
    return this.logins.signUpWithPasskey(input as PasskeySignupInput);
  }

  // ---------- external wallets (wallet-logins.ts: own-backend mode, no authProxyConfigId needed) ----------

  /**
   * A session from an external wallet (an EIP-1193 provider or a Solana signer): stamp_login for a
   * fresh key, signed by the wallet and addressed to the parent organization (the API finds the
   * account by the wallet's public key). Returns the session and the wallet that signed.
   */
  loginWithWallet(input: WalletLoginInput): Promise<WalletLoginResult> {
    return this.walletLogins.loginWithWallet(input);
  }

  /**
   * An account holding the wallet's key, made by the app's backend (POST /signup {wallet}, or your
   * `signup` function), then its session — with one wallet prompt: the login is signed before the sign-up.
   */
  signUpWithWallet(input: BackendWalletSignupInput): Promise<WalletLoginResult> {
    return this.walletLogins.signUpWithWallet(input);
  }

  /** Signs in with the wallet, creating its account first when the backend's /wallet-login-lookup finds none. `action` says which. */
  loginOrSignUpWithWallet(input: WalletLoginOrSignupInput): Promise<WalletLoginResult & { action: 'LOGIN' | 'SIGNUP' }> {
    return this.walletLogins.loginOrSignUpWithWallet(input);
  }

  /** A client to the API whose every request the external wallet signs (e.g. whoami addressed to the parent, or step-up). */
  walletClient(provider: WalletProvider): TurnkeyClient {
    return this.walletLogins.walletClient(provider);
  }

  /** Deletes a key made for a login that did not finish, if no session names it yet. */
  private discardPending(publicKey: string): Promise<void> {
    return this.exclusive(async () => {
      if (!this.state.pendingKeys[publicKey]) return;
      const next = structuredClone(this.state);
      delete next.pendingKeys[publicKey];
      await this.commit(next);
      await this.keyStore.deleteKey(publicKey);
    });
  }
}

export type { ClientErrorCode };
