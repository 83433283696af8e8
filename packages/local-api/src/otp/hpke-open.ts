/**
 * HPKE open, RFC 9180 base mode, DHKEM(P-256, HKDF-SHA256) / HKDF-SHA256 / AES-256-GCM, with
 * Turnkey's info ("turnkey_hpke") and AAD (encapsulated key ‖ receiver public key) — the bytes @turnkey/crypto's
 * hpkeDecrypt reads, computed with OpenSSL: its JavaScript curve spent ~6 ms per bundle here, most
 * of an OTP login's CPU. Checked against @turnkey/crypto (its encryption, its precomputed labels).
 */
import { createDecipheriv, createECDH, createHmac } from 'node:crypto';

const V1 = Buffer.from('HPKE-v1');
const KEM_SUITE = Buffer.from([0x4b, 0x45, 0x4d, 0x00, 0x10]); // "KEM" ‖ DHKEM(P-256, HKDF-SHA256)
const HPKE_SUITE = Buffer.from([0x48, 0x50, 0x4b, 0x45, 0x00, 0x10, 0x00, 0x01, 0x00, 0x02]); // "HPKE" ‖ KEM ‖ HKDF-SHA256 ‖ AES-256-GCM

const hmac = (key: Buffer, ...data: Buffer[]) => {
  const h = createHmac('sha256', key);
  for (const d of data) h.update(d);
  return h.digest();
};
/** RFC 9180 §4: LabeledExtract(salt, label, ikm). An empty salt is HMAC's all-zero key (RFC 5869 §2.2). */
const labeledExtract = (suite: Buffer, salt: Buffer, label: string, ikm: Buffer) => hmac(salt, V1, suite, Buffer.from(label), ikm);
/** RFC 9180 §4: LabeledExpand(prk, label, info, L), L ≤ 32 (one HKDF-Expand block). */
const labeledExpand = (suite: Buffer, prk: Buffer, label: string, info: Buffer, length: number) =>
  hmac(prk, Buffer.from([0, length]), V1, suite, Buffer.from(label), info, Buffer.from([1])).subarray(0, length);

const EMPTY = Buffer.alloc(0);
// RFC 9180 §5.1, base mode (no PSK), info "turnkey_hpke": 0x00 ‖ psk_id_hash ‖ info_hash — the
// context @turnkey/crypto bakes into its precomputed key and nonce labels (checked by a test).
const INFO = Buffer.from('turnkey_hpke');
export const KEY_SCHEDULE_CONTEXT = Buffer.concat([Buffer.from([0]), labeledExtract(HPKE_SUITE, EMPTY, 'psk_id_hash', EMPTY), labeledExtract(HPKE_SUITE, EMPTY, 'info_hash', INFO)]);

/** The plaintext; throws when the ciphertext does not open under this key (wrong key, tampered, truncated). */
export function hpkeOpen(ciphertext: Uint8Array, encapsulatedKey: Uint8Array, receiverPrivateKey: Uint8Array): Uint8Array {
  const ecdh = createECDH('prime256v1');
  ecdh.setPrivateKey(Buffer.from(receiverPrivateKey));
  const enc = Buffer.from(encapsulatedKey);
  const dh = ecdh.computeSecret(enc); // the x-coordinate: DHKEM's Diffie-Hellman output
  const receiverPublic = ecdh.getPublicKey();
  const kemContext = Buffer.concat([enc, receiverPublic]);
  const sharedSecret = labeledExpand(KEM_SUITE, labeledExtract(KEM_SUITE, EMPTY, 'eae_prk', dh), 'shared_secret', kemContext, 32);
  const secret = labeledExtract(HPKE_SUITE, sharedSecret, 'secret', EMPTY);
  const key = labeledExpand(HPKE_SUITE, secret, 'key', KEY_SCHEDULE_CONTEXT, 32);
  const nonce = labeledExpand(HPKE_SUITE, secret, 'base_nonce', KEY_SCHEDULE_CONTEXT, 12);
  const ct = Buffer.from(ciphertext);
  if (ct.length < 16) throw new Error('ciphertext shorter than its tag');
  const decipher = createDecipheriv('aes-256-gcm', key, nonce).setAAD(kemContext);
  decipher.setAuthTag(ct.subarray(ct.length - 16));
  return new Uint8Array(Buffer.concat([decipher.update(ct.subarray(0, ct.length - 16)), decipher.final()]));
}
