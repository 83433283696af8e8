/**
 * The enclave signatures, each exactly as @turnkey/crypto verifies it:
 * - enclave bundle: ECDSA P-256 over sha256(data bytes), DER hex (verifyEnclaveSignature);
 * - verification token: standard ES256 — sha256(header.payload), raw r‖s base64url (§6.2);
 * - session JWT: sha256(sha256(header.payload)), raw r‖s base64url (§6.1).
 * Signing and verifying go through node:crypto (OpenSSL, ~50× faster than a JS curve). ECDSA-SHA256
 * over sha256(input) is exactly the session JWT's double hash. Signatures are normalised to low-S,
 * which every verifier accepts.
 */
import { sign, verify } from 'node:crypto';
import { p256 } from '@noble/curves/nist.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToBase64url, bytesToHex, jwtSigningInput, type SessionClaims, utf8ToBytes, type VerificationTokenClaims } from '@tkauth/wire';
import type { SigningKey } from './enclave-keys.ts';

const N = p256.Point.CURVE().n;

/** Raw r‖s, low-S. */
function signRaw(message: Uint8Array, key: SigningKey): Uint8Array {
  const sig = new Uint8Array(sign('sha256', message, { key: key.privateKeyObject, dsaEncoding: 'ieee-p1363' }));
  const s = BigInt('0x' + bytesToHex(sig.subarray(32)));
  if (s > N / 2n) sig.set(Buffer.from((N - s).toString(16).padStart(64, '0'), 'hex'), 32);
  return sig;
}

function verifyRaw(message: Uint8Array, signature: Uint8Array, key: SigningKey): boolean {
  if (signature.length !== 64) return false;
  try {
    return verify('sha256', message, { key: key.publicKeyObject, dsaEncoding: 'ieee-p1363' }, signature);
  } catch {
    return false;
  }
}

export function signEnclaveData(dataHex: string, key: SigningKey): string {
  return p256.Signature.fromBytes(signRaw(Buffer.from(dataHex, 'hex'), key)).toHex('der');
}

export function signVerificationToken(claims: VerificationTokenClaims, key: SigningKey): string {
  const input = jwtSigningInput({ typ: 'JWT', alg: 'ES256' }, claims as unknown as Record<string, unknown>);
  return `${input}.${bytesToBase64url(signRaw(utf8ToBytes(input), key))}`;
}

export function signSessionJwt(claims: SessionClaims, key: SigningKey): string {
  const input = jwtSigningInput({ alg: 'ES256', typ: 'JWT' }, claims as unknown as Record<string, unknown>);
  return `${input}.${bytesToBase64url(signRaw(sha256(utf8ToBytes(input)), key))}`;
}

/** Checks a verification token we issued: signature only. Claims are checked by the caller. */
export function verifyOwnToken(jwt: string, key: SigningKey): boolean {
  const parts = jwt.split('.');
  if (parts.length !== 3) return false;
  return verifyRaw(utf8ToBytes(`${parts[0]}.${parts[1]}`), Buffer.from(parts[2]!, 'base64url'), key);
}

/** Checks a session JWT we signed (double SHA-256, raw r‖s); claims are checked by the caller. */
export function verifyOwnSessionJwt(jwt: string, key: SigningKey): boolean {
  const parts = jwt.split('.');
  if (parts.length !== 3) return false;
  return verifyRaw(sha256(utf8ToBytes(`${parts[0]}.${parts[1]}`)), Buffer.from(parts[2]!, 'base64url'), key);
}
