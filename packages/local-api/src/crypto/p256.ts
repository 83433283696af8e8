/**
 * P-256 keys as Turnkey writes them: compressed public key hex, 32-byte private scalar hex
 * (turnkey-wire.md §2.1). Verification goes through node:crypto (OpenSSL), which accepts both
 * low-S and high-S signatures, as the official stampers produce both (turnkey-wire.md "Pitfalls").
 */
import { createPublicKey, generateKeyPairSync, type KeyObject, verify } from 'node:crypto';

// SubjectPublicKeyInfo prefix for a compressed P-256 point (id-ecPublicKey, prime256v1, 33-byte BIT STRING).
const SPKI_COMPRESSED_PREFIX = Buffer.from('3039301306072a8648ce3d020106082a8648ce3d030107032200', 'hex');

export interface P256KeyPair {
  publicKey: string; // compressed, hex
  privateKey: string; // 32-byte scalar, hex
}

export function generateP256KeyPair(): P256KeyPair {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const jwk = privateKey.export({ format: 'jwk' });
  const x = Buffer.from(jwk.x!, 'base64url');
  const y = Buffer.from(jwk.y!, 'base64url');
  const prefix = (y[y.length - 1]! & 1) === 1 ? '03' : '02';
  return { publicKey: prefix + x.toString('hex'), privateKey: Buffer.from(jwk.d!, 'base64url').toString('hex') };
}

/** Parses a compressed public key once; parsed keys are kept, since parsing costs as much as a verify. */
export class P256KeyCache {
  private readonly keys = new Map<string, KeyObject>();
  constructor(private readonly max = 10_000) {}

  get(compressedHex: string): KeyObject {
    let key = this.keys.get(compressedHex);
    if (!key) {
      key = createPublicKey({
        key: Buffer.concat([SPKI_COMPRESSED_PREFIX, Buffer.from(compressedHex, 'hex')]),
        format: 'der',
        type: 'spki',
      });
      if (this.keys.size >= this.max) this.keys.delete(this.keys.keys().next().value!);
      this.keys.set(compressedHex, key);
    }
    return key;
  }
}

/** ECDSA P-256 / SHA-256 over `message`, DER signature. False for any malformed input. */
export function verifyP256Der(key: KeyObject, message: Uint8Array, derSignature: Buffer): boolean {
  try {
    return verify('sha256', message, key, derSignature);
  } catch {
    return false;
  }
}
