/**
 * The `X-Stamp` header (turnkey-wire.md §2.1): base64url (no padding) of
 * `JSON.stringify({publicKey, scheme, signature})`, signed over the exact request body.
 */
import { ApiError } from './errors.ts';
import { base64urlToBytes, bytesToBase64url, bytesToUtf8, isHex, utf8ToBytes } from './encoding.ts';

export const STAMP_HEADER = 'x-stamp';
export const SCHEME_API_P256 = 'SIGNATURE_SCHEME_TK_API_P256';

export interface ApiKeyStamp {
  /** Compressed P-256 public key, 66 hex chars (turnkey-wire.md §2.1). */
  publicKey: string;
  scheme: string;
  /** DER-encoded ECDSA signature, hex. */
  signature: string;
}

/** A compressed P-256 public key as Turnkey writes it: 66 lowercase hex chars (turnkey-wire.md §2.1). */
export const COMPRESSED_P256 = /^0[23][0-9a-f]{64}$/;
// A DER ECDSA P-256 signature is 8..72 bytes; anything longer is not a signature.
const MAX_DER_HEX = 144;

/**
 * Decodes and shape-checks a stamp header value. Throws ERR_STAMP_MALFORMED for anything that
 * is not a well-formed P-256 API-key stamp; the signature itself is checked elsewhere.
 */
export function parseStampHeader(value: string): ApiKeyStamp {
  let decoded: unknown;
  try {
    decoded = JSON.parse(bytesToUtf8(base64urlToBytes(value.trim())));
  } catch {
    throw new ApiError('ERR_STAMP_MALFORMED', 'header is not base64url-encoded JSON');
  }
  if (typeof decoded !== 'object' || decoded === null) throw new ApiError('ERR_STAMP_MALFORMED');
  const { publicKey, scheme, signature } = decoded as Record<string, unknown>;
  if (typeof publicKey !== 'string' || typeof scheme !== 'string' || typeof signature !== 'string') {
    throw new ApiError('ERR_STAMP_MALFORMED', 'publicKey, scheme and signature must be strings');
  }
  if (scheme !== SCHEME_API_P256) throw new ApiError('ERR_STAMP_SCHEME_UNSUPPORTED', scheme.slice(0, 64));
  const pk = publicKey.toLowerCase();
  if (!COMPRESSED_P256.test(pk)) throw new ApiError('ERR_STAMP_MALFORMED', 'publicKey is not a compressed P-256 key');
  if (!isHex(signature) || signature.length < 16 || signature.length > MAX_DER_HEX) {
    throw new ApiError('ERR_STAMP_MALFORMED', 'signature is not DER hex');
  }
  return { publicKey: pk, scheme, signature: signature.toLowerCase() };
}

export function encodeStampHeader(stamp: ApiKeyStamp): string {
  return bytesToBase64url(utf8ToBytes(JSON.stringify(stamp)));
}

export const ATTESTED_STAMP_HEADER = 'x-stamp-attested';
export const ATTESTED_SCHEMES = ['STAMP_ATTESTED_SCHEME_P256_VERIFICATION_TOKEN', 'STAMP_ATTESTED_SCHEME_P256_OIDC'] as const;
export type AttestedScheme = (typeof ATTESTED_SCHEMES)[number];

/** `X-Stamp-Attested` (turnkey-wire.md §2.3): a P-256 stamp plus the token that vouches for its key. */
export interface AttestedStamp {
  publicKeyAttestation: string;
  scheme: AttestedScheme;
  publicKey: string;
  signature: string;
}

/** Accepts both forms seen in the wild: plain JSON (the docs) and base64url JSON (the code). */
export function parseAttestedStampHeader(value: string): AttestedStamp {
  const v = value.trim();
  let decoded: unknown;
  try {
    decoded = JSON.parse(v.startsWith('{') ? v : bytesToUtf8(base64urlToBytes(v)));
  } catch {
    throw new ApiError('ERR_STAMP_MALFORMED', 'X-Stamp-Attested is neither JSON nor base64url JSON');
  }
  const { publicKeyAttestation, scheme, publicKey, signature } = (decoded ?? {}) as Record<string, unknown>;
  if (typeof publicKeyAttestation !== 'string' || typeof scheme !== 'string' || typeof publicKey !== 'string' || typeof signature !== 'string') {
    throw new ApiError('ERR_STAMP_MALFORMED', 'publicKeyAttestation, scheme, publicKey and signature must be strings');
  }
  if (!(ATTESTED_SCHEMES as readonly string[]).includes(scheme)) throw new ApiError('ERR_STAMP_SCHEME_UNSUPPORTED', scheme.slice(0, 64));
  const pk = publicKey.toLowerCase();
  if (!COMPRESSED_P256.test(pk)) throw new ApiError('ERR_STAMP_MALFORMED', 'publicKey is not a compressed P-256 key');
  if (!isHex(signature) || signature.length < 16 || signature.length > MAX_DER_HEX) throw new ApiError('ERR_STAMP_MALFORMED', 'signature is not DER hex');
  return { publicKeyAttestation, scheme: scheme as AttestedScheme, publicKey: pk, signature: signature.toLowerCase() };
}
