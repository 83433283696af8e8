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
/** Accepts base64url with or without `=` padding. */
export const base64urlToBytes = (s: string): Uint8Array => base64urlnopad.decode(s.replace(/=+$/, ''));

export const isHex = (s: string): boolean => s.length % 2 === 0 && /^[0-9a-fA-F]*$/.test(s);
