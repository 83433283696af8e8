/**
 * The `X-Stamp-Webauthn` header (turnkey-wire.md §2.2, turnkey-wire-logins.md §1.1): plain JSON
 * `{authenticatorData, clientDataJson, credentialId, signature}`, each base64url without padding as
 * @turnkey/webauthn-stamper writes them — standard base64 accepted too (the swagger calls two of
 * them "base64"). The challenge is the UTF-8 of the lowercase hex sha256 of the exact body.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { ApiError } from './errors.ts';
import { base64 } from '@scure/base';
import { base64urlToBytes, bytesToBase64url, bytesToHex, bytesToUtf8, utf8ToBytes } from './encoding.ts';

export const WEBAUTHN_STAMP_HEADER = 'x-stamp-webauthn';

export interface WebauthnStamp {
  /** base64url, no padding: the form credential ids are stored in. */
  credentialId: string;
  authenticatorData: Uint8Array;
  clientDataJson: Uint8Array;
  signature: Uint8Array;
}

/** The parts of clientDataJSON a stamp is judged by (WebAuthn §5.8.1). */
export interface ClientData {
  type: string;
  challenge: string;
  origin: string;
}

// A DER ES256 signature is ≤ 72 bytes, an RS256 one the modulus size (≤ 512 for RSA-4096).
const LIMITS = { credentialId: 1023, authenticatorData: 4096, clientDataJson: 8192, signature: 512 } as const;

/** Either base64 alphabet, with or without padding (turnkey-wire-logins.md §1.1 *(inference)*). */
export function anyBase64ToBytes(value: string): Uint8Array {
  if (/^[A-Za-z0-9_-]*={0,2}$/.test(value)) return base64urlToBytes(value);
  const padded = value.replace(/=+$/, '');
  if (!/^[A-Za-z0-9+/]*$/.test(padded)) throw new Error('not base64');
  return base64.decode(padded + '='.repeat((4 - (padded.length % 4)) % 4));
}

function field(o: Record<string, unknown>, name: keyof typeof LIMITS): Uint8Array {
  const v = o[name];
  if (typeof v !== 'string' || v === '') throw new ApiError('ERR_WEBAUTHN_STAMP_MALFORMED', `${name} must be a non-empty string`);
  let bytes: Uint8Array;
  try {
    bytes = anyBase64ToBytes(v);
  } catch {
    throw new ApiError('ERR_WEBAUTHN_STAMP_MALFORMED', `${name} is not base64url`);
  }
  if (bytes.length === 0 || bytes.length > LIMITS[name]) throw new ApiError('ERR_WEBAUTHN_STAMP_MALFORMED', `${name} has an impossible length`);
  return bytes;
}

export function parseWebauthnStampHeader(value: string): WebauthnStamp {
  let decoded: unknown;
  try {
    decoded = JSON.parse(value);
  } catch {
    throw new ApiError('ERR_WEBAUTHN_STAMP_MALFORMED', 'X-Stamp-Webauthn is not JSON');
  }
  if (typeof decoded !== 'object' || decoded === null || Array.isArray(decoded)) throw new ApiError('ERR_WEBAUTHN_STAMP_MALFORMED', 'X-Stamp-Webauthn is not a JSON object');
  const o = decoded as Record<string, unknown>;
  return {
    credentialId: bytesToBase64url(field(o, 'credentialId')),
    authenticatorData: field(o, 'authenticatorData'),
    clientDataJson: field(o, 'clientDataJson'),
    signature: field(o, 'signature'),
  };
}

/** The challenge a passkey signs for `body`, as clientDataJSON carries it: base64url(UTF-8(hex(sha256(body)))). */
export const webauthnChallengeOf = (body: Uint8Array): string => bytesToBase64url(utf8ToBytes(bytesToHex(sha256(body))));

/** clientDataJSON's type, challenge and origin; anything that is not such a JSON object is malformed. */
export function parseClientData(bytes: Uint8Array): ClientData {
  let c: unknown;
  try {
    c = JSON.parse(bytesToUtf8(bytes));
  } catch {
    throw new ApiError('ERR_WEBAUTHN_STAMP_MALFORMED', 'clientDataJson is not UTF-8 JSON');
  }
  const { type, challenge, origin } = (c ?? {}) as Record<string, unknown>;
  if (typeof type !== 'string' || typeof challenge !== 'string' || typeof origin !== 'string') {
    throw new ApiError('ERR_WEBAUTHN_STAMP_MALFORMED', 'clientDataJson needs type, challenge and origin');
  }
  return { type, challenge, origin };
}
