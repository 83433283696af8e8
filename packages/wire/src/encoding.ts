/** Byte/text encodings used on the wire. Web-standard only: runs in Node and browsers. */
import { base64urlnopad, hex } from '@scure/base';

const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder('utf-8', { fatal: true });

export const utf8ToBytes = (s: string): Uint8Array => utf8Encoder.encode(s);
export const bytesToUtf8 = (b: Uint8Array): string => utf8Decoder.decode(b);

export const bytesToHex = (b: Uint8Array): string => hex.encode(b);
/** Strict lowercase/uppercase hex, even length, no 0x prefix. Throws on anything else. */
export const hexToBytes = (s: string): Uint8Array => hex.decode(s.toLowerCase());

/** base64url without padding (turnkey-wire.md §2.1: `=` is stripped). */
export const bytesToBase64url = (b: Uint8Array): string => base64urlnopad.encode(b);
const BASE64URL = /^[A-Za-z0-9_-]*={0,2}$/;
// Node's Buffer decodes base64url natively, about 10× faster than a JS decoder; the stamp header
// is decoded on every request. Browsers take the portable path.
const NodeBuffer = (globalThis as { Buffer?: { from(s: string, enc: 'base64url'): Uint8Array } }).Buffer;

/** Accepts base64url with or without `=` padding; throws on any other character. */
export function base64urlToBytes(s: string): Uint8Array {
  if (!BASE64URL.test(s) || s.replace(/=+$/, '').length % 4 === 1) throw new Error('invalid base64url');
  if (NodeBuffer) return NodeBuffer.from(s, 'base64url');
  return base64urlnopad.decode(s.replace(/=+$/, ''));
}

export const isHex = (s: string): boolean => s.length % 2 === 0 && /^[0-9a-fA-F]*$/.test(s);
