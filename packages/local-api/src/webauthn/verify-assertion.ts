/**
 * A passkey assertion over a request (turnkey-wire.md §2.2): the authenticator's signature over
 * authData ‖ sha256(clientDataJSON), with the COSE key registered for the credential, verified by
 * @simplewebauthn/server. The challenge, type and origin were checked when the header was read
 * (auth/verify-stamp.ts); this checks the rp id, user presence, the signature and the counter.
 */
import { verifyAuthenticationResponse } from '@simplewebauthn/server';
import { ApiError, bytesToBase64url, type WebauthnStamp } from '@tkauth/wire';
import type { RelyingParty } from './relying-party.ts';

export interface StoredCredential {
  cosePublicKey: string;
  signCount: number;
}

/** authData's signature counter (bytes 33..37, big-endian; WebAuthn §6.1). */
export function signCountOf(authenticatorData: Uint8Array): number {
  if (authenticatorData.length < 37) throw new ApiError('ERR_WEBAUTHN_STAMP_MALFORMED', 'authenticatorData is shorter than 37 bytes');
  return new DataView(authenticatorData.buffer, authenticatorData.byteOffset, authenticatorData.byteLength).getUint32(33);
}

/**
 * Verifies the assertion and returns the counter it carries. A counter must grow once the
 * authenticator keeps one (WebAuthn §6.1.1): a non-zero counter not above the stored one is a
 * replay or a clone, refused before the signature is even checked.
 */
export async function verifyAssertion(rp: RelyingParty, stamp: WebauthnStamp, origin: string, challenge: string, cred: StoredCredential): Promise<number> {
  const counter = signCountOf(stamp.authenticatorData);
  if ((counter > 0 || cred.signCount > 0) && counter <= cred.signCount) throw new ApiError('ERR_WEBAUTHN_COUNTER_NOT_INCREASED');
  let verified: boolean;
  try {
    const result = await verifyAuthenticationResponse({
      response: {
        id: stamp.credentialId,
        rawId: stamp.credentialId,
        type: 'public-key',
        response: {
          authenticatorData: bytesToBase64url(stamp.authenticatorData),
          clientDataJSON: bytesToBase64url(stamp.clientDataJson),
          signature: bytesToBase64url(stamp.signature),
        },
        clientExtensionResults: {},
      },
      expectedChallenge: challenge,
      expectedOrigin: origin,
      expectedRPID: [...rp.rpIds],
      credential: { id: stamp.credentialId, publicKey: new Uint8Array(Buffer.from(cred.cosePublicKey, 'base64url')), counter: cred.signCount },
      requireUserVerification: false,
    });
    verified = result.verified;
  } catch (e) {
    throw new ApiError('ERR_WEBAUTHN_BAD_SIGNATURE', (e as Error).message.slice(0, 200));
  }
  if (!verified) throw new ApiError('ERR_WEBAUTHN_BAD_SIGNATURE');
  return counter;
}
