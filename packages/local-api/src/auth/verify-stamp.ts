/**
 * Step 1 of every /public/v1 request: the stamp signature, checked over the raw body bytes exactly
 * as received, before anything parses them (turnkey-wire.md §2.1, §2.3; DESIGN.md conventions).
 * `X-Stamp` is an API key (or session key); `X-Stamp-Attested` is a device key vouched for by a
 * verification token or an OIDC token, checked against the request's organization in step 2.
 */
import { ApiError, ATTESTED_STAMP_HEADER, type AttestedStamp, parseAttestedStampHeader, parseStampHeader, STAMP_HEADER } from '@tkauth/wire';
import { type P256KeyCache, verifyP256Der } from '../crypto/p256.ts';

export type VerifiedStamp =
  | { kind: 'api-key'; publicKey: string }
  | ({ kind: 'attested' } & AttestedStamp)
  /** No stamp, only `X-Session`: a read-only session JWT, checked in step 2 (queries only). */
  | { kind: 'read-only-session'; jwt: string };

type Headers = Record<string, string | string[] | undefined>;

function single(headers: Headers, name: string): string | undefined {
  const v = headers[name];
  if (Array.isArray(v)) throw new ApiError('ERR_STAMP_MALFORMED', `more than one ${name} header`);
  return v === '' ? undefined : v;
}

function checkSignature(keys: P256KeyCache, rawBody: Buffer, publicKey: string, signatureHex: string): void {
  let key;
  try {
    key = keys.get(publicKey);
  } catch {
    // A compressed key whose x is not on the curve.
    throw new ApiError('ERR_STAMP_MALFORMED', 'publicKey is not a point on P-256');
  }
  if (!verifyP256Der(key, rawBody, Buffer.from(signatureHex, 'hex'))) throw new ApiError('ERR_STAMP_BAD_SIGNATURE');
}

export function verifyStamp(keys: P256KeyCache, rawBody: Buffer, headers: Headers): VerifiedStamp {
  const apiKey = single(headers, STAMP_HEADER);
  if (apiKey !== undefined) {
    const stamp = parseStampHeader(apiKey);
    checkSignature(keys, rawBody, stamp.publicKey, stamp.signature);
    return { kind: 'api-key', publicKey: stamp.publicKey };
  }
  const attested = single(headers, ATTESTED_STAMP_HEADER);
  if (attested !== undefined) {
    const stamp = parseAttestedStampHeader(attested);
    checkSignature(keys, rawBody, stamp.publicKey, stamp.signature);
    return { kind: 'attested', ...stamp };
  }
  const session = single(headers, 'x-session');
  if (session !== undefined) return { kind: 'read-only-session', jwt: session };
  throw new ApiError('ERR_STAMP_MISSING');
}
