/**
 * The enclave signatures, each exactly as @turnkey/crypto verifies it:
 * - enclave bundle: ECDSA P-256 over sha256(data bytes), DER hex (verifyEnclaveSignature);
 * - verification token: standard ES256 — sha256(header.payload), raw r‖s base64url (§6.2);
 * - session JWT: sha256(sha256(header.payload)), raw r‖s base64url (§6.1).
 * noble 2.x hashes by itself unless told `prehash: false`; every digest here is computed first.
 * Signatures are low-S, which every verifier accepts.
 */
import { p256 } from '@noble/curves/nist.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToBase64url, bytesToHex, jwtSigningInput, type SessionClaims, utf8ToBytes, type VerificationTokenClaims } from '@tkauth/wire';
import type { SigningKey } from './enclave-keys.ts';

const signDigest = (digest: Uint8Array, key: SigningKey, format: 'der' | 'compact') =>
  p256.sign(digest, key.privateKey, { prehash: false, lowS: true, format });

export function signEnclaveData(dataHex: string, key: SigningKey): string {
  return bytesToHex(signDigest(sha256(Buffer.from(dataHex, 'hex')), key, 'der'));
}

export function signVerificationToken(claims: VerificationTokenClaims, key: SigningKey): string {
  const input = jwtSigningInput({ typ: 'JWT', alg: 'ES256' }, claims as unknown as Record<string, unknown>);
  return `${input}.${bytesToBase64url(signDigest(sha256(utf8ToBytes(input)), key, 'compact'))}`;
}

export function signSessionJwt(claims: SessionClaims, key: SigningKey): string {
  const input = jwtSigningInput({ alg: 'ES256', typ: 'JWT' }, claims as unknown as Record<string, unknown>);
  return `${input}.${bytesToBase64url(signDigest(sha256(sha256(utf8ToBytes(input))), key, 'compact'))}`;
}

/** Checks a verification token we issued: signature and header. Claims are checked by the caller. */
export function verifyOwnToken(jwt: string, key: SigningKey): boolean {
  const parts = jwt.split('.');
  if (parts.length !== 3) return false;
  try {
    const sig = Buffer.from(parts[2]!, 'base64url');
    return p256.verify(sig, sha256(utf8ToBytes(`${parts[0]}.${parts[1]}`)), key.publicKey, { prehash: false, lowS: false });
  } catch {
    return false;
  }
}

/** Checks a session JWT we signed (double SHA-256, raw r‖s); claims are checked by the caller. */
export function verifyOwnSessionJwt(jwt: string, key: SigningKey): boolean {
  const parts = jwt.split('.');
  if (parts.length !== 3) return false;
  try {
    const digest = sha256(sha256(utf8ToBytes(`${parts[0]}.${parts[1]}`)));
    return p256.verify(Buffer.from(parts[2]!, 'base64url'), digest, key.publicKey, { prehash: false, lowS: false });
  } catch {
    return false;
  }
}
