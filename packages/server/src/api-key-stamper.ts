/**
 * The backend's X-Stamp signer (turnkey-wire.md §2.1), given to @turnkey/sdk-server and
 * @turnkey/http in place of @turnkey/api-key-stamper. Same header bytes, but the key is parsed
 * once: the official stamper rebuilds a JWK with a JS square root and dynamically imports its
 * signer on every call (~0.3 ms; ~0.8 ms under a module loader hook), four times per login.
 */
import { createPrivateKey, sign } from 'node:crypto';
import { encodeStampHeader, p256PrivateKeyJwk, SCHEME_API_P256 } from '@tkauth/wire';

export interface Stamper {
  stamp(payload: string): Promise<{ stampHeaderName: string; stampHeaderValue: string }>;
}

/** Throws a TypeError when the private key is malformed or does not match the public key. */
export function createApiKeyStamper(apiPublicKey: string, apiPrivateKey: string): Stamper {
  const publicKey = apiPublicKey.toLowerCase();
  const key = createPrivateKey({ key: p256PrivateKeyJwk(apiPrivateKey, publicKey) as never, format: 'jwk' });
  return {
    async stamp(payload) {
      const signature = sign('sha256', Buffer.from(payload, 'utf8'), key).toString('hex');
      return { stampHeaderName: 'X-Stamp', stampHeaderValue: encodeStampHeader({ publicKey, scheme: SCHEME_API_P256, signature }) };
    },
  };
}
