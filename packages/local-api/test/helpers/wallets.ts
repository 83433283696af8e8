/**
 * External wallets for tests, backed by local keys: an Ethereum wallet stamping as
 * @turnkey/wallet-stamper does (personal_sign of the body → DER (r,s) with v dropped, compressed
 * secp256k1 key; turnkey-wire-logins.md §2.1) and a Solana wallet (ed25519 over the raw body).
 * Options build the shapes real wallets produce that strict parsers refuse (non-minimal DER,
 * high-S) and the refusals (another key's signature, another scheme).
 */
import { randomBytes } from 'node:crypto';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { ed25519 } from '@noble/curves/ed25519.js';
import { eip191Digest, encodeStampHeader, SCHEME_API_ED25519, SCHEME_API_SECP256K1_EIP191 } from '@tkauth/wire';


const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

/** DER as @turnkey/crypto's toDerSignature writes it: 32-byte halves, a 00 before a high bit, leading zeros kept. */
export function toDerLikeTheOfficialStamper(compact: Uint8Array): string {
  const int = (b: Uint8Array) => (b[0]! & 0x80 ? Uint8Array.from([0, ...b]) : b);
  const r = int(compact.subarray(0, 32));
  const s = int(compact.subarray(32, 64));
  return hex(Uint8Array.from([0x30, 4 + r.length + s.length, 0x02, r.length, ...r, 0x02, s.length, ...s]));
}

/** The same signature with s replaced by n − s: as valid, the other half of the curve order. */
export function highS(compact: Uint8Array): Uint8Array {
  const n = secp256k1.Point.CURVE().n;
  const s = BigInt(`0x${hex(compact.subarray(32))}`);
  const flipped = Buffer.from((n - s).toString(16).padStart(64, '0'), 'hex');
  return Uint8Array.from([...compact.subarray(0, 32), ...flipped]);
}

export interface EthStampOptions {
  /** Sign with this private key instead (the stamp still names the wallet's public key). */
  signWith?: Uint8Array;
  /** Sign these bytes instead of the body. */
  signed?: string;
  scheme?: string;
  highS?: boolean;
}

export function ethWallet(secretKey: Uint8Array = secp256k1.utils.randomSecretKey()) {
  const publicKey = hex(secp256k1.getPublicKey(secretKey, true));
  const sign = (message: string, key = secretKey) => secp256k1.sign(eip191Digest(new TextEncoder().encode(message)), key, { prehash: false, format: 'compact' });
  return {
    secretKey,
    publicKey,
    curveType: 'API_KEY_CURVE_SECP256K1' as const,
    /** r ‖ s over the EIP-191 digest of `message`. */
    sign,
    stamp(body: string, o: EthStampOptions = {}): string {
      let compact: Uint8Array = sign(o.signed ?? body, o.signWith);
      if (o.highS) compact = highS(compact);
      return encodeStampHeader({ publicKey, scheme: o.scheme ?? SCHEME_API_SECP256K1_EIP191, signature: toDerLikeTheOfficialStamper(compact) });
    },
  };
}

export function solWallet(secretKey: Uint8Array = ed25519.utils.randomSecretKey()) {
  const publicKey = hex(ed25519.getPublicKey(secretKey));
  return {
    secretKey,
    publicKey,
    curveType: 'API_KEY_CURVE_ED25519' as const,
    stamp(body: string, o: { signWith?: Uint8Array; signed?: string; scheme?: string } = {}): string {
      const signature = hex(ed25519.sign(new TextEncoder().encode(o.signed ?? body), o.signWith ?? secretKey));
      return encodeStampHeader({ publicKey, scheme: o.scheme ?? SCHEME_API_ED25519, signature });
    },
  };
}

export type TestWallet = ReturnType<typeof ethWallet> | ReturnType<typeof solWallet>;

/** A stamper for @turnkey/http's TurnkeyClient signing with the wallet. */
export const walletStamper = (w: TestWallet) => ({
  stamp: async (payload: string) => ({ stampHeaderName: 'X-Stamp', stampHeaderValue: w.stamp(payload) }),
});

/** The wallet key as a root user's API key, named as core's signUpWithWallet names it. */
export const walletApiKey = (w: TestWallet) => ({ apiKeyName: `wallet-auth:${w.publicKey}`, publicKey: w.publicKey, curveType: w.curveType });

export const randomHexBody = () => randomBytes(8).toString('hex');
