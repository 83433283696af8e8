/**
 * A passkey registration (turnkey-wire-logins.md §1.2), verified with @simplewebauthn/server
 * before a row is written: clientDataJSON is a `webauthn.create` over exactly `challenge`, from an
 * allowed origin; authData is for one of our rp ids, with user presence; the attestation statement
 * verifies for its format ("none" included); the key is ES256 or RS256; the credential id is the
 * one in authData. Every refusal is Turnkey's 400 "invalid authenticator attestation" with the
 * reason after it.
 */
import { verifyRegistrationResponse } from '@simplewebauthn/server';
import { convertAAGUIDToString, cose, decodeAttestationObject, decodeCredentialPublicKey, parseAuthenticatorData } from '@simplewebauthn/server/helpers';
import { p256 } from '@noble/curves/nist.js';
import { anyBase64ToBytes, ApiError, parseClientData } from '@tkauth/wire';
import type { RelyingParty } from './relying-party.ts';

export interface NewAuthenticator {
  authenticatorName: string;
  challenge: string;
  attestation: { credentialId: string; clientDataJson: string; attestationObject: string; transports: string[] };
}

export interface VerifiedRegistration {
  /** base64url without padding, as credential ids are stored and looked up. */
  credentialId: string;
  fmt: string;
  /** UUID form, lowercase. */
  aaguid: string;
  /** The COSE_Key as it sits in authData, base64url. */
  cosePublicKey: string;
  /** ES256: the compressed P-256 point, hex. Null for RS256. */
  p256PublicKey: string | null;
  signCount: number;
  transports: string[];
}

// "Currently Turnkey only supports ES256 and RS256" (turnkey-wire-logins.md §1.2, [D-pko]).
const SUPPORTED_ALGS = [cose.COSEALG.ES256, cose.COSEALG.RS256];
const TRANSPORTS = new Set(['AUTHENTICATOR_TRANSPORT_BLE', 'AUTHENTICATOR_TRANSPORT_INTERNAL', 'AUTHENTICATOR_TRANSPORT_NFC', 'AUTHENTICATOR_TRANSPORT_USB', 'AUTHENTICATOR_TRANSPORT_HYBRID']);

const invalid = (where: string, why: string) => new ApiError('ERR_AUTHENTICATOR_ATTESTATION_INVALID', `${where}: ${why}`);

function bytes(value: string, field: string, where: string): Buffer {
  try {
    return Buffer.from(anyBase64ToBytes(value));
  } catch {
    throw invalid(`${where}/${field}`, 'not base64url');
  }
}

function compressedP256(key: cose.COSEPublicKey, where: string): string {
  const ec2 = key as cose.COSEPublicKeyEC2;
  const x = ec2.get(cose.COSEKEYS.x);
  const y = ec2.get(cose.COSEKEYS.y);
  if (key.get(cose.COSEKEYS.kty) !== cose.COSEKTY.EC2 || ec2.get(cose.COSEKEYS.crv) !== cose.COSECRV.P256 || x?.length !== 32 || y?.length !== 32) {
    throw invalid(where, 'ES256 credential key is not a P-256 EC2 key');
  }
  try {
    return p256.Point.fromBytes(Uint8Array.from([4, ...x, ...y])).toHex(true);
  } catch {
    throw invalid(where, 'credential key is not a point on P-256');
  }
}

