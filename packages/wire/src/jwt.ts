/**
 * JWT segments as the @turnkey clients decode them (turnkey-wire.md §6). Signing happens where the
 * keys live; this file only builds and reads the segments.
 *
 * Alphabet rule (§6.1): @turnkey/core drops `-` and `_` from the payload before decoding and
 * sdk-browser's atob throws on them, so the payload segment must avoid both. A base64 group ends in
 * `-`/`_` only when its third byte is `>`, `?`, `~`, DEL or a non-ASCII byte; JSON lets every one of
 * those be written as a `\uXXXX` escape (they only ever occur inside strings), and the decoders'
 * JSON.parse reads the escapes back. So the payload is always clean, whatever the claims hold.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { base64urlToBytes, bytesToBase64url, bytesToHex, bytesToUtf8, utf8ToBytes } from './encoding.ts';

const RISKY = /[>?~\u007f-\uffff]/g;
const escapeRisky = (json: string) => json.replace(RISKY, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
const encodeJson = (value: unknown): string => bytesToBase64url(utf8ToBytes(escapeRisky(JSON.stringify(value))));

/** `header.payload`, the payload segment free of `-` and `_` (turnkey-wire.md §6.1). */
export function jwtSigningInput(header: Record<string, unknown>, claims: Record<string, unknown>): string {
  return `${encodeJson(header)}.${encodeJson(claims)}`;
}

/** Claims of a JWT, without verifying it. Throws on anything that is not a three-part JWT of JSON. */
export function decodeJwtClaims(jwt: string): Record<string, unknown> {
  const parts = jwt.split('.');
  if (parts.length !== 3) throw new Error('not a JWT');
  const claims = JSON.parse(bytesToUtf8(base64urlToBytes(parts[1]!))) as unknown;
  if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) throw new Error('JWT payload is not an object');
  return claims as Record<string, unknown>;
}

export function decodeJwtHeader(jwt: string): Record<string, unknown> {
  return JSON.parse(bytesToUtf8(base64urlToBytes(jwt.split('.')[0] ?? ''))) as Record<string, unknown>;
}

/** Session JWT claims (turnkey-wire.md §6.1); `exp` is unix seconds. */
export interface SessionClaims {
  exp: number;
  public_key: string;
  session_type: string;
  user_id: string;
  organization_id: string;
}

/** OTP verification-token claims (turnkey-wire.md §6.2); every claim a string, `exp` in ms. */
export interface VerificationTokenClaims {
  id: string;
  verification_type: string;
  contact: string;
  organization_id: string;
  public_key?: string;
  exp: string;
}

/** turnkey-wire.md §6.3: the OIDC nonce is lowercase hex SHA-256 of the UTF-8 compressed-public-key hex. */
export const oidcNonceFor = (publicKeyHex: string): string => bytesToHex(sha256(utf8ToBytes(publicKeyHex.toLowerCase())));
