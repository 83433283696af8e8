/**
 * A software authenticator's registration, built the way a browser hands it to @turnkey/http:
 * a real "none"-format attestation object (WebAuthn §6.5.4) over a fresh P-256 credential key.
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
export function noneAttestationPasskey(opts: { name?: string; rpId?: string; aaguid?: string; signCount?: number } = {}): TestPasskey {
  const aaguid = opts.aaguid ?? '00000000-0000-0000-0000-000000000000';
  const point = p256.Point.fromBytes(p256.getPublicKey(p256.utils.randomSecretKey(), false));
  const raw = point.toBytes(false);
  // COSE_Key (RFC 9053 §7.1.1): kty EC2, alg ES256, crv P-256, x, y.
  const coseKey = cbor(new Map<number, number | Uint8Array>([[1, 2], [3, -7], [-1, 1], [-2, raw.slice(1, 33)], [-3, raw.slice(33, 65)]]));
  const credentialId = randomBytes(16);
  const challenge = randomBytes(32).toString('base64url');
  const clientData = { type: 'webauthn.create', challenge, origin: `https://${opts.rpId ?? 'localhost'}` };
  const attestationObject = attestationObjectOf(authData({ rpId: opts.rpId ?? 'localhost', aaguid, credentialId, coseKey, signCount: opts.signCount }));
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
  };
}

/** What @turnkey/http takes as an authenticator: the registration without the test's own extras. */
export const asParams = (p: TestPasskey) => ({ authenticatorName: p.authenticatorName, challenge: p.challenge, attestation: p.attestation });
