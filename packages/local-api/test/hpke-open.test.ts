/** Our HPKE open against @turnkey/crypto: what its hpkeEncrypt seals, we open; what it would refuse, we refuse. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { generateP256KeyPair, hpkeDecrypt, hpkeEncrypt, uncompressRawPublicKey } from '@turnkey/crypto';
import { hpkeOpen, KEY_SCHEDULE_CONTEXT } from '../src/otp/hpke-open.ts';

const hex = (s: string) => Uint8Array.from(Buffer.from(s, 'hex'));

/**
 * hpkeEncrypt returns the compressed encapsulated key ‖ ciphertext, having used the uncompressed
 * key in the KEM context and AAD (RFC 9180's serialization); bundles carry it uncompressed.
 */
function seal(plain: Uint8Array, receiverPublicUncompressed: string) {
  const out = hpkeEncrypt({ plainTextBuf: plain, targetKeyBuf: hex(receiverPublicUncompressed) });
  return { enc: uncompressRawPublicKey(out.subarray(0, 33)), ciphertext: out.subarray(33) };
}

test('the key-schedule context is the one @turnkey/crypto precomputes into its AES key and nonce labels', async () => {
  // Not an exported subpath: read from the installed package itself.
  const dist = path.dirname(createRequire(import.meta.url).resolve('@turnkey/crypto'));
  const constants = (await import(pathToFileURL(path.join(dist, 'constants.mjs')).href)) as { AES_KEY_INFO: Uint8Array; IV_INFO: Uint8Array };
  assert.deepEqual(Buffer.from(constants.AES_KEY_INFO.subarray(constants.AES_KEY_INFO.length - 65)), KEY_SCHEDULE_CONTEXT);
  assert.deepEqual(Buffer.from(constants.IV_INFO.subarray(constants.IV_INFO.length - 65)), KEY_SCHEDULE_CONTEXT);
});

test('opens what @turnkey/crypto seals, for any plaintext; agrees with its hpkeDecrypt', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 300 }), (plain) => {
      const receiver = generateP256KeyPair();
      const { enc, ciphertext } = seal(plain, receiver.publicKeyUncompressed);
      const ours = hpkeOpen(ciphertext, enc, hex(receiver.privateKey));
      assert.deepEqual(Buffer.from(ours), Buffer.from(plain));
      assert.deepEqual(Buffer.from(hpkeDecrypt({ ciphertextBuf: ciphertext, encappedKeyBuf: enc, receiverPriv: receiver.privateKey })), Buffer.from(plain));
    }),
    { numRuns: 40 },
  );
});

test('refuses a wrong key, a flipped byte, a truncated ciphertext and another encapsulated key', () => {
  const receiver = generateP256KeyPair();
  const { enc, ciphertext } = seal(new TextEncoder().encode('{"otp_code":"123456"}'), receiver.publicKeyUncompressed);
  const other = generateP256KeyPair();
  assert.throws(() => hpkeOpen(ciphertext, enc, hex(other.privateKey)));
  const flipped = Uint8Array.from(ciphertext);
  flipped[3]! ^= 1;
  assert.throws(() => hpkeOpen(flipped, enc, hex(receiver.privateKey)));
  assert.throws(() => hpkeOpen(ciphertext.subarray(0, 10), enc, hex(receiver.privateKey)));
  assert.throws(() => hpkeOpen(ciphertext, hex(other.publicKey), hex(receiver.privateKey)));
});
