/**
 * clientSignature (turnkey-wire.md §4.4): raw r‖s P-256 over sha256 of the exact message, made by
 * the key the verification token carries, proving the device that verified the code asks for this.
 */
import { p256 } from '@noble/curves/nist.js';
import { ApiError, hexToBytes, isHex, utf8ToBytes } from '@tkauth/wire';

export interface ClientSignature {
  publicKey: string;
  scheme: string;
  message: string;
  signature: string;
}

export const loginMessage = (sessionPublicKey: string, tokenId: string): string =>
  JSON.stringify({ login: { publicKey: sessionPublicKey }, tokenId, type: 'USAGE_TYPE_LOGIN' });

export function checkClientSignature(sig: ClientSignature, expectedMessage: string, tokenPublicKey: string | undefined): void {
  if (sig.scheme !== 'CLIENT_SIGNATURE_SCHEME_API_P256') throw new ApiError('ERR_CLIENT_SIGNATURE_INVALID', `unsupported scheme ${sig.scheme.slice(0, 64)}`);
  if (!tokenPublicKey || sig.publicKey.toLowerCase() !== tokenPublicKey.toLowerCase()) {
    throw new ApiError('ERR_CLIENT_SIGNATURE_INVALID', 'publicKey is not the verification token key');
  }
  if (sig.message !== expectedMessage) throw new ApiError('ERR_CLIENT_SIGNATURE_INVALID', 'message does not match this request');
  if (!isHex(sig.signature) || sig.signature.length !== 128) throw new ApiError('ERR_CLIENT_SIGNATURE_INVALID', 'signature must be 64 bytes r‖s hex');
  let ok = false;
  try {
    // ApiKeyStamper.sign(…, Raw) hashes with SHA-256; both low-S and high-S are valid here.
    ok = p256.verify(hexToBytes(sig.signature), utf8ToBytes(sig.message), hexToBytes(sig.publicKey), { lowS: false });
  } catch {
    ok = false;
  }
  if (!ok) throw new ApiError('ERR_CLIENT_SIGNATURE_INVALID', 'signature does not verify');
}
