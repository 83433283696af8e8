/**
 * sign_raw_payload semantics (turnkey-wire.md §4.10): r and s as 64 hex chars without 0x,
 * v "00"/"01" (the recovery id); ed25519 puts the signature's halves in r and s, v "00".
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { ed25519 } from '@noble/curves/ed25519.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes, isHex } from '@tkauth/wire';

export interface RawSignature {
  r: string;
  s: string;
  v: string;
}

export class InvalidPayloadError extends Error {}

export function decodePayload(payload: string, encoding: string): Uint8Array {
  switch (encoding) {
    case 'PAYLOAD_ENCODING_HEXADECIMAL': {
      const h = payload.startsWith('0x') ? payload.slice(2) : payload;
      if (!isHex(h)) throw new InvalidPayloadError('payload is not hex');
      return hexToBytes(h);
    }
    case 'PAYLOAD_ENCODING_TEXT_UTF8':
      return new TextEncoder().encode(payload);
    default:
      throw new InvalidPayloadError(`encoding ${encoding} is not supported`);
  }
}

export function signRaw(curve: string, privateKey: Uint8Array, message: Uint8Array, hashFunction: string): RawSignature {
  if (curve === 'CURVE_ED25519') {
    if (hashFunction !== 'HASH_FUNCTION_NOT_APPLICABLE') {
      throw new InvalidPayloadError('ed25519 signs the message itself: hashFunction must be HASH_FUNCTION_NOT_APPLICABLE');
    }
    const sig = ed25519.sign(message, privateKey);
    return { r: bytesToHex(sig.subarray(0, 32)), s: bytesToHex(sig.subarray(32)), v: '00' };
  }
  let digest: Uint8Array;
  switch (hashFunction) {
    case 'HASH_FUNCTION_KECCAK256':
      digest = keccak_256(message);
      break;
    case 'HASH_FUNCTION_SHA256':
      digest = sha256(message);
      break;
    case 'HASH_FUNCTION_NO_OP':
      if (message.length !== 32) throw new InvalidPayloadError('HASH_FUNCTION_NO_OP needs a 32-byte digest as payload');
      digest = message;
      break;
    default:
      throw new InvalidPayloadError(`hashFunction ${hashFunction} does not apply to secp256k1`);
  }
  // noble 2.x hashes by default; the digest is already computed (turnkey-wire.md "Pitfalls").
  const sig = secp256k1.sign(digest, privateKey, { prehash: false, lowS: true, format: 'recovered' });
  return { r: bytesToHex(sig.subarray(1, 33)), s: bytesToHex(sig.subarray(33, 65)), v: bytesToHex(sig.subarray(0, 1)) };
}
