/**
 * BIP-32 private derivation for secp256k1 (https://github.com/bitcoin/bips/blob/master/bip-0032.mediawiki),
 * with OpenSSL doing the hashing and the point multiplications (node:crypto HMAC-SHA512 and ECDH on
 * secp256k1): a public key is computed only where a non-hardened step needs the parent's and for the
 * final key, where a general-purpose library computes one at every level in JavaScript.
 * Checked against @scure/bip32 and the BIP-32 vectors in test/wallets.test.ts.
 */
import { createECDH, createHmac } from 'node:crypto';
import { parsePath } from './path.ts';

const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
const HARDENED = 0x8000_0000;

const toBig = (b: Uint8Array) => BigInt('0x' + Buffer.from(b).toString('hex'));
const to32 = (n: bigint) => Buffer.from(n.toString(16).padStart(64, '0'), 'hex');

export function secp256k1PublicKey(privateKey: Uint8Array): Uint8Array {
  const ecdh = createECDH('secp256k1');
  ecdh.setPrivateKey(Buffer.from(privateKey));
  return new Uint8Array(ecdh.getPublicKey(null, 'compressed'));
}

export interface Secp256k1Node {
  privateKey: Uint8Array;
  publicKey: Uint8Array;
  chainCode: Uint8Array;
}

export function deriveSecp256k1(seed: Uint8Array, path: string): Secp256k1Node {
  let I = createHmac('sha512', 'Bitcoin seed').update(seed).digest();
  let key = toBig(I.subarray(0, 32));
  let chain = I.subarray(32);
  if (key === 0n || key >= N) throw new RangeError('invalid master key (probability < 2^-127)');
  for (const index of parsePath(path)) {
    const data = Buffer.alloc(37);
    if (index >= HARDENED) to32(key).copy(data, 1);
    else Buffer.from(secp256k1PublicKey(to32(key))).copy(data, 0);
    data.writeUInt32BE(index, 33);
    I = createHmac('sha512', chain).update(data).digest();
    const tweak = toBig(I.subarray(0, 32));
    const child = (tweak + key) % N;
    // BIP-32: such an index is invalid and the next one should be used; the odds are below 2^-127.
    if (tweak >= N || child === 0n) throw new RangeError(`invalid child at index ${index}`);
    key = child;
    chain = I.subarray(32);
  }
  const privateKey = new Uint8Array(to32(key));
  return { privateKey, publicKey: secp256k1PublicKey(privateKey), chainCode: new Uint8Array(chain) };
}
