/**
 * API keys on the three curves Turnkey takes (v1ApiKeyCurve, turnkey-wire-logins.md §2.2): a
 * device's P-256 key, and an external wallet's key — Ethereum's compressed secp256k1 point or
 * Solana's 32-byte ed25519 key — registered so that the wallet's own signature logs in.
 * Each key is checked against its curve before anything is asked of the API: a wallet key that is
 * not a point of its curve could never sign a login, and an account made for it would be dead.
 * P-256 keys keep the shape check they always had (the API checks their point). An ed25519 key of
 * small order is refused: signatures under it need no private key (wire wallet-keys.ts).
 */
import { BackendError, isEd25519Key, isSecp256k1Key } from '@tkauth/wire';

export const API_KEY_CURVES = ['API_KEY_CURVE_P256', 'API_KEY_CURVE_SECP256K1', 'API_KEY_CURVE_ED25519'] as const;
export type ApiKeyCurve = (typeof API_KEY_CURVES)[number];
/** The curves of external wallets' keys: Ethereum (EIP-191 stamps) and Solana (ed25519 stamps). */
export const WALLET_CURVES = ['API_KEY_CURVE_SECP256K1', 'API_KEY_CURVE_ED25519'] as const;
export type WalletCurve = (typeof WALLET_CURVES)[number];

export const isWalletCurve = (curveType: string): curveType is WalletCurve => (WALLET_CURVES as readonly string[]).includes(curveType);

/** The name core's signUpWithWallet gives the wallet's key (turnkey-wire-logins.md §2.3). */
export const walletApiKeyName = (publicKey: string) => `wallet-auth:${publicKey}`;

const COMPRESSED_POINT = /^0[23][0-9a-f]{64}$/;

const FITS: Record<ApiKeyCurve, { fits: (lowerHex: string) => boolean; shape: string }> = {
  API_KEY_CURVE_P256: { fits: (k) => COMPRESSED_POINT.test(k), shape: 'a compressed P-256 public key (66 hex characters, 02 or 03 first)' },
  API_KEY_CURVE_SECP256K1: { fits: isSecp256k1Key, shape: 'a compressed secp256k1 public key (66 hex characters, 02 or 03 first, a point of the curve)' },
  API_KEY_CURVE_ED25519: { fits: isEd25519Key, shape: 'an ed25519 public key (64 hex characters, a point of the curve not of small order)' },
};

/** The key in the lowercase hex the API stores and looks up; 400 naming `where` when it does not fit its curve. */
export function checkApiKeyPublicKey(curveType: ApiKeyCurve, publicKey: string, where: string): string {
  const key = publicKey.toLowerCase();
  if (!FITS[curveType].fits(key)) throw new BackendError('VALIDATION_FAILED', `${where}: not ${FITS[curveType].shape} for ${curveType}`);
  return key;
}

/** A public key of any of the three curves (a lookup does not say which), lowercase; else 400 naming `where`. */
export function checkAnyPublicKey(publicKey: string, where: string): string {
  const key = publicKey.toLowerCase();
  if (!API_KEY_CURVES.some((c) => FITS[c].fits(key))) {
    throw new BackendError('VALIDATION_FAILED', `${where}: not a public key (compressed P-256 or secp256k1: 66 hex characters, 02 or 03 first; ed25519: 64 hex characters)`);
  }
  return key;
}
