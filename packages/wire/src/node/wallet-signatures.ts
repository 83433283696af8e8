/**
 * Stamps by external wallets (turnkey-wire-logins.md §2.1), over the exact body bytes — for the
 * local API (every request) and the backend (a wallet sign-up's proof):
 * - Ethereum (SIGNATURE_SCHEME_TK_API_SECP256K1_EIP191): personal_sign, i.e. ECDSA secp256k1 over
 *   keccak256("\x19Ethereum Signed Message:\n" + byteLength + body); the signature is DER, read
 *   leniently (wallets emit non-minimal DER about once in 256), high-S accepted as for P-256
 *   (OpenSSL-made signatures are not normalised; Ethereum's own low-S rule is for transactions).
 * - Solana (SIGNATURE_SCHEME_TK_API_ED25519): ed25519 over the raw body, through node:crypto
 *   (about 20× noble's speed, and this is on every wallet-stamped request).
 */
import { createPublicKey, verify } from 'node:crypto';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { derToCompact } from '../lenient-der.ts';
import { eip191Digest } from '../wallet-encodings.ts';
import { type ApiKeyStamp, SCHEME_API_ED25519, SCHEME_API_SECP256K1_EIP191 } from '../stamp.ts';

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

/**
 * The y-coordinates of ed25519's 8 points of small order, with the non-canonical encodings
 * libsodium also lists (its `has_small_order` blocklist); the sign bit is ignored. A signature
 * under such a key needs no private key ('01' and 63 zero bytes "signs" anything under the
 * identity). Registration refuses them already (wallet-keys.ts); this holds even for a key stored
 * before that, at the cost of a few byte compares rather than a curve operation per request.
 */
const SMALL_ORDER_Y = [
  '0000000000000000000000000000000000000000000000000000000000000000',
  '0100000000000000000000000000000000000000000000000000000000000000',
  '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05',
  'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a',
  'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
  'edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
  'eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
].map((h) => Buffer.from(h, 'hex'));

export function isSmallOrderEd25519(publicKey: Uint8Array): boolean {
  if (publicKey.length !== 32) return false;
  const y = Buffer.from(publicKey);
  y[31]! &= 0x7f;
  return SMALL_ORDER_Y.some((s) => s.equals(y));
}

export function verifyEd25519(publicKeyHex: string, signatureHex: string, message: Uint8Array): boolean {
  try {
    if (isSmallOrderEd25519(Buffer.from(publicKeyHex, 'hex'))) return false;
    const key = createPublicKey({ key: Buffer.concat([SPKI_ED25519_PREFIX, Buffer.from(publicKeyHex, 'hex')]), format: 'der', type: 'spki' });
    return verify(null, message, key, Buffer.from(signatureHex, 'hex'));
  } catch {
    return false;
  }
}

/** A wallet scheme's stamp over `body`; false for the P-256 scheme, which is not a wallet's. */
export function verifyWalletStamp(stamp: ApiKeyStamp, body: Uint8Array): boolean {
  if (stamp.scheme === SCHEME_API_SECP256K1_EIP191) return verifyEip191(stamp.publicKey, stamp.signature, body);
  if (stamp.scheme === SCHEME_API_ED25519) return verifyEd25519(stamp.publicKey, stamp.signature, body);
  return false;
}
