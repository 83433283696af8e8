/**
 * The two kinds of external wallet a page meets, and what the SDK asks of each — one signature
 * of exactly the bytes it is given, and the key that made it (turnkey-wire-logins.md §2.1):
 * - an EIP-1193 provider (window.ethereum: MetaMask, Rabby, Coinbase, Phantom's EVM side):
 *   eth_requestAccounts, then personal_sign of the bytes as 0x-hex; the key is recovered here;
 * - a Solana signer (window.solana: Phantom, Solflare; or any {publicKey, signMessage}):
 *   the key is its publicKey (after connect() when it has none yet), the signature ed25519 over
 *   the raw bytes.
 * Every answer is checked on the device before it leaves: a wallet that signed with another
 * account than it connected, or answered with something that is not a signature of these bytes,
 * fails here with WALLET_SIGNATURE_INVALID rather than as an API 401 later.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { base58 } from '@scure/base';
import { bytesToHex, SCHEME_API_ED25519, SCHEME_API_SECP256K1_EIP191 } from '@tkauth/wire';
import { NoWalletAccountError, TurnkeyClientError, WalletCancelledError, WalletError, WalletNotSupportedError, WalletSignatureError } from '../errors.ts';
import { ethereumAddress, solanaAddress, toChecksumAddress, type WalletCurveType } from './addresses.ts';
import { personalSignParam, recoverEip191 } from './eip191.ts';

/** EIP-1193: the one method every Ethereum provider has. */
export interface Eip1193Provider {
  request(args: { method: string; params?: unknown[] | Record<string, unknown> }): Promise<unknown>;
}

/** What a Solana public key may come as: a web3.js PublicKey, base58 text, or the 32 bytes. */
export type SolanaPublicKeyLike = { toBytes(): Uint8Array } | { toBase58(): string } | string | Uint8Array;

/** A Solana signer: Phantom's and Solflare's window.solana, or any object of this shape. */
export interface SolanaSigner {
  /** Null until connected, for the injected wallets. */
  publicKey?: SolanaPublicKeyLike | null;
  /** Asks the person to connect; the injected wallets answer {publicKey}. */
  connect?(): Promise<{ publicKey?: SolanaPublicKeyLike | null } | void | unknown>;
  /** ed25519 over the bytes; Phantom answers {signature, publicKey}, others the 64 bytes. */
  signMessage(message: Uint8Array, display?: 'utf8' | 'hex'): Promise<Uint8Array | { signature: Uint8Array | ArrayLike<number> } | ArrayLike<number>>;
}

export type WalletProvider = Eip1193Provider | SolanaSigner;
export type WalletChain = 'ethereum' | 'solana';

/** One signature of a message by a wallet, as an X-Stamp carries it. */
export interface WalletSignature {
  chain: WalletChain;
  scheme: typeof SCHEME_API_SECP256K1_EIP191 | typeof SCHEME_API_ED25519;
  curveType: WalletCurveType;
  /** Compressed secp256k1 (66 hex) or ed25519 (64 hex), lowercase. */
  publicKey: string;
  /** DER hex of (r, s), or the 64-byte ed25519 signature as 128 hex. */
  signature: string;
  /** The address the person knows the wallet by (EIP-55 or base58). */
  address: string;
}

const isFunction = (f: unknown): f is (...args: never[]) => unknown => typeof f === 'function';

/**
 * Which kind `provider` is. A Solana signer has signMessage and a publicKey (or connect): Phantom's
 * window.solana has a request method too, and a viem WalletClient (EIP-1193) a signMessage of its own.
 */
export function walletChain(provider: unknown): WalletChain {
  const p = (provider ?? {}) as Partial<SolanaSigner & Eip1193Provider>;
  if (isFunction(p.signMessage) && ('publicKey' in p || isFunction(p.connect))) return 'solana';
  if (isFunction(p.request)) return 'ethereum';
  throw new WalletNotSupportedError();
}

/** The wallet signs `message` (the exact request body's bytes); its key and signature, checked. */
export function signWithWallet(provider: WalletProvider, message: Uint8Array): Promise<WalletSignature> {
  return walletChain(provider) === 'solana' ? signSolana(provider as SolanaSigner, message) : signEthereum(provider as Eip1193Provider, message);
}

