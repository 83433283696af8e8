/**
 * Reads a passkey registration's attestation object (WebAuthn §6.5, turnkey-wire-logins.md §1.2):
 * attestation format, AAGUID, credential id, COSE public key and signature counter from authData.
 * Parsing only — the attestation statement, challenge and origin are not verified (passkey
 * verification is later work). Anything that does not parse is Turnkey's 400 "invalid
 * authenticator attestation", before a row is written.
 */
import { convertAAGUIDToString, cose, decodeAttestationObject, decodeCredentialPublicKey, parseAuthenticatorData } from '@simplewebauthn/server/helpers';
import { p256 } from '@noble/curves/nist.js';
import { ApiError } from '@tkauth/wire';

export interface ParsedAttestation {
  fmt: string;
  /** UUID form, lowercase. */
  aaguid: string;
  /** The COSE_Key as it sits in authData, base64url. */
  cosePublicKey: string;
  /** ES256: the compressed P-256 point, hex. Null for RS256. */
  p256PublicKey: string | null;
  signCount: number;
}

const BASE64 = /^[A-Za-z0-9_\-+/]+={0,2}$/;
// "Currently Turnkey only supports ES256 and RS256" (turnkey-wire-logins.md §1.2, [D-pko]).
const SUPPORTED_ALGS = new Set<number>([cose.COSEALG.ES256, cose.COSEALG.RS256]);

function bytes(value: string, field: string, where: string): Buffer {
  if (!BASE64.test(value)) throw new ApiError('ERR_AUTHENTICATOR_ATTESTATION_INVALID', `${where}/${field}: not base64url`);
  return Buffer.from(value, 'base64url');
}

function compressedP256(key: cose.COSEPublicKey, where: string): string {
  const ec2 = key as cose.COSEPublicKeyEC2;
  const x = ec2.get(cose.COSEKEYS.x);
  const y = ec2.get(cose.COSEKEYS.y);
  if (key.get(cose.COSEKEYS.kty) !== cose.COSEKTY.EC2 || ec2.get(cose.COSEKEYS.crv) !== cose.COSECRV.P256 || x?.length !== 32 || y?.length !== 32) {
    throw new ApiError('ERR_AUTHENTICATOR_ATTESTATION_INVALID', `${where}: ES256 credential key is not a P-256 EC2 key`);
  }
  try {
    return p256.Point.fromBytes(Uint8Array.from([4, ...x, ...y])).toHex(true);
  } catch {
    throw new ApiError('ERR_AUTHENTICATOR_ATTESTATION_INVALID', `${where}: credential key is not a point on P-256`);
  }
}

export function parseAttestation(att: { credentialId: string; attestationObject: string }, where: string): ParsedAttestation {
  const object = bytes(att.attestationObject, 'attestationObject', where);
  let fmt: unknown;
  let data;
  let key: cose.COSEPublicKey;
  try {
    const decoded = decodeAttestationObject(new Uint8Array(object));
    fmt = decoded.get('fmt');
    const authData = decoded.get('authData');
    if (!(authData instanceof Uint8Array)) throw new Error('no authData');
    data = parseAuthenticatorData(authData);
    if (!data.aaguid || !data.credentialID || !data.credentialPublicKey) throw new Error('no attested credential data');
    key = decodeCredentialPublicKey(data.credentialPublicKey);
  } catch {
    throw new ApiError('ERR_AUTHENTICATOR_ATTESTATION_INVALID', `${where}/attestationObject: not a CBOR attestation object with attested credential data`);
  }
  if (typeof fmt !== 'string' || fmt === '') throw new ApiError('ERR_AUTHENTICATOR_ATTESTATION_INVALID', `${where}/attestationObject: no attestation format`);
  if (!Buffer.from(data.credentialID).equals(bytes(att.credentialId, 'credentialId', where))) {
    throw new ApiError('ERR_AUTHENTICATOR_ATTESTATION_INVALID', `${where}/credentialId: differs from the credential id in authData`);
  }
  const alg = key.get(cose.COSEKEYS.alg);
  if (alg === undefined || !SUPPORTED_ALGS.has(alg)) throw new ApiError('ERR_AUTHENTICATOR_ATTESTATION_INVALID', `${where}: COSE algorithm ${String(alg)} is not supported; use ES256 or RS256`);
  return {
    fmt,
    aaguid: convertAAGUIDToString(data.aaguid),
    cosePublicKey: Buffer.from(data.credentialPublicKey).toString('base64url'),
    p256PublicKey: alg === cose.COSEALG.ES256 ? compressedP256(key, where) : null,
    signCount: data.counter,
  };
}
