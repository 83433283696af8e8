/**
 * A Turnkey API key (turnkey-wire.md §2.1: 32-byte private scalar hex, compressed public key hex)
 * in the JWK form both node:crypto and WebCrypto import, so a stamper parses it once and signs
 * with the platform's own ECDSA. Pure: the point arithmetic is @noble/curves.
 */
import { p256 } from '@noble/curves/nist.js';
import { bytesToBase64url, bytesToHex, hexToBytes } from './encoding.ts';

export interface P256PrivateJwk {
  kty: 'EC';
  crv: 'P-256';
  x: string;
  y: string;
  d: string;
}

/** The compressed (33-byte, 02/03 prefix) hex form of a public point given compressed or uncompressed. */
export function compressP256PublicKey(publicKey: Uint8Array): string {
  return bytesToHex(p256.Point.fromBytes(publicKey).toBytes(true));
}

/**
 * JWK for a private scalar; when `expectedPublicKey` is given (compressed hex) it must be the
 * scalar's own public key, so a mismatched pair fails here and not as a 401 on every request.
 * Throws a TypeError (callers turn it into their own coded error).
 */
export function p256PrivateKeyJwk(privateKeyHex: string, expectedPublicKey?: string): P256PrivateJwk {
  let d: Uint8Array;
  let uncompressed: Uint8Array;
  try {
    d = hexToBytes(privateKeyHex);
    uncompressed = p256.getPublicKey(d, false);
  } catch {
    throw new TypeError('the private key is not a P-256 scalar (64 hex characters)');
  }
  if (expectedPublicKey !== undefined && compressP256PublicKey(uncompressed) !== expectedPublicKey.toLowerCase()) {
    throw new TypeError('the public key does not belong to the private key');
  }
  return { kty: 'EC', crv: 'P-256', x: bytesToBase64url(uncompressed.subarray(1, 33)), y: bytesToBase64url(uncompressed.subarray(33)), d: bytesToBase64url(d) };
}

/**
 * ECDSA r‖s (64 bytes: WebCrypto's IEEE P1363 output) → DER, the form X-Stamp carries
 * (turnkey-wire.md §2.1). Each INTEGER minimal, with a 0x00 in front when its top bit is set (X.690 §8.3).
 */
export function p256RawSignatureToDer(raw: Uint8Array): Uint8Array {
  if (raw.length !== 64) throw new TypeError('a raw P-256 signature is 64 bytes');
  const integer = (b: Uint8Array): number[] => {
    let i = 0;
    while (i < b.length - 1 && b[i] === 0) i++;
    const v = [...b.subarray(i)];
    return [0x02, ...(v[0]! & 0x80 ? [v.length + 1, 0, ...v] : [v.length, ...v])];
  };
  const body = [...integer(raw.subarray(0, 32)), ...integer(raw.subarray(32))];
  return Uint8Array.from([0x30, body.length, ...body]);
}
