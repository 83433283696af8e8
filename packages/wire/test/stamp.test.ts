/** The X-Stamp header codec and the error list. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import { ApiKeyStamper } from '@turnkey/api-key-stamper';
import { ApiError, compressP256PublicKey, encodeStampHeader, errorList, p256PrivateKeyJwk, p256RawSignatureToDer, parseStampHeader, SCHEME_API_P256 } from '../src/index.ts';

test('stamps round-trip through the header encoding', () => {
  const hex = (n: number) => fc.uint8Array({ minLength: n, maxLength: n }).map((b) => Buffer.from(b).toString('hex'));
  fc.assert(
    fc.property(fc.constantFrom('02', '03'), hex(32), hex(70), (prefix, x, sig) => {
      const stamp = { publicKey: prefix + x, scheme: SCHEME_API_P256, signature: sig };
      const header = encodeStampHeader(stamp);
      assert.ok(!header.includes('='), 'no padding');
      assert.deepEqual(parseStampHeader(header), stamp);
    }),
  );
});

test('parses what @turnkey/api-key-stamper writes', async () => {
  const jwk = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({ format: 'jwk' });
  const y = Buffer.from(jwk.y!, 'base64url');
  const publicKey = ((y[31]! & 1) === 1 ? '03' : '02') + Buffer.from(jwk.x!, 'base64url').toString('hex');
  const { stampHeaderValue } = await new ApiKeyStamper({ apiPublicKey: publicKey, apiPrivateKey: Buffer.from(jwk.d!, 'base64url').toString('hex') }).stamp('{"a":1}');
  const stamp = parseStampHeader(stampHeaderValue);
  assert.equal(stamp.publicKey, publicKey);
  assert.equal(stamp.scheme, SCHEME_API_P256);
  assert.match(stamp.signature, /^30[0-9a-f]+$/);
});

test('every error code has a distinct, non-empty message and an HTTP status that fits its gRPC code', () => {
  const httpFor: Record<number, number[]> = { 3: [400], 5: [404], 6: [409], 7: [403], 8: [413, 429], 9: [400], 12: [415, 501], 13: [500, 502], 14: [503], 16: [401] };
  for (const [code, e] of Object.entries(errorList)) {
    assert.match(code, /^ERR_[A-Z0-9]+_[A-Z0-9_]+$/);
    assert.ok(e.message.length > 0);
    assert.ok(httpFor[e.grpc]!.includes(e.http), `${code}: gRPC ${e.grpc} with HTTP ${e.http}`);
    const body = new ApiError(code as keyof typeof errorList).toRpcStatus();
    assert.equal(body.code, e.grpc);
    assert.ok(body.details.some((d) => d.errorCode === code));
  }
});

test('p256PrivateKeyJwk: the pair node:crypto exports, and refuses a mismatched or malformed key', () => {
  const jwk = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({ format: 'jwk' });
  const y = Buffer.from(jwk.y!, 'base64url');
  const publicKey = ((y[31]! & 1) === 1 ? '03' : '02') + Buffer.from(jwk.x!, 'base64url').toString('hex');
  const d = Buffer.from(jwk.d!, 'base64url').toString('hex');
  assert.deepEqual(p256PrivateKeyJwk(d, publicKey), { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y, d: jwk.d });
  assert.equal(compressP256PublicKey(Buffer.from('04' + Buffer.from(jwk.x!, 'base64url').toString('hex') + y.toString('hex'), 'hex')), publicKey);
  const other = (publicKey.startsWith('02') ? '03' : '02') + publicKey.slice(2);
  assert.throws(() => p256PrivateKeyJwk(d, other), /does not belong/);
  assert.throws(() => p256PrivateKeyJwk('00'.repeat(32)), /not a P-256 scalar/);
  assert.throws(() => p256PrivateKeyJwk('zz'), /not a P-256 scalar/);
});

test('p256RawSignatureToDer writes the DER noble writes, for any r and s (short, high-bit, zero-led)', async () => {
  const { p256 } = await import('@noble/curves/nist.js');
  const scalar = fc.bigInt({ min: 1n, max: p256.Point.CURVE().n - 1n });
  fc.assert(
    fc.property(scalar, scalar, (r, s) => {
      const sig = new p256.Signature(r, s);
      const raw = sig.toBytes('compact');
      assert.deepEqual(Buffer.from(p256RawSignatureToDer(raw)).toString('hex'), Buffer.from(sig.toBytes('der')).toString('hex'));
    }),
    { numRuns: 500, examples: [[1n, 1n], [0x80n, 0xffn], [2n ** 255n, 2n ** 248n - 1n]] },
  );
  assert.throws(() => p256RawSignatureToDer(new Uint8Array(63)), /64 bytes/);
});
