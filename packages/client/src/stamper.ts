/**
 * X-Stamp over a key in a KeyStore (turnkey-wire.md §2.1): base64url JSON of
 * {publicKey, scheme, signature(DER hex)} — the bytes @turnkey/api-key-stamper writes, with the
 * private key kept where the key store keeps it. Plugs into @turnkey/http's TurnkeyClient.
 */
import { bytesToHex, encodeStampHeader, p256RawSignatureToDer, SCHEME_API_P256, utf8ToBytes } from '@tkauth/wire';
import type { KeyStore } from './keystore/key-store.ts';

export class KeyStoreStamper {
  constructor(
    private readonly keyStore: KeyStore,
    readonly publicKey: string,
  ) {}

  async stamp(payload: string): Promise<{ stampHeaderName: string; stampHeaderValue: string }> {
    const raw = await this.keyStore.sign(this.publicKey, utf8ToBytes(payload));
    const signature = bytesToHex(p256RawSignatureToDer(raw));
    return { stampHeaderName: 'X-Stamp', stampHeaderValue: encodeStampHeader({ publicKey: this.publicKey, scheme: SCHEME_API_P256, signature }) };
  }
}
