/**
 * Step 1 of every /public/v1 request: the X-Stamp signature, checked over the raw body bytes
 * exactly as received, before anything parses them (turnkey-wire.md §2.1, DESIGN.md conventions).
 */
import { ApiError, type ApiKeyStamp, parseStampHeader } from '@tkauth/wire';
import { type P256KeyCache, verifyP256Der } from '../crypto/p256.ts';

export function verifyStamp(keys: P256KeyCache, rawBody: Buffer, header: string | string[] | undefined): ApiKeyStamp {
  if (header === undefined || header === '') throw new ApiError('ERR_STAMP_MISSING');
  if (Array.isArray(header)) throw new ApiError('ERR_STAMP_MALFORMED', 'more than one X-Stamp header');
  const stamp = parseStampHeader(header);
  let key;
  try {
    key = keys.get(stamp.publicKey);
  } catch {
    // A compressed key whose x is not on the curve.
    throw new ApiError('ERR_STAMP_MALFORMED', 'publicKey is not a point on P-256');
  }
  if (!verifyP256Der(key, rawBody, Buffer.from(stamp.signature, 'hex'))) throw new ApiError('ERR_STAMP_BAD_SIGNATURE');
  return stamp;
}
