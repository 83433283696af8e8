/**
 * clientSignature (turnkey-wire.md §4.4): raw r‖s P-256 over sha256 of the exact message, made by
 * the key the verification token carries, proving the device that verified the code asks for this.
 */
import { verify } from 'node:crypto';
import type { P256KeyCache } from '../crypto/p256.ts';
import { ApiError, hexToBytes, isHex, utf8ToBytes } from '@tkauth/wire';

export interface ClientSignature {
  publicKey: string;
  scheme: string;
  message: string;
  signature: string;
}

export function checkClientSignature(keys: P256KeyCache, sig: ClientSignature, expectedMessage: string, tokenPublicKey: string | undefined): void {
  if (sig.scheme !== 'CLIENT_SIGNATURE_SCHEME_API_P256') throw new ApiError('ERR_CLIENT_SIGNATURE_INVALID', `unsupported scheme ${sig.scheme.slice(0, 64)}`);
  if (!tokenPublicKey || sig.publicKey.toLowerCase() !== tokenPublicKey.toLowerCase()) {
    throw new ApiError('ERR_CLIENT_SIGNATURE_INVALID', 'publicKey is not the verification token key');
  }
  if (sig.message !== expectedMessage) throw new ApiError('ERR_CLIENT_SIGNATURE_INVALID', 'message does not match this request');
  if (!isHex(sig.signature) || sig.signature.length !== 128) throw new ApiError('ERR_CLIENT_SIGNATURE_INVALID', 'signature must be 64 bytes r‖s hex');
  let ok = false;
  try {
    // ApiKeyStamper.sign(…, Raw) is ECDSA-SHA256 in IEEE P1363 form; OpenSSL accepts low-S and high-S.
    ok = verify('sha256', utf8ToBytes(sig.message), { key: keys.get(sig.publicKey.toLowerCase()), dsaEncoding: 'ieee-p1363' }, hexToBytes(sig.signature));
  } catch {
    ok = false;
  }
  if (!ok) throw new ApiError('ERR_CLIENT_SIGNATURE_INVALID', 'signature does not verify');
}
