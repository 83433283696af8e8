/**
 * Lenient DER (wire's derToCompact) over recorded vectors (test/vectors/der-signatures.json):
 * minimal, non-minimal (a leading zero kept, as @turnkey/crypto's toDerSignature writes about 1 in
 * 256) and high-S signatures read to the same r ‖ s; structurally broken ones are refused.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { derToCompact } from '../src/index.ts';

const vectors = JSON.parse(fs.readFileSync(new URL('./vectors/der-signatures.json', import.meta.url), 'utf8')) as {
  cases: { name: string; der: string; compact: string | null; strictParses?: boolean }[];
};

for (const c of vectors.cases) {
  test(`${c.name}`, () => {
    const got = derToCompact(Buffer.from(c.der, 'hex'));
    assert.equal(got === null ? null : Buffer.from(got).toString('hex'), c.compact);
    if (c.strictParses !== undefined) {
      // The leniency is needed exactly where a strict parser refuses.
      const strict = () => secp256k1.Signature.fromHex(c.der, 'der');
      if (c.strictParses) assert.equal(strict().toHex('compact'), c.compact);
      else assert.throws(strict);
    }
  });
}
