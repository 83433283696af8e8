/** Our stamper writes what @turnkey/api-key-stamper writes, over a key the store keeps. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createPrivateKey, createPublicKey, verify } from 'node:crypto';
import { ApiKeyStamper } from '@turnkey/api-key-stamper';
import { KeyStoreStamper } from '../src/index.ts';
import { FileKeyStore } from '../src/keystore/file.ts';

const decode = (v: string) => JSON.parse(Buffer.from(v, 'base64url').toString('utf8')) as Record<string, string>;

test('same header, same fields in the same order; the DER signature verifies over the exact payload', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tkauth-stamper-'));
  const store = new FileKeyStore({ dir });
  const publicKey = await store.createKey();
  // The unsealed file store keeps PKCS#8: the official stamper gets the same key as a hex scalar.
  const pkcs8 = Buffer.from(JSON.parse(fs.readFileSync(path.join(dir, `${publicKey}.json`), 'utf8')).pkcs8, 'base64');
  const privateKey = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
  const d = Buffer.from(privateKey.export({ format: 'jwk' }).d!, 'base64url').toString('hex');

  for (const payload of ['{}', JSON.stringify({ organizationId: 'o', parameters: { message: 'é ✓ 例' } }), 'x'.repeat(10_000)]) {
    const ours = await new KeyStoreStamper(store, publicKey).stamp(payload);
    const theirs = await new ApiKeyStamper({ apiPublicKey: publicKey, apiPrivateKey: d }).stamp(payload);
    assert.equal(ours.stampHeaderName, theirs.stampHeaderName);
    const [o, t] = [decode(ours.stampHeaderValue), decode(theirs.stampHeaderValue)];
    assert.deepEqual(Object.keys(o), Object.keys(t));
    assert.equal(o.publicKey, t.publicKey);
    assert.equal(o.scheme, t.scheme);
    assert.match(o.signature!, /^30[0-9a-f]+$/);
    assert.ok(!ours.stampHeaderValue.includes('='));
    const pub = createPublicKey(privateKey);
    assert.ok(verify('sha256', Buffer.from(payload), pub, Buffer.from(o.signature!, 'hex')), 'our signature verifies');
    assert.ok(verify('sha256', Buffer.from(payload), pub, Buffer.from(t.signature!, 'hex')), 'theirs verifies with the same key');
  }
});
