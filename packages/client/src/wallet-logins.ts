/**
 * External-wallet logins with the app's own backend — no auth proxy, no authProxyConfigId
 * (turnkey-wire-logins.md §2.3, @turnkey/core's buildWalletLoginRequest and Turnkey's
 * wallet-auth/with-backend example). Every flow asks the wallet for exactly one signature:
 * stamp_login for a fresh session key, addressed to the PARENT organization and stamped by the
 * wallet, is built and signed first; the API finds the sub-organization by the wallet's public key
 * when the request arrives, so:
 * - loginWithWallet sends it at once;
 * - signUpWithWallet first has the backend create the account holding that key (/signup
 *   {wallet, walletProof}: the signed request itself proves the device holds the wallet), then
 *   sends it (the API accepts a stamp_login up to 5 minutes old);
 * - loginOrSignUpWithWallet asks the backend whether an account holds the key
 *   (/wallet-login-lookup) and signs up only when none does.
 * The session key is pending until its session is stored, and deleted again if anything fails.
 */
import { TurnkeyClient } from '@turnkey/http';
import * as api from './api.ts';
import { postToBackend, subOrganizationOf } from './backend-call.ts';
import { ApiRequestError, UnknownWalletError, WalletAccountMismatchError } from './errors.ts';
import { decodeJwtClaims } from '@tkauth/wire';
import { orDiscard, storeAs, type LoginHost, type StoreAs } from './login-keys.ts';
import type { Session } from './session/session-jwt.ts';
import type { WalletCurveType } from './wallet/addresses.ts';
import type { WalletChain, WalletProvider } from './wallet/wallet-provider.ts';
import { ExternalWalletStamper } from './wallet/wallet-stamper.ts';

export interface WalletLoginInput extends StoreAs {
  /** An EIP-1193 provider (window.ethereum) or a Solana signer (window.solana). */
  provider: WalletProvider;
  /** The session's lifetime (default 900 s). */
  expirationSeconds?: number;
}

/** The wallet that signed in: what to show the person beside the embedded wallet. */
export interface ConnectedWallet {
  chain: WalletChain;
  /** EIP-55 (0x…) or base58. */
  address: string;
  /** The key the account holds as its `wallet-auth:<publicKey>` API key. */
  publicKey: string;
  curveType: WalletCurveType;
}

export interface WalletLoginResult {
  session: Session;
  wallet: ConnectedWallet;
}

/** What the app's backend gets at POST /signup for a wallet account. */
export interface BackendWalletSignupBody {
  wallet: { publicKey: string; curveType: WalletCurveType };
  /** The wallet's signed stamp_login, exactly as it is sent next: the backend checks it before it creates anything. */
  walletProof: { body: string; stamp: string };
  userName?: string;
}

type WalletProof = BackendWalletSignupBody['walletProof'];
type Signup = (body: BackendWalletSignupBody) => Promise<{ subOrganizationId: string }>;
type Lookup = (publicKey: string, curveType: WalletCurveType) => Promise<{ subOrganizationId?: string }>;

/** A wallet sign-up through the app's backend: its URL (POST `${backendUrl}/signup`), or a function that sends the body itself. */
export type BackendWalletSignupInput = WalletLoginInput & { userName?: string } & ({ backendUrl: string; signup?: never } | { signup: Signup; backendUrl?: never });

/** Sign in, or create the account first: the backend's URL (/wallet-login-lookup, /signup), or both calls as functions. */
export type WalletLoginOrSignupInput = WalletLoginInput & { userName?: string } & ({ backendUrl: string; lookup?: never; signup?: never } | { lookup: Lookup; signup: Signup; backendUrl?: never });

export interface WalletLoginHost extends Pick<LoginHost, 'createKeyPair' | 'discardPending' | 'storeSession'> {
  /** The parent organization. */
  organizationId: string;
  apiBaseUrl: string;
  fetch: typeof fetch;
}

const DEFAULT_SESSION_SECONDS = 900;
// Turnkey's 401 when no organization under the one addressed holds the stamp's public key
// (turnkey-wire-logins.md §3.2, §3.3) — or holds its hex only on another curve (a P-256 key that
// looks like the wallet's): either way no account holds this wallet.
const UNKNOWN_KEY = /public key could not be found in organization|could not find public key in organization|does not fit the curve this api key was registered with/i;
const SEVERAL = /more than one suborg associated with a public key/i;

