/**
 * The device's half of clientSignature (turnkey-wire.md §4.4): the key a verification token is
 * bound to signs what the token is being used for — a login for a session key, or a sign-up with
 * these credentials. Messages are @tkauth/wire's copies of @turnkey/core's
 * getClientSignatureMessageForLogin / …ForSignup; the signature is the key store's raw r‖s.
 */
import {
  bytesToHex,
  CLIENT_SIGNATURE_SCHEME,
  decodeJwtClaims,
  loginUsageMessage,
  signupUsageMessage,
  utf8ToBytes,
  type ClientSignatureBody,
  type SignupUsage,
} from '@tkauth/wire';
import type { KeyStore } from './keystore/key-store.ts';
import { InvalidVerificationTokenError } from './errors.ts';

/** The id and the bound key of a verification token (not verified here: the backend does that). */
export function verificationTokenBinding(verificationToken: string): { tokenId: string; publicKey: string } {
  let claims: Record<string, unknown>;
  try {
    claims = decodeJwtClaims(verificationToken);
  } catch (e) {
    throw new InvalidVerificationTokenError((e as Error).message);
  }
  if (typeof claims.id !== 'string' || typeof claims.public_key !== 'string') {
    throw new InvalidVerificationTokenError('it is bound to no device key (verify the code with a publicKey)');
  }
  return { tokenId: claims.id, publicKey: claims.public_key.toLowerCase() };
}

async function sign(keyStore: KeyStore, publicKey: string, message: string): Promise<ClientSignatureBody> {
  const raw = await keyStore.sign(publicKey, utf8ToBytes(message));
  return { publicKey, scheme: CLIENT_SIGNATURE_SCHEME, message, signature: bytesToHex(raw) };
}

/** Signed by the token's key: "log in with a session for `sessionPublicKey`". */
export function loginClientSignature(keyStore: KeyStore, verificationToken: string, sessionPublicKey: string): Promise<ClientSignatureBody> {
  const { tokenId, publicKey } = verificationTokenBinding(verificationToken);
  return sign(keyStore, publicKey, loginUsageMessage(sessionPublicKey, tokenId));
}

/** Signed by the token's key: "create an account with these credentials and this contact". */
export function signupClientSignature(keyStore: KeyStore, verificationToken: string, usage: SignupUsage): Promise<ClientSignatureBody> {
  const { tokenId, publicKey } = verificationTokenBinding(verificationToken);
  return sign(keyStore, publicKey, signupUsageMessage(usage, tokenId));
}

/** Whether a verification token is bound to a device key (then a sign-up with it needs a clientSignature). */
export function isKeyBound(verificationToken: string): boolean {
  try {
    return typeof decodeJwtClaims(verificationToken).public_key === 'string';
  } catch {
    return false;
  }
}
