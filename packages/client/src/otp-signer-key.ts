/**
 * Which key the device trusts to have signed initOtp's target bundle (the API's TLS-fetcher
 * signing key). @turnkey/core 2.x trusts only Turnkey's production key, so it cannot log in
 * against a self-hosted API; here the key is, in order: the app's `otpSignerPublicKey`, the one a
 * tkauth local API publishes at /.well-known/tkauth.json, Turnkey's production key.
 */
import { PRODUCTION_TLS_FETCHER_SIGN_PUBLIC_KEY } from '@turnkey/crypto';

/** Uncompressed P-256 public key, hex (what @turnkey/crypto's override arguments take). */
export const UNCOMPRESSED_P256 = /^04[0-9a-fA-F]{128}$/;

export interface OtpSignerKeyConfig {
  apiBaseUrl: string;
  otpSignerPublicKey?: string;
  fetch?: typeof fetch;
}

export class OtpSignerKey {
  private discovered: Promise<string | undefined> | undefined;

  constructor(private readonly config: OtpSignerKeyConfig) {}

  async get(): Promise<string> {
    if (this.config.otpSignerPublicKey) return this.config.otpSignerPublicKey;
    // Only a published key is kept: an API that did not answer is asked again next time.
    this.discovered ??= this.discover().then((key) => {
      if (!key) this.discovered = undefined;
      return key;
    });
    return (await this.discovered) ?? PRODUCTION_TLS_FETCHER_SIGN_PUBLIC_KEY;
  }

  private async discover(): Promise<string | undefined> {
    try {
      const res = await (this.config.fetch ?? fetch)(`${this.config.apiBaseUrl.replace(/\/+$/, '')}/.well-known/tkauth.json`, { signal: AbortSignal.timeout(3000) });
      if (!res.ok) return undefined;
      const key = ((await res.json()) as { tlsFetcherSignPublicKey?: unknown }).tlsFetcherSignPublicKey;
      return typeof key === 'string' && UNCOMPRESSED_P256.test(key) ? key : undefined;
    } catch {
      return undefined;
    }
  }
}
