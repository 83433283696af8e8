/** The backend's stamper writes what @turnkey/api-key-stamper writes, and its signatures verify. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { ApiKeyStamper } from '@turnkey/api-key-stamper';
import { createApiKeyStamper } from '../src/api-key-stamper.ts';

const decode = (v: string) => JSON.parse(Buffer.from(v, 'base64url').toString('utf8')) as { publicKey: string; scheme: string; signature: string };

test('same header name and fields as the official stamper; the DER signature verifies over the exact payload', async () => {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const jwk = privateKey.export({ format: 'jwk' });
  const y = Buffer.from(jwk.y!, 'base64url');
  const apiPublicKey = ((y[31]! & 1) === 1 ? '03' : '02') + Buffer.from(jwk.x!, 'base64url').toString('hex');
  const apiPrivateKey = Buffer.from(jwk.d!, 'base64url').toString('hex');
  const payload = JSON.stringify({ organizationId: 'o', parameters: { contact: 'é@例え.jp' } });
  const ours = await createApiKeyStamper(apiPublicKey, apiPrivateKey).stamp(payload);
  const theirs = await new ApiKeyStamper({ apiPublicKey, apiPrivateKey }).stamp(payload);
  assert.equal(ours.stampHeaderName, theirs.stampHeaderName);
  const [o, t] = [decode(ours.stampHeaderValue), decode(theirs.stampHeaderValue)];
  // ECDSA signatures are randomized; everything else is byte for byte the same, keys in the same order.
  assert.deepEqual(Object.keys(o), Object.keys(t));
  assert.equal(o.publicKey, t.publicKey);
  assert.equal(o.scheme, t.scheme);
  assert.ok(!ours.stampHeaderValue.includes('='));
  const pub = createPublicKey(privateKey);
  assert.ok(verify('sha256', Buffer.from(payload), pub, Buffer.from(o.signature, 'hex')));
  assert.ok(!verify('sha256', Buffer.from(payload + ' '), pub, Buffer.from(o.signature, 'hex')));
});

test('a private key that is not the public key\'s pair is refused when the stamper is made', () => {
  const a = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({ format: 'jwk' });
  const b = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({ format: 'jwk' });
  const pubA = ((Buffer.from(a.y!, 'base64url')[31]! & 1) === 1 ? '03' : '02') + Buffer.from(a.x!, 'base64url').toString('hex');
  assert.throws(() => createApiKeyStamper(pubA, Buffer.from(b.d!, 'base64url').toString('hex')), /does not belong/);
});