/** What authData holds, read before the library so a malformed object gets a precise reason. */
function readAuthData(attestationObject: Buffer, credentialId: Buffer, where: string) {
  let fmt: unknown;
  let data;
  let key: cose.COSEPublicKey;
  try {
    const decoded = decodeAttestationObject(new Uint8Array(attestationObject));
    fmt = decoded.get('fmt');
    const authData = decoded.get('authData');
    if (!(authData instanceof Uint8Array)) throw new Error('no authData');
    data = parseAuthenticatorData(authData);
    if (!data.aaguid || !data.credentialID || !data.credentialPublicKey) throw new Error('no attested credential data');
    key = decodeCredentialPublicKey(data.credentialPublicKey);
  } catch {
    throw invalid(`${where}/attestationObject`, 'not a CBOR attestation object with attested credential data');
  }
  if (typeof fmt !== 'string' || fmt === '') throw invalid(`${where}/attestationObject`, 'no attestation format');
  if (!Buffer.from(data.credentialID).equals(credentialId)) throw invalid(`${where}/credentialId`, 'differs from the credential id in authData');
  const alg = key.get(cose.COSEKEYS.alg);
  if (alg === undefined || !SUPPORTED_ALGS.includes(alg)) throw invalid(where, `COSE algorithm ${String(alg)} is not supported; use ES256 or RS256`);
  if (alg === cose.COSEALG.RS256) {
    const rsa = key as cose.COSEPublicKeyRSA;
    if (key.get(cose.COSEKEYS.kty) !== cose.COSEKTY.RSA || !rsa.get(cose.COSEKEYS.n)?.length || !rsa.get(cose.COSEKEYS.e)?.length) throw invalid(where, 'RS256 credential key is not an RSA key with n and e');
  }
  return { fmt, key, alg, data };
}

export async function verifyRegistration(rp: RelyingParty, a: NewAuthenticator, where: string): Promise<VerifiedRegistration> {
  const att = a.attestation;
  const at = `${where}/attestation`;
  if (att.attestationObject === '') throw new ApiError('ERR_AUTHENTICATOR_ATTESTATION_MISSING', `${at}/attestationObject`);
  const bad = att.transports.find((t) => !TRANSPORTS.has(t));
  if (bad !== undefined) throw invalid(`${at}/transports`, `${JSON.stringify(bad.slice(0, 64))} is not an AUTHENTICATOR_TRANSPORT_* value`);
  const credentialId = bytes(att.credentialId, 'credentialId', at);
  const clientDataJson = bytes(att.clientDataJson, 'clientDataJson', at);
  const attestationObject = bytes(att.attestationObject, 'attestationObject', at);
  const { fmt, key, alg, data } = readAuthData(attestationObject, credentialId, at);
  let clientData;
  try {
    clientData = parseClientData(clientDataJson);
  } catch (e) {
    throw invalid(`${at}/clientDataJson`, e instanceof ApiError ? e.message.replace(/^could not extract webauthn stamp: /, '') : 'not JSON');
  }
  if (clientData.type !== 'webauthn.create') throw invalid(`${at}/clientDataJson`, `type is ${JSON.stringify(clientData.type.slice(0, 32))}, not "webauthn.create"`);
  if (clientData.challenge !== a.challenge) throw invalid(`${where}/challenge`, 'differs from the challenge in clientDataJson');
  if (!rp.allowsOrigin(clientData.origin)) throw invalid(`${at}/clientDataJson`, `origin ${JSON.stringify(clientData.origin.slice(0, 256))} is not allowed (TKAUTH_WEBAUTHN_ORIGINS)`);
  const id = credentialId.toString('base64url');
  try {
    const result = await verifyRegistrationResponse({
      response: {
        id,
        rawId: id,
        type: 'public-key',
        response: { clientDataJSON: clientDataJson.toString('base64url'), attestationObject: attestationObject.toString('base64url') },
        clientExtensionResults: {},
      },
      expectedChallenge: a.challenge,
      expectedOrigin: clientData.origin,
      expectedRPID: [...rp.rpIds],
      // Turnkey asks for user verification "preferred" (turnkey-wire-logins.md §1.2): presence, not verification.
      requireUserVerification: false,
      supportedAlgorithmIDs: SUPPORTED_ALGS,
    });
    if (!result.verified) throw new Error('the attestation statement does not verify');
  } catch (e) {
    throw invalid(at, (e as Error).message.slice(0, 300));
  }
  return {
    credentialId: id,
    fmt,
    aaguid: convertAAGUIDToString(data.aaguid!),
    cosePublicKey: Buffer.from(data.credentialPublicKey!).toString('base64url'),
    p256PublicKey: alg === cose.COSEALG.ES256 ? compressedP256(key, at) : null,
    signCount: data.counter,
    transports: att.transports,
  };
}
