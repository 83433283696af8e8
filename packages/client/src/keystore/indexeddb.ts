/**
 * Browser key store: each private key is a non-extractable WebCrypto CryptoKey, stored as the
 * CryptoKey object itself in IndexedDB (structured clone keeps the non-extractable flag), so the
 * key bytes are never visible to page script — the browser's counterpart of a Secure Enclave key.
 */
import type { KeyStore } from './key-store.ts';
import { KeyNotFoundError, StorageError } from '../errors.ts';
import { compressedPublicKey, generateP256, signP256 } from './webcrypto.ts';

const STORE = 'keys';

interface Row {
  publicKey: string;
  privateKey: CryptoKey;
}

function done<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

export class IndexedDbKeyStore implements KeyStore {
  private db: Promise<IDBDatabase> | undefined;
  private readonly cache = new Map<string, CryptoKey>();

  constructor(readonly dbName = 'tkauth-keys') {}

  private open(): Promise<IDBDatabase> {
    this.db ??= new Promise((resolve, reject) => {
      const req = indexedDB.open(this.dbName, 1);
      req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: 'publicKey' });
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(new StorageError('could not open IndexedDB', req.error));
    });
    return this.db;
  }

  private async store(mode: IDBTransactionMode): Promise<IDBObjectStore> {
    return (await this.open()).transaction(STORE, mode).objectStore(STORE);
  }

  async createKey(): Promise<string> {
    const pair = await generateP256(false);
    const publicKey = await compressedPublicKey(pair.publicKey);
    try {
      await done((await this.store('readwrite')).put({ publicKey, privateKey: pair.privateKey } satisfies Row));
    } catch (e) {
      throw new StorageError('could not store the key in IndexedDB', e);
    }
    this.cache.set(publicKey, pair.privateKey);
    return publicKey;
  }

  /** The stored CryptoKey (non-extractable); exposed so a page can show it cannot be exported. */
  async privateKey(publicKey: string): Promise<CryptoKey> {
    const cached = this.cache.get(publicKey);
    if (cached) return cached;
    const row = (await done((await this.store('readonly')).get(publicKey))) as Row | undefined;
    if (!row) throw new KeyNotFoundError(publicKey);
    this.cache.set(publicKey, row.privateKey);
    return row.privateKey;
  }

  async sign(publicKey: string, data: Uint8Array): Promise<Uint8Array> {
    return signP256(await this.privateKey(publicKey), data);
  }

  async hasKey(publicKey: string): Promise<boolean> {
    if (this.cache.has(publicKey)) return true;
    return (await done((await this.store('readonly')).count(publicKey))) > 0;
  }

  async deleteKey(publicKey: string): Promise<void> {
    this.cache.delete(publicKey);
    await done((await this.store('readwrite')).delete(publicKey));
  }

  async listKeys(): Promise<string[]> {
    return (await done((await this.store('readonly')).getAllKeys())) as string[];
  }
}
