/**
 * What an Ethereum or Solana wallet and this stack must agree on, in one place for the device, the
 * API and the tests (turnkey-wire-logins.md §2.1): the EIP-191 personal-message digest that
 * personal_sign signs, and the addresses a person knows their wallet by (EIP-55, base58).
 * Pure @noble / @scure code: runs the same in browsers and Node.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { base58 } from '@scure/base';
import { bytesToHex, utf8ToBytes } from './encoding.ts';

/** keccak256("\x19Ethereum Signed Message:\n" + byteLength(message) + message): EIP-191 version 0x45. */
export function eip191Digest(message: Uint8Array): Uint8Array {
  const prefix = utf8ToBytes(`\x19Ethereum Signed Message:\n${message.length}`);
  const all = new Uint8Array(prefix.length + message.length);
  all.set(prefix);
  all.set(message, prefix.length);
  return keccak_256(all);
}

/** EIP-55 mixed-case checksum of a 20-byte hex address (with or without 0x). */
export function toChecksumAddress(address: string): string {
  const lower = address.toLowerCase().replace(/^0x/, '');
  const hash = bytesToHex(keccak_256(utf8ToBytes(lower)));
  let out = '0x';
  for (let i = 0; i < lower.length; i++) out += parseInt(hash[i]!, 16) >= 8 ? lower[i]!.toUpperCase() : lower[i]!;
  return out;
}

/** The Ethereum address of a secp256k1 public key (compressed or not). */
export function ethereumAddress(secp256k1PublicKey: Uint8Array): string {
  const uncompressed = secp256k1.Point.fromBytes(secp256k1PublicKey).toBytes(false);
  return toChecksumAddress(bytesToHex(keccak_256(uncompressed.subarray(1)).subarray(12)));
}

/** The Solana address of a 32-byte ed25519 public key: its base58. */
export const solanaAddress = (ed25519PublicKey: Uint8Array): string => base58.encode(ed25519PublicKey);
