/** Keys held in memory only, non-extractable: for tests and for apps that want no persistence. */
import type { KeyStore } from './key-store.ts';
import { KeyNotFoundError } from '../errors.ts';
import { compressedPublicKey, generateP256, signP256 } from './webcrypto.ts';

export class MemoryKeyStore implements KeyStore {
  protected readonly keys = new Map<string, CryptoKey>();

  async createKey(): Promise<string> {
    const pair = await generateP256(false);
    const publicKey = await compressedPublicKey(pair.publicKey);
    this.keys.set(publicKey, pair.privateKey);
    return publicKey;
  }

  async sign(publicKey: string, data: Uint8Array): Promise<Uint8Array> {
    const key = this.keys.get(publicKey);
    if (!key) throw new KeyNotFoundError(publicKey);
    return signP256(key, data);
  }

  async hasKey(publicKey: string): Promise<boolean> {
    return this.keys.has(publicKey);
  }

  async deleteKey(publicKey: string): Promise<void> {
    this.keys.delete(publicKey);
  }

  async listKeys(): Promise<string[]> {
    return [...this.keys.keys()];
  }
}
