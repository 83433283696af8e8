/** The backend's stamper writes what @turnkey/api-key-stamper writes, and its signatures verify. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateP256KeyPair } from '@turnkey/crypto';
import { createApiKeyStamper } from '../src/api-key-stamper.ts';
import { assertStampsLikeOfficial } from '../../wire/test/helpers/official-stamp.ts';

test('same header name and fields as the official stamper; the DER signature verifies over the exact payload', async () => {
  const { publicKey, privateKey } = generateP256KeyPair();
  const payload = JSON.stringify({ organizationId: 'o', parameters: { contact: 'é@例え.jp' } });
  await assertStampsLikeOfficial(await createApiKeyStamper(publicKey, privateKey).stamp(payload), payload, publicKey, privateKey);
});

test("a private key that is not the public key's pair is refused when the stamper is made", () => {
  const a = generateP256KeyPair();
  const b = generateP256KeyPair();
  assert.throws(() => createApiKeyStamper(a.publicKey, b.privateKey), /does not belong/);
});
