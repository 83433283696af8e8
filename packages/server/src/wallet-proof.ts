/**
 * Proof that a wallet sign-up's caller holds the wallet. A wallet's public key is public (a Solana
 * address is the key), so without proof anyone could create the account for someone else's wallet
 * before its owner does. The proof is the request the device signs first and sends next anyway
 * (turnkey-wire-logins.md §2.3): the wallet's stamp_login to the parent organization, its body and
 * X-Stamp header exactly as they will be sent. Checked before anything is created: the stamp is by
 * this wallet's key in this curve's scheme over these bytes, and the body is a fresh stamp_login
 * addressed to this backend's organization — so a signature the wallet gave for anything else,
 * anywhere else, or long ago proves nothing here.
 */
import { Type, type Static } from '@sinclair/typebox';
import { type ApiKeyStamp, ApiError, BackendError, CURVE_OF_SCHEME, freshness, parseStampHeader, STAMP_LOGIN_FRESHNESS, utf8ToBytes } from '@tkauth/wire';
import { verifyWalletStamp } from '@tkauth/wire/wallet-signatures';
import { Strict } from './schemas.ts';
import type { WalletCurve } from './api-key-curves.ts';

export const WalletProof = Type.Object(
  {
    body: Type.String({ minLength: 2, maxLength: 4096, description: 'the stamp_login request body, byte for byte as it will be sent' }),
    stamp: Type.String({ minLength: 1, maxLength: 2048, description: 'its X-Stamp header value, by the wallet' }),
  },
  { ...Strict, description: 'the wallet\'s signed stamp_login to the parent organization (what the device sends next), proving it holds the wallet' },
);
export type WalletProof = Static<typeof WalletProof>;

const invalid = (detail: string) => new BackendError('WALLET_PROOF_INVALID', detail);

function stampOf(value: string): ApiKeyStamp {
  try {
    return parseStampHeader(value);
  } catch (e) {
    throw invalid(`stamp: ${e instanceof ApiError ? e.message : 'not a stamp'}`);
  }
}

/** Throws WALLET_PROOF_INVALID unless `proof` is a fresh stamp_login to `organizationId` signed by `wallet`. */
export function checkWalletProof(proof: WalletProof, wallet: { publicKey: string; curveType: WalletCurve }, organizationId: string, now = Date.now()): void {
  const stamp = stampOf(proof.stamp);
  if (stamp.publicKey !== wallet.publicKey) throw invalid('the stamp is not by this wallet\'s key');
  if (CURVE_OF_SCHEME[stamp.scheme as keyof typeof CURVE_OF_SCHEME] !== wallet.curveType) throw invalid(`${stamp.scheme} is not the scheme of ${wallet.curveType}`);
  if (!verifyWalletStamp(stamp, utf8ToBytes(proof.body))) throw invalid('the signature does not verify over the body');
  let body: { type?: unknown; organizationId?: unknown; timestampMs?: unknown };
  try {
    body = JSON.parse(proof.body);
  } catch {
    throw invalid('the body is not JSON');
  }
  if (body?.type !== 'ACTIVITY_TYPE_STAMP_LOGIN') throw invalid('the body is not a stamp_login');
  if (body.organizationId !== organizationId) throw invalid('the login is not addressed to this backend\'s organization');
  const { fresh, ageMs } = freshness(body.timestampMs, now, STAMP_LOGIN_FRESHNESS);
  if (fresh) return;
  const { pastMs, futureMs } = STAMP_LOGIN_FRESHNESS;
  if (!Number.isFinite(ageMs)) throw invalid('timestampMs is not a time in milliseconds');
  if (ageMs > 0) throw invalid(`the login was signed ${Math.round(ageMs / 1000)} s ago; it must be within ${pastMs / 1000} s`);
  throw invalid(`the login is dated ${Math.round(-ageMs / 1000)} s ahead of this server's clock; at most ${futureMs / 1000} s is allowed`);
}
