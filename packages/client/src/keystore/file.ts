/**
 * Node key store: one file per key in a directory (default `~/.tkauth/keys`), directory 0700,
 * files 0600, written atomically. With a passphrase each private key is sealed with AES-256-GCM
 * under a key derived by scrypt (its own salt per file), the public key as associated data so a
 * file cannot be renamed onto another key. Keys are imported non-extractable when first used.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createCipheriv, createDecipheriv, randomBytes, scrypt } from 'node:crypto';
import { COMPRESSED_P256 } from '@tkauth/wire';
import { writeSecretFile } from '@tkauth/wire/secret-file';
import type { KeyStore } from './key-store.ts';
import { KeyNotFoundError, KeystorePassphraseError, StorageError } from '../errors.ts';
import { compressedPublicKey, ECDSA_P256, generateP256, signP256 } from './webcrypto.ts';

// scrypt cost: 2^15 × 8 × 128 B = 32 MiB and ~0.1 s per key, paid once per key per process.
const SCRYPT = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

interface KeyFile {
  version: 1;
  publicKey: string;
  /** PKCS#8, base64 — only when no passphrase is set. */
  pkcs8?: string;
  sealed?: { kdf: 'scrypt'; salt: string; N: number; r: number; p: number; iv: string; ciphertext: string };
}

export interface FileKeyStoreOptions {
  /** Directory of the key files. */
  dir: string;
  /** Seals every key written from now on, and opens sealed ones. */
  passphrase?: string;
}

const deriveKey = (passphrase: string, salt: Buffer, params: { N: number; r: number; p: number }) =>
  new Promise<Buffer>((resolve, reject) =>
    scrypt(passphrase.normalize('NFKC'), salt, 32, { ...params, maxmem: SCRYPT.maxmem }, (err, key) => (err ? reject(err) : resolve(key))),
  );

export class FileKeyStore implements KeyStore {
  private readonly loaded = new Map<string, CryptoKey>();
  private readonly dir: string;
  private readonly passphrase: string | undefined;

  constructor(options: FileKeyStoreOptions) {
    this.dir = options.dir;
    this.passphrase = options.passphrase;
  }

  private file(publicKey: string): string {
    // Names come from our own hex keys; anything else must never become a path.
    if (!COMPRESSED_P256.test(publicKey)) throw new KeyNotFoundError(publicKey);
    return path.join(this.dir, `${publicKey}.json`);
  }

  async createKey(): Promise<string> {
    // Extractable once, to be written; every later use goes through a non-extractable import.
    const pair = await generateP256(true);
    const publicKey = await compressedPublicKey(pair.publicKey);
    const pkcs8 = Buffer.from(await crypto.subtle.exportKey('pkcs8', pair.privateKey));
    const record: KeyFile = { version: 1, publicKey, ...(this.passphrase ? { sealed: await this.seal(pkcs8, publicKey) } : { pkcs8: pkcs8.toString('base64') }) };
    pkcs8.fill(0);
    try {
      fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
      writeSecretFile(this.file(publicKey), JSON.stringify(record) + '\n');
    } catch (e) {
      throw new StorageError(`could not write the key file in ${this.dir}`, e);
    }
    return publicKey;
  }

  private async seal(pkcs8: Buffer, publicKey: string): Promise<NonNullable<KeyFile['sealed']>> {
    const salt = randomBytes(16);
    const iv = randomBytes(12);
    const key = await deriveKey(this.passphrase!, salt, SCRYPT);
    const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(Buffer.from(publicKey));
    const ciphertext = Buffer.concat([cipher.update(pkcs8), cipher.final(), cipher.getAuthTag()]);
    return { kdf: 'scrypt', salt: salt.toString('base64'), N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p, iv: iv.toString('base64'), ciphertext: ciphertext.toString('base64') };
  }

  private async open(record: KeyFile): Promise<Buffer> {
    if (record.pkcs8) return Buffer.from(record.pkcs8, 'base64');
    const s = record.sealed;
    if (!s || !this.passphrase) throw new KeystorePassphraseError();
    const key = await deriveKey(this.passphrase, Buffer.from(s.salt, 'base64'), s);
    const data = Buffer.from(s.ciphertext, 'base64');
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(s.iv, 'base64')).setAAD(Buffer.from(record.publicKey));
      decipher.setAuthTag(data.subarray(data.length - 16));
      return Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]);
    } catch {
      throw new KeystorePassphraseError();
    }
  }

  private async load(publicKey: string): Promise<CryptoKey> {
    const cached = this.loaded.get(publicKey);
    if (cached) return cached;
    let record: KeyFile;
    try {
      record = JSON.parse(fs.readFileSync(this.file(publicKey), 'utf8')) as KeyFile;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT' || e instanceof KeyNotFoundError) throw new KeyNotFoundError(publicKey);
      throw new StorageError(`could not read the key file for ${publicKey.slice(0, 10)}…`, e);
    }
    if (record.publicKey !== publicKey) throw new StorageError(`key file for ${publicKey.slice(0, 10)}…`, new Error('holds another key'));
    const pkcs8 = await this.open(record);
    const key = await crypto.subtle.importKey('pkcs8', pkcs8 as unknown as BufferSource, ECDSA_P256, false, ['sign']);
    pkcs8.fill(0);
    this.loaded.set(publicKey, key);
    return key;
  }

  async sign(publicKey: string, data: Uint8Array): Promise<Uint8Array> {
    return signP256(await this.load(publicKey), data);
  }

  async hasKey(publicKey: string): Promise<boolean> {
    return COMPRESSED_P256.test(publicKey) && fs.existsSync(this.file(publicKey));
  }

  async deleteKey(publicKey: string): Promise<void> {
    this.loaded.delete(publicKey);
    if (!COMPRESSED_P256.test(publicKey)) return;
    fs.rmSync(this.file(publicKey), { force: true });
  }

  async listKeys(): Promise<string[]> {
    if (!fs.existsSync(this.dir)) return [];
    return fs
      .readdirSync(this.dir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => f.slice(0, -5))
      .filter((k) => COMPRESSED_P256.test(k));
  }
}
