/** Encryption at rest: AES-256-GCM, bound to the row it belongs to. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { createSealer } from '../src/crypto/sealer.ts';

test('seal/open round-trips any bytes, and refuses another row, another key or a flipped bit', () => {
  const sealer = createSealer(randomBytes(32));
  const other = createSealer(randomBytes(32));
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 256 }), fc.uuid(), (data, id) => {
      const sealed = sealer.seal(data, id);
      assert.deepEqual(sealer.open(sealed, id), data);
      assert.throws(() => sealer.open(sealed, id + 'x'));
      assert.throws(() => other.open(sealed, id));
      const raw = Buffer.from(sealed.slice(3), 'base64');
      raw[raw.length - 1]! ^= 1;
      assert.throws(() => sealer.open(`v1.${raw.toString('base64')}`, id));
    }),
    { numRuns: 200 },
  );
  assert.notEqual(sealer.seal(new Uint8Array([1]), 'a'), sealer.seal(new Uint8Array([1]), 'a'), 'fresh IV each time');
});
