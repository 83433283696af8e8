/** Address encodings from public keys (Turnkey ADDRESS_FORMAT_*). */
import { keccak_256 } from '@noble/hashes/sha3.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { ripemd160 } from '@noble/hashes/legacy.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { base58, bech32 } from '@scure/base';
import { bytesToHex } from '@tkauth/wire';

/** EIP-55 mixed-case checksum (https://eips.ethereum.org/EIPS/eip-55). */
export function toChecksumAddress(hexAddress: string): string {
  const lower = hexAddress.toLowerCase().replace(/^0x/, '');
  const hash = bytesToHex(keccak_256(new TextEncoder().encode(lower)));
  let out = '0x';
  for (let i = 0; i < lower.length; i++) out += parseInt(hash[i]!, 16) >= 8 ? lower[i]!.toUpperCase() : lower[i]!;
  return out;
}

/** Ethereum address of a secp256k1 public key (compressed or not). */
export function ethereumAddress(secp256k1PublicKey: Uint8Array): string {
  const uncompressed = secp256k1.Point.fromBytes(secp256k1PublicKey).toBytes(false);
  return toChecksumAddress(bytesToHex(keccak_256(uncompressed.subarray(1)).subarray(12)));
}

/** BIP-173 / BIP-141 native segwit v0 pay-to-witness-pubkey-hash. */
export function p2wpkhAddress(compressedPublicKey: Uint8Array, hrp: 'bc' | 'tb'): string {
  const program = ripemd160(sha256(compressedPublicKey));
  return bech32.encode(hrp, [0, ...bech32.toWords(program)]);
}

export const solanaAddress = (ed25519PublicKey: Uint8Array): string => base58.encode(ed25519PublicKey);

export const uncompressedSecp256k1 = (pk: Uint8Array): Uint8Array => secp256k1.Point.fromBytes(pk).toBytes(false);
