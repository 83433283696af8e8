/**
 * A new passkey (WebAuthn registration) in the form Turnkey's activities take it —
 * v1AuthenticatorParamsV2 {authenticatorName, challenge, attestation} — with the options
 * @turnkey/core 2.8.1 uses on the web (turnkey-wire-logins.md §1.2): ES256 or RS256, a
 * discoverable credential (so sign-in needs no user name), user verification preferred,
 * attestation "none" (Turnkey does not use attestation statements), random challenge and user id.
 */
import { startRegistration, type AuthenticatorTransportFuture } from '@simplewebauthn/browser';
import type { v1AuthenticatorParamsV2, v1AuthenticatorTransport } from '@turnkey/sdk-types';
import { bytesToBase64url } from '@tkauth/wire';
import { InvalidPasskeyNameError } from '../errors.ts';
import { ceremonyError } from './ceremony-error.ts';

export interface CreatePasskeyInput {
  /** The authenticator's name on the account (default `passkey-<ms>`, as core). */
  name?: string;
  /** Relying-party id (default: this page's host name). */
  rpId?: string;
  /** Relying party's name some prompts show (default: the rp id). */
  rpName?: string;
  /** The name the passkey picker lists it under (default: `name`). */
  userName?: string;
  /** Milliseconds the prompt waits (default 5 minutes). */
  timeout?: number;
}

export type CreatedPasskey = v1AuthenticatorParamsV2;

export const DEFAULT_PASSKEY_TIMEOUT_MS = 5 * 60 * 1000;
// @turnkey/core's isValidPasskeyName (1–64 characters, as its React Native check says).
const PASSKEY_NAME = /^[a-zA-Z0-9 _\-:/.]{1,64}$/;

const TRANSPORTS: Partial<Record<AuthenticatorTransportFuture, v1AuthenticatorTransport>> = {
  internal: 'AUTHENTICATOR_TRANSPORT_INTERNAL',
  usb: 'AUTHENTICATOR_TRANSPORT_USB',
  nfc: 'AUTHENTICATOR_TRANSPORT_NFC',
  ble: 'AUTHENTICATOR_TRANSPORT_BLE',
  hybrid: 'AUTHENTICATOR_TRANSPORT_HYBRID',
};

/**
 * The browser's transports in Turnkey's enum. Unknown ones (smart-card, cable, anything newer) are
 * dropped: @turnkey/http throws on them instead, which loses a passkey the person just made.
 */
export function turnkeyTransports(transports: readonly string[] | undefined): v1AuthenticatorTransport[] {
  return [...new Set((transports ?? []).map((t) => TRANSPORTS[t as AuthenticatorTransportFuture]).filter((t): t is v1AuthenticatorTransport => t !== undefined))];
}

const randomBase64url = (n: number) => bytesToBase64url(crypto.getRandomValues(new Uint8Array(n)));

export async function createPasskey(input: CreatePasskeyInput = {}): Promise<CreatedPasskey> {
  const authenticatorName = input.name ?? `passkey-${Date.now()}`;
  if (!PASSKEY_NAME.test(authenticatorName)) throw new InvalidPasskeyNameError();
  const rpId = input.rpId ?? (globalThis as { location?: { hostname?: string } }).location?.hostname;
  const challenge = randomBase64url(32);
  const userName = input.userName ?? authenticatorName;
  let credential;
  try {
    credential = await startRegistration({
      optionsJSON: {
        challenge,
        rp: { ...(rpId ? { id: rpId } : {}), name: input.rpName ?? rpId ?? '' },
        user: { id: randomBase64url(32), name: userName, displayName: userName },
        pubKeyCredParams: [
          { type: 'public-key', alg: -7 },
          { type: 'public-key', alg: -257 },
        ],
        authenticatorSelection: { residentKey: 'required', requireResidentKey: true, userVerification: 'preferred' },
        attestation: 'none',
        timeout: input.timeout ?? DEFAULT_PASSKEY_TIMEOUT_MS,
      },
    });
  } catch (e) {
    throw ceremonyError(e);
  }
  return {
    authenticatorName,
    challenge,
    attestation: {
      credentialId: credential.rawId,
      clientDataJson: credential.response.clientDataJSON,
      attestationObject: credential.response.attestationObject,
      transports: turnkeyTransports(credential.response.transports),
    },
  };
}
