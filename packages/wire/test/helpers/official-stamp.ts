/**
 * The judge for our stampers: @turnkey/api-key-stamper with the same key on the same payload.
 * ECDSA is randomized, so everything but the signature must be byte for byte the same (header
 * name, JSON fields in the same order, no base64 padding), and both signatures must verify over
 * the exact payload — and not over another one.
 */
import assert from 'node:assert/strict';
import { createPrivateKey, createPublicKey, verify } from 'node:crypto';
import { ApiKeyStamper } from '@turnkey/api-key-stamper';
import { p256PrivateKeyJwk } from '../../src/index.ts';

type Stamp = { stampHeaderName: string; stampHeaderValue: string };
const decode = (v: string) => JSON.parse(Buffer.from(v, 'base64url').toString('utf8')) as Record<string, string>;

export async function assertStampsLikeOfficial(ours: Stamp, payload: string, publicKey: string, privateKeyHex: string): Promise<void> {
  const theirs = await new ApiKeyStamper({ apiPublicKey: publicKey, apiPrivateKey: privateKeyHex }).stamp(payload);
  assert.equal(ours.stampHeaderName, theirs.stampHeaderName);
  const [o, t] = [decode(ours.stampHeaderValue), decode(theirs.stampHeaderValue)];
  assert.deepEqual(Object.keys(o), Object.keys(t));
  assert.equal(o.publicKey, t.publicKey);
  assert.equal(o.scheme, t.scheme);
  assert.match(o.signature!, /^30[0-9a-f]+$/);
  assert.ok(!ours.stampHeaderValue.includes('='));
  const pub = createPublicKey(createPrivateKey({ key: p256PrivateKeyJwk(privateKeyHex) as never, format: 'jwk' }));
  assert.ok(verify('sha256', Buffer.from(payload), pub, Buffer.from(o.signature!, 'hex')), 'our signature verifies');
  assert.ok(verify('sha256', Buffer.from(payload), pub, Buffer.from(t.signature!, 'hex')), 'the official one verifies with the same key');
  assert.ok(!verify('sha256', Buffer.from(payload + ' '), pub, Buffer.from(o.signature!, 'hex')), 'ours does not verify over other bytes');
}
