/**
 * Encryption at rest for mnemonics and private keys: AES-256-GCM under the master key.
 * The record id is bound as additional data, so a sealed value copied onto another row
 * does not open there.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface Sealer {
  seal(plaintext: Uint8Array, boundTo: string): string;
  open(sealed: string, boundTo: string): Uint8Array;
}

export function createSealer(masterKey: Uint8Array): Sealer {
  if (masterKey.length !== 32) throw new Error('master key must be 32 bytes');
  const key = Buffer.from(masterKey);
  return {
    seal(plaintext, boundTo) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(boundTo, 'utf8'));
      const ct = Buffer.concat([cipher.update(plaintext), cipher.final()]);
      return `${VERSION}.${Buffer.concat([iv, ct, cipher.getAuthTag()]).toString('base64')}`;
    },
    open(sealed, boundTo) {
      const [version, body] = sealed.split('.');
      if (version !== VERSION || !body) throw new Error('unknown sealed-value format');
      const buf = Buffer.from(body, 'base64');
      const iv = buf.subarray(0, IV_BYTES);
      const tag = buf.subarray(buf.length - TAG_BYTES);
      const decipher = createDecipheriv('aes-256-gcm', key, iv);
      decipher.setAAD(Buffer.from(boundTo, 'utf8'));
      decipher.setAuthTag(tag);
      return new Uint8Array(Buffer.concat([decipher.update(buf.subarray(IV_BYTES, buf.length - TAG_BYTES)), decipher.final()]));
    },
  };
}
