/** Address encodings from public keys (Turnkey ADDRESS_FORMAT_*). */
import { sha256 } from '@noble/hashes/sha2.js';
import { ripemd160 } from '@noble/hashes/legacy.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { bech32 } from '@scure/base';
// Ethereum and Solana encodings are shared with the device and tests.
export { ethereumAddress, solanaAddress, toChecksumAddress } from '@tkauth/wire';

/** BIP-173 / BIP-141 native segwit v0 pay-to-witness-pubkey-hash. */
export function p2wpkhAddress(compressedPublicKey: Uint8Array, hrp: 'bc' | 'tb'): string {
  const program = ripemd160(sha256(compressedPublicKey));
  return bech32.encode(hrp, [0, ...bech32.toWords(program)]);
}

export const uncompressedSecp256k1 = (pk: Uint8Array): Uint8Array => secp256k1.Point.fromBytes(pk).toBytes(false);
