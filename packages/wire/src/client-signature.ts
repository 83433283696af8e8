/**
 * clientSignature (turnkey-wire.md §4.4): the device that verified a one-time code signs what it
 * asks the token to be used for, with the key the verification token carries. The messages are
 * @turnkey/core's `getClientSignatureMessageForLogin` / `…ForSignup`, byte for byte (key order
 * included), so a signature made by core verifies here and the other way round.
 */
import { p256 } from '@noble/curves/nist.js';
import { hexToBytes, utf8ToBytes } from './encoding.ts';

export const CLIENT_SIGNATURE_SCHEME = 'CLIENT_SIGNATURE_SCHEME_API_P256';

export interface ClientSignatureBody {
  publicKey: string;
  scheme: typeof CLIENT_SIGNATURE_SCHEME;
  message: string;
  /** Raw r‖s, 128 hex characters (core signs with SignatureFormat.Raw). */
  signature: string;
}

export const loginUsageMessage = (sessionPublicKey: string, tokenId: string): string =>
  JSON.stringify({ login: { publicKey: sessionPublicKey }, tokenId, type: 'USAGE_TYPE_LOGIN' });

export interface SignupUsage {
  apiKeys?: unknown[];
  authenticators?: unknown[];
  oauthProviders?: unknown[];
  email?: string;
  phoneNumber?: string;
}

export function signupUsageMessage(usage: SignupUsage, tokenId: string): string {
  const { apiKeys, authenticators, oauthProviders, email, phoneNumber } = usage;
  const signupV2 = {
    ...(apiKeys ? { apiKeys } : {}),
    ...(authenticators ? { authenticators } : {}),
    ...(oauthProviders ? { oauthProviders } : {}),
    ...(email ? { email } : {}),
    ...(phoneNumber ? { phoneNumber } : {}),
  };
  return JSON.stringify({ signupV2, tokenId, type: 'USAGE_TYPE_SIGNUP' });
}

/**
 * ECDSA P-256 over sha256(UTF-8 message), raw r‖s; high-S accepted like the official stampers
 * produce it (turnkey-wire.md "Pitfalls"). False for anything malformed.
 */
export function verifyClientSignature(sig: Pick<ClientSignatureBody, 'publicKey' | 'message' | 'signature'>): boolean {
  try {
    if (!/^[0-9a-fA-F]{128}$/.test(sig.signature)) return false;
    return p256.verify(hexToBytes(sig.signature), utf8ToBytes(sig.message), hexToBytes(sig.publicKey), { lowS: false, format: 'compact' });
  } catch {
    return false;
  }
}
