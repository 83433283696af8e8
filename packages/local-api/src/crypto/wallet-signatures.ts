/**
 * Stamps by external wallets (turnkey-wire-logins.md §2.1), over the exact body bytes:
 * - Ethereum (SIGNATURE_SCHEME_TK_API_SECP256K1_EIP191): personal_sign, i.e. ECDSA secp256k1 over
 *   keccak256("\x19Ethereum Signed Message:\n" + byteLength + body); the signature is DER, read
 *   leniently (wallets emit non-minimal DER about once in 256), high-S accepted as for P-256
 *   (OpenSSL-made signatures are not normalised; Ethereum's own low-S rule is for transactions).
 * - Solana (SIGNATURE_SCHEME_TK_API_ED25519): ed25519 over the raw body, through node:crypto.
 */
import { createPublicKey, verify } from 'node:crypto';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { derToCompact, eip191Digest } from '@tkauth/wire';

// SubjectPublicKeyInfo prefix for a raw 32-byte Ed25519 key (RFC 8410).
const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** False for any malformed input: a signature that does not parse, a key not on the curve. */
export function verifyEip191(compressedPublicKeyHex: string, derSignatureHex: string, message: Uint8Array): boolean {
  const compact = derToCompact(Buffer.from(derSignatureHex, 'hex'));
  if (!compact) return false;
  try {
    return secp256k1.verify(compact, eip191Digest(message), Buffer.from(compressedPublicKeyHex, 'hex'), { prehash: false, lowS: false });
  } catch {
    return false;
  }
}

export function verifyEd25519(publicKeyHex: string, signatureHex: string, message: Uint8Array): boolean {
  try {
    const key = createPublicKey({ key: Buffer.concat([SPKI_ED25519_PREFIX, Buffer.from(publicKeyHex, 'hex')]), format: 'der', type: 'spki' });
    return verify(null, message, key, Buffer.from(signatureHex, 'hex'));
  } catch {
    return false;
  }
}
