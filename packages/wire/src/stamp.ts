/**
 * The `X-Stamp` header (turnkey-wire.md §2.1): base64url (no padding) of
 * `JSON.stringify({publicKey, scheme, signature})`, signed over the exact request body.
 */
import { ApiError } from './errors.ts';
import { base64urlToBytes, bytesToBase64url, bytesToUtf8, isHex, utf8ToBytes } from './encoding.ts';

export const STAMP_HEADER = 'x-stamp';
export const SCHEME_API_P256 = 'SIGNATURE_SCHEME_TK_API_P256';
/** An Ethereum wallet's personal_sign of the body (turnkey-wire-logins.md §2.1). */
export const SCHEME_API_SECP256K1_EIP191 = 'SIGNATURE_SCHEME_TK_API_SECP256K1_EIP191';
/** A Solana wallet's ed25519 signMessage of the raw body (turnkey-wire-logins.md §2.1). */
export const SCHEME_API_ED25519 = 'SIGNATURE_SCHEME_TK_API_ED25519';
export type ApiKeyScheme = typeof SCHEME_API_P256 | typeof SCHEME_API_SECP256K1_EIP191 | typeof SCHEME_API_ED25519;

/** The API-key curve each stamp scheme signs with: a stamp must fit the curve its key was registered with. */
export const CURVE_OF_SCHEME: Readonly<Record<ApiKeyScheme, string>> = {
  [SCHEME_API_P256]: 'API_KEY_CURVE_P256',
  [SCHEME_API_SECP256K1_EIP191]: 'API_KEY_CURVE_SECP256K1',
  [SCHEME_API_ED25519]: 'API_KEY_CURVE_ED25519',
};

export interface ApiKeyStamp {
  /** P-256 and secp256k1: compressed point, 66 hex chars; ed25519: 64 hex chars (turnkey-wire.md §2.1). */
  publicKey: string;
  scheme: string;
  /** P-256 and secp256k1: DER-encoded ECDSA, hex; ed25519: the 64-byte signature, hex. */
  signature: string;
}

/** A compressed P-256 public key as Turnkey writes it: 66 lowercase hex chars (turnkey-wire.md §2.1). */
export const COMPRESSED_P256 = /^0[23][0-9a-f]{64}$/;
// A DER ECDSA signature is 8..72 bytes (a few more when a wallet leaves leading zeros in).
const MAX_DER_HEX = 160;
const ED25519_KEY = /^[0-9a-f]{64}$/;

/** What each scheme's key and signature look like on the wire. */
const SHAPES: Record<ApiKeyScheme, { key: RegExp; keyName: string; signature: (hex: string) => boolean; signatureName: string }> = {
  [SCHEME_API_P256]: { key: COMPRESSED_P256, keyName: 'a compressed P-256 key', signature: (h) => h.length >= 16 && h.length <= MAX_DER_HEX, signatureName: 'DER hex' },
  [SCHEME_API_SECP256K1_EIP191]: { key: COMPRESSED_P256, keyName: 'a compressed secp256k1 key', signature: (h) => h.length >= 16 && h.length <= MAX_DER_HEX, signatureName: 'DER hex' },
  [SCHEME_API_ED25519]: { key: ED25519_KEY, keyName: 'a 32-byte ed25519 key in hex', signature: (h) => h.length === 128, signatureName: '64 bytes of hex' },
};

/**
 * Decodes and shape-checks a stamp header value. Throws ERR_STAMP_MALFORMED for anything that is
 * not a well-formed API-key stamp of one of the three schemes; the signature is checked elsewhere.
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
  const shape = SHAPES[scheme as ApiKeyScheme];
  if (!Object.hasOwn(SHAPES, scheme) || !shape) throw new ApiError('ERR_STAMP_SCHEME_UNSUPPORTED', scheme.slice(0, 64));
  const pk = publicKey.toLowerCase();
  if (!shape.key.test(pk)) throw new ApiError('ERR_STAMP_MALFORMED', `publicKey is not ${shape.keyName}`);
  if (!isHex(signature) || !shape.signature(signature)) throw new ApiError('ERR_STAMP_MALFORMED', `signature is not ${shape.signatureName}`);
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
