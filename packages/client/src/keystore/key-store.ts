/**
 * Where the device's P-256 keys live. The private half never leaves the store: the platform
 * stores generate it non-extractable where they can (WebCrypto in browsers, IndexedDB keeping
 * the CryptoKey itself), and every caller only ever gets the compressed public key and signatures.
 */
export interface KeyStore {
  /** Generates a key pair; returns its compressed public key (66 hex characters). */
  createKey(): Promise<string>;
  /** ECDSA P-256 / SHA-256 over `data`; raw r‖s, 64 bytes. Throws KeyNotFoundError. */
  sign(publicKey: string, data: Uint8Array): Promise<Uint8Array>;
  hasKey(publicKey: string): Promise<boolean>;
  /** Deleting a key that is not there is not an error. */
  deleteKey(publicKey: string): Promise<void>;
  listKeys(): Promise<string[]>;
}
