/** Our stamper writes what @turnkey/api-key-stamper writes, over a key the store keeps. */
import { test } from 'node:test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createPrivateKey } from 'node:crypto';
import { KeyStoreStamper } from '../src/index.ts';
import { FileKeyStore } from '../src/keystore/file.ts';
import { assertStampsLikeOfficial } from '../../wire/test/helpers/official-stamp.ts';

test('same header, same fields in the same order; the DER signature verifies over the exact payload', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tkauth-stamper-'));
  const store = new FileKeyStore({ dir });
  const publicKey = await store.createKey();
  // The unsealed file store keeps PKCS#8: the official stamper gets the same key as a hex scalar.
  const pkcs8 = Buffer.from(JSON.parse(fs.readFileSync(path.join(dir, `${publicKey}.json`), 'utf8')).pkcs8, 'base64');
  const d = Buffer.from(createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' }).export({ format: 'jwk' }).d!, 'base64url').toString('hex');
  for (const payload of ['{}', JSON.stringify({ organizationId: 'o', parameters: { message: 'é ✓ 例' } }), 'x'.repeat(10_000)]) {
    await assertStampsLikeOfficial(await new KeyStoreStamper(store, publicKey).stamp(payload), payload, publicKey, d);
  }
});
