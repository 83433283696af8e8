/**
 * A software authenticator, built the way a browser hands its output to @turnkey/http: a real
 * "none"-format attestation object (WebAuthn §6.5.4) over a fresh P-256 credential key, and
 * assertions over a request body as @turnkey/webauthn-stamper makes them (turnkey-wire.md §2.2).
 * authData = sha256(rpId) ‖ flags ‖ signCount ‖ aaguid ‖ credIdLen ‖ credId ‖ COSE key.
 */
import { createHash, randomBytes } from 'node:crypto';
import { isoCBOR } from '@simplewebauthn/server/helpers';
import { p256 } from '@noble/curves/nist.js';

export interface TestPasskey {
  authenticatorName: string;
  challenge: string;
  attestation: { credentialId: string; clientDataJson: string; attestationObject: string; transports: ('AUTHENTICATOR_TRANSPORT_INTERNAL' | 'AUTHENTICATOR_TRANSPORT_HYBRID')[] };
  /** The compressed P-256 public key of the credential, hex. */
  publicKey: string;
  aaguid: string;
  /** The credential's private key (32 bytes): `assertion` signs with it. */
  secretKey: Uint8Array;
  rpId: string;
  origin: string;
}

const UP_UV_AT = 0x01 | 0x04 | 0x40;
// CBOR maps with integer keys must stay Maps (COSE); tiny-cbor's value type is not exported.
const cbor = (value: Map<unknown, unknown>): Uint8Array => isoCBOR.encode(value as Parameters<typeof isoCBOR.encode>[0]);

export function authData(opts: { rpId: string; aaguid: string; credentialId: Buffer; coseKey: Uint8Array; signCount?: number }): Buffer {
  const counter = Buffer.alloc(4);
  counter.writeUInt32BE(opts.signCount ?? 0);
  const idLen = Buffer.alloc(2);
  idLen.writeUInt16BE(opts.credentialId.length);
  return Buffer.concat([
    createHash('sha256').update(opts.rpId).digest(),
    Buffer.from([UP_UV_AT]),
    counter,
    Buffer.from(opts.aaguid.replaceAll('-', ''), 'hex'),
    idLen,
    opts.credentialId,
    opts.coseKey,
  ]);
}

/** CBOR {fmt, attStmt: {}, authData}: a "none" attestation object around any authData. */
export const attestationObjectOf = (data: Uint8Array, fmt = 'none'): Uint8Array => cbor(new Map<string, unknown>([['fmt', fmt], ['attStmt', new Map()], ['authData', data]]));

/** A passkey registration with a "none" attestation; `aaguid` names the provider (all zeros by default, as most give). */
export function noneAttestationPasskey(opts: { name?: string; rpId?: string; origin?: string; aaguid?: string; signCount?: number } = {}): TestPasskey {
  const aaguid = opts.aaguid ?? '00000000-0000-0000-0000-000000000000';
  const rpId = opts.rpId ?? 'localhost';
  const origin = opts.origin ?? `https://${rpId}`;
  const secretKey = p256.utils.randomSecretKey();
  const point = p256.Point.fromBytes(p256.getPublicKey(secretKey, false));
  const raw = point.toBytes(false);
  // COSE_Key (RFC 9053 §7.1.1): kty EC2, alg ES256, crv P-256, x, y.
  const coseKey = cbor(new Map<number, number | Uint8Array>([[1, 2], [3, -7], [-1, 1], [-2, raw.slice(1, 33)], [-3, raw.slice(33, 65)]]));
  const credentialId = randomBytes(16);
  const challenge = randomBytes(32).toString('base64url');
  const clientData = { type: 'webauthn.create', challenge, origin };
  const attestationObject = attestationObjectOf(authData({ rpId, aaguid, credentialId, coseKey, signCount: opts.signCount }));
  return {
    authenticatorName: opts.name ?? 'laptop',
    challenge,
    attestation: {
      credentialId: credentialId.toString('base64url'),
      clientDataJson: Buffer.from(JSON.stringify(clientData)).toString('base64url'),
      attestationObject: Buffer.from(attestationObject).toString('base64url'),
      transports: ['AUTHENTICATOR_TRANSPORT_INTERNAL'],
    },
    publicKey: point.toHex(true),
    aaguid,
    secretKey,
    rpId,
    origin,
  };
}

export interface AssertionOptions {
  /** The authenticator's signature counter in this assertion (0: the authenticator keeps none). */
  signCount?: number;
  /** Overrides, to build refusals: another challenge, type, origin, rpId or credential id. */
  challenge?: string;
  type?: string;
  origin?: string;
  rpId?: string;
  credentialId?: string;
  /** Sign with this key instead of the credential's own. */
  secretKey?: Uint8Array;
}

/** The WebAuthn challenge of a stamped body: the UTF-8 of its lowercase hex sha256 (turnkey-wire.md §2.2), base64url. */
export const challengeOfBody = (body: string): string => Buffer.from(createHash('sha256').update(body).digest('hex')).toString('base64url');

/** The X-Stamp-Webauthn value for `body`, as @turnkey/webauthn-stamper writes it: plain JSON of base64url fields. */
export function assertion(pk: TestPasskey, body: string, o: AssertionOptions = {}): string {
  const counter = Buffer.alloc(4);
  counter.writeUInt32BE(o.signCount ?? 0);
  // Assertion authData: rpIdHash ‖ flags (UP, UV) ‖ signCount — no attested credential data.
  const data = Buffer.concat([createHash('sha256').update(o.rpId ?? pk.rpId).digest(), Buffer.from([0x01 | 0x04]), counter]);
  const clientDataJson = Buffer.from(JSON.stringify({ type: o.type ?? 'webauthn.get', challenge: o.challenge ?? challengeOfBody(body), origin: o.origin ?? pk.origin, crossOrigin: false }));
  const signed = Buffer.concat([data, createHash('sha256').update(clientDataJson).digest()]);
  const signature = p256.sign(signed, o.secretKey ?? pk.secretKey, { format: 'der' });
  return JSON.stringify({
    authenticatorData: data.toString('base64url'),
    clientDataJson: clientDataJson.toString('base64url'),
    credentialId: o.credentialId ?? pk.attestation.credentialId,
    signature: Buffer.from(signature).toString('base64url'),
  });
}

/**
 * A stamper for @turnkey/http's TurnkeyClient backed by the software authenticator. It counts its
 * signatures as hardware authenticators do, starting at `firstCount` (0: an authenticator that keeps
 * no counter, as most synced passkeys do).
 */
export function passkeyStamper(pk: TestPasskey, firstCount = 0) {
  let count = firstCount;
  return {
    async stamp(payload: string) {
      const signCount = firstCount === 0 ? 0 : count++;
      return { stampHeaderName: 'X-Stamp-Webauthn', stampHeaderValue: assertion(pk, payload, { signCount }) };
    },
  };
}

/** What @turnkey/http takes as an authenticator: the registration without the test's own extras. */
export const asParams = (p: TestPasskey) => ({ authenticatorName: p.authenticatorName, challenge: p.challenge, attestation: p.attestation });
