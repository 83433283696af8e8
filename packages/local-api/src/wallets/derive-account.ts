/**
 * Derives a wallet account (address, public key, private key) from a BIP-39 seed:
 * BIP-32 for secp256k1, SLIP-10 for ed25519.
 */
import { bytesToHex } from '@tkauth/wire';
import { ethereumAddress, p2wpkhAddress, solanaAddress, uncompressedSecp256k1 } from './addresses.ts';
import { deriveEd25519 } from './slip10-ed25519.ts';
import { deriveSecp256k1 } from './bip32-secp256k1.ts';
import { parsePath } from './path.ts';

export interface AccountParams {
  curve: string;
  pathFormat: string;
  path: string;
  addressFormat: string;
}

export interface DerivedAccount {
  address: string;
  publicKey: string;
  privateKey: Uint8Array;
}

export class UnsupportedAccountError extends Error {}
export class InvalidPathError extends Error {}

const SECP256K1_FORMATS = new Set([
  'ADDRESS_FORMAT_ETHEREUM',
  'ADDRESS_FORMAT_COMPRESSED',
  'ADDRESS_FORMAT_UNCOMPRESSED',
  'ADDRESS_FORMAT_BITCOIN_MAINNET_P2WPKH',
  'ADDRESS_FORMAT_BITCOIN_TESTNET_P2WPKH',
]);
const ED25519_FORMATS = new Set(['ADDRESS_FORMAT_SOLANA', 'ADDRESS_FORMAT_COMPRESSED']);

/** Throws UnsupportedAccountError / InvalidPathError before any key material is touched. */
export function checkAccountParams(p: AccountParams): void {
  if (p.pathFormat !== 'PATH_FORMAT_BIP32') throw new UnsupportedAccountError(`pathFormat ${p.pathFormat}`);
  const formats = p.curve === 'CURVE_SECP256K1' ? SECP256K1_FORMATS : p.curve === 'CURVE_ED25519' ? ED25519_FORMATS : null;
  if (!formats) throw new UnsupportedAccountError(`curve ${p.curve}`);
  if (!formats.has(p.addressFormat)) throw new UnsupportedAccountError(`${p.curve} with ${p.addressFormat}`);
  let indexes: number[];
  try {
    indexes = parsePath(p.path);
  } catch (e) {
    throw new InvalidPathError(`${p.path}: ${(e as Error).message}`);
  }
  if (p.curve === 'CURVE_ED25519' && indexes.some((i) => i < 0x8000_0000)) {
    throw new InvalidPathError(`${p.path}: ed25519 paths must be fully hardened`);
  }
}

export function deriveAccount(seed: Uint8Array, p: AccountParams): DerivedAccount {
  checkAccountParams(p);
  if (p.curve === 'CURVE_ED25519') {
    const node = deriveEd25519(seed, p.path);
    const address = p.addressFormat === 'ADDRESS_FORMAT_SOLANA' ? solanaAddress(node.publicKey) : bytesToHex(node.publicKey);
    return { address, publicKey: bytesToHex(node.publicKey), privateKey: node.privateKey };
  }
  const { publicKey: pub, privateKey: priv } = deriveSecp256k1(seed, p.path);
  let address: string;
  switch (p.addressFormat) {
    case 'ADDRESS_FORMAT_ETHEREUM':
      address = ethereumAddress(pub);
      break;
    case 'ADDRESS_FORMAT_COMPRESSED':
      address = bytesToHex(pub);
      break;
    case 'ADDRESS_FORMAT_UNCOMPRESSED':
      address = bytesToHex(uncompressedSecp256k1(pub));
      break;
    case 'ADDRESS_FORMAT_BITCOIN_MAINNET_P2WPKH':
      address = p2wpkhAddress(pub, 'bc');
      break;
    default:
      address = p2wpkhAddress(pub, 'tb');
  }
  return { address, publicKey: bytesToHex(pub), privateKey: priv };
}