export class WalletLogins {
  constructor(private readonly h: WalletLoginHost) {}

  /** A TurnkeyClient whose every request the wallet signs (one prompt each). */
  walletClient(provider: WalletProvider): TurnkeyClient {
    return new TurnkeyClient({ baseUrl: this.h.apiBaseUrl }, new ExternalWalletStamper(provider));
  }

  loginWithWallet(input: WalletLoginInput): Promise<WalletLoginResult> {
    return this.withSignedLogin(input, async () => undefined);
  }

  signUpWithWallet(input: BackendWalletSignupInput): Promise<WalletLoginResult> {
    return this.withSignedLogin(input, (wallet, proof) => this.signup(input, wallet, proof));
  }

  async loginOrSignUpWithWallet(input: WalletLoginOrSignupInput): Promise<WalletLoginResult & { action: 'LOGIN' | 'SIGNUP' }> {
    let action: 'LOGIN' | 'SIGNUP' = 'LOGIN';
    const result = await this.withSignedLogin(input, async (wallet, proof) => {
      const found = input.lookup
        ? await input.lookup(wallet.publicKey, wallet.curveType)
        : await postToBackend<{ subOrganizationId?: string }>(this.h.fetch, input.backendUrl, '/wallet-login-lookup', { publicKey: wallet.publicKey, curveType: wallet.curveType }, 'loginOrSignUpWithWallet');
      if (typeof found?.subOrganizationId === 'string' && found.subOrganizationId !== '') return found.subOrganizationId;
      action = 'SIGNUP';
      return this.signup(input, wallet, proof);
    });
    return { ...result, action };
  }

  /**
   * A fresh session key; stamp_login for it signed by the wallet (the one prompt); then `between`
   * (sign-up, lookup) with the wallet's key and the signed request as its proof; then the signed
   * request is sent and the session stored.
   */
  private async withSignedLogin(input: WalletLoginInput, between: (wallet: ConnectedWallet, proof: WalletProof) => Promise<string | undefined>): Promise<WalletLoginResult> {
    const sessionPublicKey = await this.h.createKeyPair();
    return orDiscard(this.h, sessionPublicKey, async () => {
      const stamper = new ExternalWalletStamper(input.provider);
      const client = new TurnkeyClient({ baseUrl: this.h.apiBaseUrl }, stamper);
      const signed = await api.signStampLogin(client, this.h.organizationId, sessionPublicKey, input.expirationSeconds ?? DEFAULT_SESSION_SECONDS);
      const { chain, address, publicKey, curveType } = stamper.lastSigner!;
      const wallet: ConnectedWallet = { chain, address, publicKey, curveType };
      // The account the backend made for this wallet, when a backend was asked: the login must land there.
      const expected = await between(wallet, { body: signed.body, stamp: signed.stamp.stampHeaderValue });
      let jwt: string;
      try {
        jwt = await api.sendStampLogin(this.h.fetch, signed);
      } catch (e) {
        if (e instanceof ApiRequestError && UNKNOWN_KEY.test(e.message)) throw new UnknownWalletError({ cause: e });
        // Someone else's account holds the key too, so the parent cannot say which: address the
        // wallet's own account instead (a second signature, only in this case).
        if (!(expected && e instanceof ApiRequestError && SEVERAL.test(e.message))) throw e;
        jwt = await api.sendStampLogin(this.h.fetch, await api.signStampLogin(client, expected, sessionPublicKey, input.expirationSeconds ?? DEFAULT_SESSION_SECONDS));
      }
      const landed = decodeJwtClaims(jwt).organization_id;
      if (expected && landed !== expected) throw new WalletAccountMismatchError(expected, String(landed));
      return { session: await this.h.storeSession({ jwt, ...storeAs(input) }), wallet };
    });
  }

  private async signup(input: { userName?: string; backendUrl?: string; signup?: Signup }, wallet: ConnectedWallet, walletProof: WalletProof): Promise<string> {
    const body: BackendWalletSignupBody = { wallet: { publicKey: wallet.publicKey, curveType: wallet.curveType }, walletProof, ...(input.userName ? { userName: input.userName } : {}) };
    const answer = input.signup ? await input.signup(body) : await postToBackend<{ subOrganizationId?: string }>(this.h.fetch, input.backendUrl!, '/signup', body, 'signUpWithWallet');
    return subOrganizationOf(answer, 'signUpWithWallet');
  }
}
