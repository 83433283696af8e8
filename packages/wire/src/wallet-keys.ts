/**
 * Whether a wallet's public key can stand for one signer, checked where keys are registered (the
 * backend before it asks the API, the API before it writes): a key that is not a point of its
 * curve could never sign, and an ed25519 key of small order belongs to nobody — signatures under
 * it can be made without a private key — so an account holding it would be anyone's.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';

/** 66 hex characters (lowercase), a compressed point of secp256k1. */
export function isSecp256k1Key(lowerHex: string): boolean {
  if (!/^0[23][0-9a-f]{64}$/.test(lowerHex)) return false;
  try {
    secp256k1.Point.fromHex(lowerHex);
    return true;
  } catch {
    return false;
  }
}

/** 64 hex characters (lowercase), a point of ed25519 that is not of small order. */
export function isEd25519Key(lowerHex: string): boolean {
  if (!/^[0-9a-f]{64}$/.test(lowerHex)) return false;
  try {
    return !ed25519.Point.fromHex(lowerHex).isSmallOrder();
  } catch {
    return false;
  }
}