async function signEthereum(provider: Eip1193Provider, message: Uint8Array): Promise<WalletSignature> {
  const accounts = await asked(() => provider.request({ method: 'eth_requestAccounts' }));
  const account = Array.isArray(accounts) ? accounts[0] : undefined;
  if (typeof account !== 'string' || !/^0x[0-9a-fA-F]{40}$/.test(account)) throw new NoWalletAccountError('ethereum');
  const answer = await asked(() => provider.request({ method: 'personal_sign', params: [personalSignParam(message), account] }));
  const recovered = typeof answer === 'string' ? recoverEip191(message, answer) : null;
  if (!recovered) throw new WalletSignatureError('the Ethereum wallet did not answer with a signature of the message (65 bytes, r‖s‖v)');
  const address = ethereumAddress(recovered.publicKey);
  if (address !== toChecksumAddress(account)) throw new WalletSignatureError(`the Ethereum wallet signed with ${address}, not with the account it connected (${toChecksumAddress(account)})`);
  return { chain: 'ethereum', scheme: SCHEME_API_SECP256K1_EIP191, curveType: 'API_KEY_CURVE_SECP256K1', publicKey: recovered.publicKey, signature: recovered.derSignature, address };
}

async function signSolana(signer: SolanaSigner, message: Uint8Array): Promise<WalletSignature> {
  let key = signer.publicKey;
  if (!key && isFunction(signer.connect)) {
    const connected = (await asked(() => signer.connect!())) as { publicKey?: SolanaPublicKeyLike | null } | undefined;
    key = signer.publicKey ?? connected?.publicKey;
  }
  const publicKey = key ? solanaKeyBytes(key) : undefined;
  if (!publicKey) throw new NoWalletAccountError('solana');
  const answer = await asked(() => signer.signMessage(message, 'utf8'));
  const raw = answer && typeof answer === 'object' && 'signature' in answer ? answer.signature : answer;
  const signature = raw && typeof raw === 'object' && typeof (raw as ArrayLike<number>).length === 'number' ? Uint8Array.from(raw as ArrayLike<number>) : undefined;
  if (!signature || signature.length !== 64) throw new WalletSignatureError('the Solana wallet did not answer with a 64-byte signature');
  let valid = false;
  try {
    valid = ed25519.verify(signature, message, publicKey);
  } catch {
    valid = false;
  }
  if (!valid) throw new WalletSignatureError('the Solana wallet’s signature is not by its public key over the message');
  const hex = bytesToHex(publicKey);
  return { chain: 'solana', scheme: SCHEME_API_ED25519, curveType: 'API_KEY_CURVE_ED25519', publicKey: hex, signature: bytesToHex(signature), address: solanaAddress(hex) };
}

/** The 32 key bytes, whichever form the signer gives; undefined when it is none of them. */
function solanaKeyBytes(key: SolanaPublicKeyLike): Uint8Array | undefined {
  let bytes: Uint8Array | undefined;
  try {
    if (key instanceof Uint8Array) bytes = key;
    else if (typeof key === 'string') bytes = base58.decode(key);
    else if (isFunction((key as { toBytes?: unknown }).toBytes)) bytes = (key as { toBytes(): Uint8Array }).toBytes();
    else if (isFunction((key as { toBase58?: unknown }).toBase58)) bytes = base58.decode((key as { toBase58(): string }).toBase58());
  } catch {
    return undefined;
  }
  return bytes?.length === 32 ? Uint8Array.from(bytes) : undefined;
}

// EIP-1193 §"Provider Errors" 4001: the person said no. The words are @turnkey/core's match, for
// wallets that throw a plain Error (and Phantom's Solana side, which uses the same code).
const USER_REJECTED = /user rejected|rejected the request|user denied|user cancel/i;

/** Runs a request to the wallet; its failures as typed errors (a refusal by the person is CONNECT_WALLET_CANCELLED). */
async function asked<T>(request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (e) {
    if (e instanceof TurnkeyClientError) throw e;
    const err = (e ?? {}) as { code?: unknown; message?: unknown };
    const message = typeof err.message === 'string' ? err.message : String(e);
    if (err.code === 4001 || USER_REJECTED.test(message)) throw new WalletCancelledError({ cause: e });
    throw new WalletError(`the wallet refused: ${message}`, { cause: e });
  }
}
