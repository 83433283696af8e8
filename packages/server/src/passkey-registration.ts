/**
 * Passkey registrations on their way into a sub-organization (turnkey-wire-logins.md §1.2).
 * The key-management API verifies the attestation itself (the local API with
 * @simplewebauthn/server); the backend checks, before anything is created, only what it can read
 * without any key material:
 * - the name fits Turnkey's allowed authenticator-name characters (what @turnkey/core's
 *   isValidPasskeyName and the with-backend example enforce);
 * - clientDataJSON is a `webauthn.create` over exactly the `challenge` sent beside it. Turnkey
 *   calls the registration challenge "not meaningful" and documents no such check, so the backend
 *   does not rely on the API making it: a registration whose two challenges differ is not the
 *   ceremony the device ran.
 * Refusals are 400 VALIDATION_FAILED in Turnkey's words ("invalid authenticator attestation").
 */
import { BackendError } from '@tkauth/wire';

/** Turnkey's allowed authenticator-name characters, 1–64 of them. */
export const AUTHENTICATOR_NAME_PATTERN = '^[a-zA-Z0-9 _\\-:\\/\\.]{1,64}$';
/** What the with-backend example names a passkey the user did not name. */
export const DEFAULT_PASSKEY_NAME = 'Passkey';

export interface Registration {
  authenticatorName: string;
  challenge: string;
  attestation: { credentialId: string; clientDataJson: string; attestationObject: string; transports: string[] };
}

/** The `passkey` field of a sign-up: a registration whose name may be left out. */
export type PasskeyField<R extends Registration = Registration> = Omit<R, 'authenticatorName'> & { authenticatorName?: string | undefined };

/**
 * The registrations a sign-up asks for: its `passkey` or its `authenticators`, never both (which
 * of the two is the user's passkey would be a guess). `where` names each for error messages.
 */
export function registrationsOf<R extends Registration>(b: { passkey?: PasskeyField<R> | undefined; authenticators?: R[] | undefined }): { registration: R; where: string }[] {
  if (b.passkey && b.authenticators) throw new BackendError('VALIDATION_FAILED', 'give either passkey or authenticators, not both');
  if (b.passkey) {
    const registration = { ...b.passkey, authenticatorName: b.passkey.authenticatorName ?? DEFAULT_PASSKEY_NAME } as R;
    return [{ registration, where: 'passkey' }];
  }
  return (b.authenticators ?? []).map((registration, i) => ({ registration, where: `authenticators[${i}]` }));
}

/**
 * For adapters whose clients send free-form names and expect them taken as they are (the Swift
 * example server ignores the name altogether): the allowed characters kept, at most 64, else
 * the default name.
 */
export function sanitizeAuthenticatorName(name: string | undefined): string {
  const kept = (name ?? '').replace(/[^a-zA-Z0-9 _\-:/.]/g, '').trim().slice(0, 64).trim();
  return kept || DEFAULT_PASSKEY_NAME;
}

const refuse = (where: string, why: string) => new BackendError('VALIDATION_FAILED', `invalid authenticator attestation: ${where}.attestation.clientDataJson ${why}`);

/** clientDataJSON is a `webauthn.create` whose challenge is the registration's `challenge` (WebAuthn §7.1 steps 5–8). */
export function checkRegistrationClientData(r: Registration, where: string): void {
  let clientData: { type?: unknown; challenge?: unknown } | null;
  try {
    // Node's base64url decoder also reads standard base64, as the API accepts both.
    clientData = JSON.parse(Buffer.from(r.attestation.clientDataJson, 'base64url').toString('utf8')) as typeof clientData;
  } catch {
    throw refuse(where, 'is not base64url of JSON');
  }
  if (typeof clientData !== 'object' || clientData === null) throw refuse(where, 'is not base64url of a JSON object');
  if (clientData.type !== 'webauthn.create') throw refuse(where, 'is not a registration (type must be webauthn.create)');
  if (clientData.challenge !== r.challenge) throw refuse(where, `holds another challenge than ${where}.challenge`);
}
