/**
 * Who signed an Ethereum personal message (EIP-191), recovered here with @noble/curves,
 * independently of the SDK that produced the signature. Lowercase 0x address.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { keccak_256 } from '@noble/hashes/sha3.js';

export function eip191Signer(message: string, signature: string): string {
  const bytes = new TextEncoder().encode(message);
  const digest = keccak_256(Uint8Array.from([...new TextEncoder().encode(`\x19Ethereum Signed Message:\n${bytes.length}`), ...bytes]));
  const raw = Buffer.from(signature.replace(/^0x/, ''), 'hex');
  if (raw.length !== 65) throw new Error(`an Ethereum signature is 65 bytes, got ${raw.length}`);
  const r = BigInt('0x' + raw.subarray(0, 32).toString('hex'));
  const s = BigInt('0x' + raw.subarray(32, 64).toString('hex'));
  const pub = new secp256k1.Signature(r, s, raw[64]! - 27).recoverPublicKey(digest);
  return '0x' + Buffer.from(keccak_256(pub.toBytes(false).subarray(1))).subarray(12).toString('hex');
}
