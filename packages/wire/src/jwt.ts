/**
 * JWT segments as the @turnkey clients decode them (turnkey-wire.md §6). Signing happens where the
 * keys live; this file only builds and reads the segments.
 *
 * Alphabet rule (§6.1): @turnkey/core drops `-` and `_` from the payload before decoding and
 * sdk-browser's atob throws on them, so the payload segment must avoid both. For ASCII JSON a `-`/`_`
 * appears only when `>`, `?`, `~` or DEL sits at a byte offset ≡ 2 (mod 3); shifting the JSON by a
 * padding claim moves such a byte off that offset.
 */
import { base64urlToBytes, bytesToBase64url, bytesToUtf8, utf8ToBytes } from './encoding.ts';

const SAFE = /^[A-Za-z0-9]*$/;
const encodeJson = (value: unknown): string => bytesToBase64url(utf8ToBytes(JSON.stringify(value)));

/** `header.payload` with a payload segment free of `-` and `_`. */
export function jwtSigningInput(header: Record<string, unknown>, claims: Record<string, unknown>): string {
  for (let pad = 0; pad < 8; pad++) {
    // The padding claim goes first so that it shifts every byte after it.
    const payload = encodeJson(pad === 0 ? claims : { pad: ' '.repeat(pad), ...claims });
    if (SAFE.test(payload)) return `${encodeJson(header)}.${payload}`;
  }
  // Unreachable for JSON text: some shift of at most 2 bytes moves every offending byte.
  throw new Error('could not encode JWT payload without - or _');
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
