/**
 * X-Stamp-Webauthn (turnkey-wire.md §2.2, turnkey-wire-logins.md §1.1): the passkey signs a
 * WebAuthn assertion whose challenge is the UTF-8 of the lowercase hex sha256 of the request body;
 * the header is the plain JSON {authenticatorData, clientDataJson, credentialId, signature}, each
 * base64url — the bytes @turnkey/webauthn-stamper writes, with the ceremony done by
 * @simplewebauthn/browser and its failures as typed errors. Plugs into @turnkey/http's
 * TurnkeyClient, so any request can be passkey-stamped (a login, or step-up for one signature).
 */
import { startAuthentication, type AuthenticatorTransportFuture } from '@simplewebauthn/browser';
import { utf8ToBytes, webauthnChallengeOf } from '@tkauth/wire';
import { ceremonyError } from './ceremony-error.ts';
import { DEFAULT_PASSKEY_TIMEOUT_MS } from './create-passkey.ts';

export const WEBAUTHN_STAMP_HEADER_NAME = 'X-Stamp-Webauthn';

export interface PasskeyStamperConfig {
  /** Relying-party id (default: this page's host name). */
  rpId?: string;
  /** Milliseconds the prompt waits (default 5 minutes). */
  timeout?: number;
  userVerification?: 'required' | 'preferred' | 'discouraged';
  /** Only these passkeys (base64url credential ids); default: any of this site's (discoverable). */
  allowCredentials?: { id: string; transports?: AuthenticatorTransportFuture[] }[];
}

export class PasskeyStamper {
  readonly stampHeaderName = WEBAUTHN_STAMP_HEADER_NAME;

  constructor(private readonly config: PasskeyStamperConfig = {}) {}

  async stamp(payload: string): Promise<{ stampHeaderName: string; stampHeaderValue: string }> {
    const rpId = this.config.rpId ?? (globalThis as { location?: { hostname?: string } }).location?.hostname;
    let assertion;
    try {
      assertion = await startAuthentication({
        optionsJSON: {
          challenge: webauthnChallengeOf(utf8ToBytes(payload)),
          ...(rpId ? { rpId } : {}),
          allowCredentials: (this.config.allowCredentials ?? []).map((c) => ({ id: c.id, type: 'public-key' as const, ...(c.transports ? { transports: c.transports } : {}) })),
          timeout: this.config.timeout ?? DEFAULT_PASSKEY_TIMEOUT_MS,
          userVerification: this.config.userVerification ?? 'preferred',
        },
      });
    } catch (e) {
      throw ceremonyError(e);
    }
    const stamp = {
      authenticatorData: assertion.response.authenticatorData,
      clientDataJson: assertion.response.clientDataJSON,
      credentialId: assertion.rawId,
      signature: assertion.response.signature,
    };
    return { stampHeaderName: WEBAUTHN_STAMP_HEADER_NAME, stampHeaderValue: JSON.stringify(stamp) };
  }
}
