/**
 * SLIP-0010 derivation for ed25519 (https://github.com/satoshilabs/slips/blob/master/slip-0010.md).
 * ed25519 allows hardened children only, so every path segment must be hardened.
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { ed25519 } from '@noble/curves/ed25519.js';
import { parsePath } from './path.ts';

const HARDENED = 0x8000_0000;
const SEED_KEY = new TextEncoder().encode('ed25519 seed');

export interface Ed25519Node {
  privateKey: Uint8Array;
  chainCode: Uint8Array;
  publicKey: Uint8Array;
}

export function deriveEd25519(seed: Uint8Array, path: string): Ed25519Node {
  let I = hmac(sha512, SEED_KEY, seed);
  let key = I.slice(0, 32);
  let chain = I.slice(32);
  for (const index of parsePath(path)) {
    if (index < HARDENED) throw new RangeError('ed25519 derivation requires hardened path segments');
    const data = new Uint8Array(37);
    data.set(key, 1);
    new DataView(data.buffer).setUint32(33, index);
    I = hmac(sha512, chain, data);
    key = I.slice(0, 32);
    chain = I.slice(32);
  }
  return { privateKey: key, chainCode: chain, publicKey: ed25519.getPublicKey(key) };
}
