/**
 * Step 1 of every /public/v1 request: the stamp, checked against the raw body bytes exactly as
 * received, before anything parses them (turnkey-wire.md §2.1–2.3; DESIGN.md conventions). Exactly
 * one stamp header. `X-Stamp` is an API key (or session key), a P-256 one or an external wallet's
 * secp256k1 (EIP-191) or ed25519 key, and its signature is checked here;
 * `X-Stamp-Attested` is a device key vouched for by a verification token or an OIDC token, checked
 * against the request's organization in step 2; `X-Stamp-Webauthn` is a passkey assertion whose
 * challenge, type and origin are checked here and whose signature needs the registered key (step 2).
 */
import {
  ApiError,
  type ApiKeyScheme,
  type ApiKeyStamp,
  SCHEME_API_P256,
  ATTESTED_STAMP_HEADER,
  type AttestedStamp,
  parseAttestedStampHeader,
  parseClientData,
  parseStampHeader,
  parseWebauthnStampHeader,
  STAMP_HEADER,
  WEBAUTHN_STAMP_HEADER,
  webauthnChallengeOf,
  type WebauthnStamp,
} from '@tkauth/wire';
import { type P256KeyCache, verifyP256Der } from '../crypto/p256.ts';
import type { RelyingParty } from '../webauthn/relying-party.ts';
import { verifyWalletStamp } from '@tkauth/wire/wallet-signatures';

export type VerifiedStamp =
  | { kind: 'api-key'; publicKey: string; scheme: ApiKeyScheme }
  | ({ kind: 'attested' } & AttestedStamp)
  /** A passkey assertion over this body from an allowed origin; its signature is checked in step 2. */
  | { kind: 'passkey'; stamp: WebauthnStamp; origin: string; challenge: string }
  /** No stamp, only `X-Session`: a read-only session JWT, checked in step 2 (queries only). */
  | { kind: 'read-only-session'; jwt: string };

type Headers = Record<string, string | string[] | undefined>;

function single(headers: Headers, name: string): string | undefined {
  const v = headers[name];
  if (Array.isArray(v)) throw new ApiError('ERR_STAMP_MALFORMED', `more than one ${name} header`);
  return v === '' ? undefined : v;
}

/** An API-key stamp's signature, by its scheme (the scheme's fit to the key's curve is step 2's). */
function checkApiKeySignature(keys: P256KeyCache, rawBody: Buffer, stamp: ApiKeyStamp): void {
  if (stamp.scheme === SCHEME_API_P256) return checkSignature(keys, rawBody, stamp.publicKey, stamp.signature);
  if (!verifyWalletStamp(stamp, rawBody)) throw new ApiError('ERR_STAMP_BAD_SIGNATURE');
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

function passkeyStamp(rp: RelyingParty, rawBody: Buffer, value: string): VerifiedStamp {
  const stamp = parseWebauthnStampHeader(value);
  const clientData = parseClientData(stamp.clientDataJson);
  if (clientData.type !== 'webauthn.get') throw new ApiError('ERR_WEBAUTHN_BAD_SIGNATURE', `clientDataJson type is not "webauthn.get"`);
  const challenge = webauthnChallengeOf(rawBody);
  // Not constant-time, and needs not be: the challenge is a public digest of the body.
  if (clientData.challenge !== challenge) throw new ApiError('ERR_WEBAUTHN_BAD_SIGNATURE', 'the challenge is not the sha256 of this request body');
  if (!rp.allowsOrigin(clientData.origin)) throw new ApiError('ERR_WEBAUTHN_BAD_SIGNATURE', `origin ${JSON.stringify(clientData.origin.slice(0, 256))} is not allowed (TKAUTH_WEBAUTHN_ORIGINS)`);
  return { kind: 'passkey', stamp, origin: clientData.origin, challenge };
}

export function verifyStamp(keys: P256KeyCache, rp: RelyingParty, rawBody: Buffer, headers: Headers): VerifiedStamp {
  const apiKey = single(headers, STAMP_HEADER);
  const passkey = single(headers, WEBAUTHN_STAMP_HEADER);
  const attested = single(headers, ATTESTED_STAMP_HEADER);
  // Two stamps could name two principals; which one counts must never be a guess.
  if ([apiKey, passkey, attested].filter((v) => v !== undefined).length > 1) throw new ApiError('ERR_STAMP_MULTIPLE');
  if (passkey !== undefined) return passkeyStamp(rp, rawBody, passkey);
  if (apiKey !== undefined) {
    const stamp = parseStampHeader(apiKey);
    checkApiKeySignature(keys, rawBody, stamp);
    return { kind: 'api-key', publicKey: stamp.publicKey, scheme: stamp.scheme as ApiKeyScheme };
  }
  if (attested !== undefined) {
    const stamp = parseAttestedStampHeader(attested);
    checkSignature(keys, rawBody, stamp.publicKey, stamp.signature);
    return { kind: 'attested', ...stamp };
  }
  const session = single(headers, 'x-session');
  if (session !== undefined) return { kind: 'read-only-session', jwt: session };
  throw new ApiError('ERR_STAMP_MISSING');
}
