/**
 * Ethereum personal messages (EIP-191 version 0x45) on the device: what personal_sign signs, and
 * the wallet's key recovered from its 65-byte r‖s‖v answer — the key an X-Stamp must name
 * (turnkey-wire-logins.md §2.1), since an EIP-1193 wallet never tells its public key, only its
 * address. Pure @noble code, so it runs the same in browsers and Node.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToHex, eip191Digest, hexToBytes, p256RawSignatureToDer } from '@tkauth/wire';

export { eip191Digest };

export interface RecoveredEip191 {
  /** The signer's compressed secp256k1 key, 66 lowercase hex. */
  publicKey: string;
  /** DER of (r, s), lowercase hex: the X-Stamp signature (v is dropped). */
  derSignature: string;
}

/**
 * The key that made `signature` (0x-hex r‖s‖v, v 27/28 or 0/1) over `message`, and the DER the
 * stamp carries. Null when the answer is not a signature of the message by any key (wrong length,
 * r or s out of range, no point to recover).
 */
export function recoverEip191(message: Uint8Array, signature: string): RecoveredEip191 | null {
  const hex = signature.startsWith('0x') ? signature.slice(2) : signature;
  if (!/^[0-9a-fA-F]{130}$/.test(hex)) return null;
  const rsv = hexToBytes(hex);
  const v = rsv[64]!;
  const recovery = v >= 27 ? v - 27 : v;
  if (recovery !== 0 && recovery !== 1) return null;
  const rs = rsv.subarray(0, 64);
  try {
    const sig = new secp256k1.Signature(BigInt(`0x${bytesToHex(rs.subarray(0, 32))}`), BigInt(`0x${bytesToHex(rs.subarray(32))}`), recovery);
    const point = sig.recoverPublicKey(eip191Digest(message));
    // The DER of an ECDSA (r, s) pair does not depend on the curve: the P-256 encoder writes it.
    return { publicKey: bytesToHex(point.toBytes(true)), derSignature: bytesToHex(p256RawSignatureToDer(rs)) };
  } catch {
    return null;
  }
}

/** personal_sign's message parameter: the bytes as 0x-hex, which wallets decode to bytes (a plain string they may re-encode). */
export const personalSignParam = (message: Uint8Array): string => `0x${bytesToHex(message)}`;
