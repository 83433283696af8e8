/**
 * Wallet signature verification as units, over recorded vectors: @turnkey/wallet-stamper's own
 * EVM vector (Hardhat #0 key, message "MESSAGE", turnkey-wire-logins.md §2.1) and the non-minimal
 * and high-S signatures in wire/test/vectors/der-signatures.json verify over their EIP-191 digest
 * and not over anything else; ed25519 the same over the raw bytes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { ed25519 } from '@noble/curves/ed25519.js';
import { eip191Digest } from '@tkauth/wire';
import { isSmallOrderEd25519, verifyEd25519, verifyEip191 } from '@tkauth/wire/wallet-signatures';
import { solWallet } from './helpers/wallets.ts';

const vectors = JSON.parse(fs.readFileSync(new URL('../../wire/test/vectors/der-signatures.json', import.meta.url), 'utf8')) as {
  publicKey: string;
  cases: { name: string; der: string; compact: string | null; message?: string }[];
};
const utf8 = (s: string) => new TextEncoder().encode(s);

test('the official stamper\'s vector and the recorded non-minimal and high-S signatures verify, over their message only', () => {
  assert.equal(vectors.publicKey, '038318535b54105d4a7aae60c08fc45f9687181b4fdfc625bd1a753fa7397fed75');
  const signed = vectors.cases.filter((c) => c.compact !== null).map((c) => ({ ...c, message: c.message ?? 'MESSAGE' }));
  assert.equal(signed.length, 4);
  for (const c of signed) {
    assert.equal(verifyEip191(vectors.publicKey, c.der, utf8(c.message)), true, c.name);
    assert.equal(verifyEip191(vectors.publicKey, c.der, utf8(`${c.message}.`)), false, `${c.name}: another message`);
  }
  for (const c of vectors.cases.filter((c) => c.compact === null)) assert.equal(verifyEip191(vectors.publicKey, c.der, utf8('MESSAGE')), false, c.name);
});

test('EIP-191 digest: keccak256 of "\\x19Ethereum Signed Message:\\n" + byte length + message (viem hashMessage\'s answer for "hello")', () => {
  assert.equal(Buffer.from(eip191Digest(utf8('hello'))).toString('hex'), '50b2c43fd39106bafbba0da34fc430e1f91e3c96ea2acee2bc34119f92b37750');
});

test('ed25519: over the raw bytes, by the named key only', () => {
  const w = solWallet();
  const sig = JSON.parse(Buffer.from(w.stamp('body'), 'base64url').toString()).signature as string;
  assert.equal(verifyEd25519(w.publicKey, sig, utf8('body')), true);
  assert.equal(verifyEd25519(w.publicKey, sig, utf8('body ')), false);
  assert.equal(verifyEd25519(solWallet().publicKey, sig, utf8('body')), false);
  assert.equal(verifyEd25519('00'.repeat(31), sig, utf8('body')), false);
});

test('ed25519: no signature verifies under a key of small order — the 8 torsion points, either sign, and the forgery that works on the identity', () => {
  // The 8-torsion subgroup: multiples of a point of order 8.
  const order8 = ed25519.Point.fromHex('c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a');
  const torsion = Array.from({ length: 8 }, (_, i) => (i === 0 ? ed25519.Point.ZERO : order8.multiplyUnsafe(BigInt(i))));
  for (const p of torsion) {
    assert.ok(p.isSmallOrder());
    const bytes = p.toBytes();
    const flipped = Uint8Array.from(bytes);
    flipped[31]! ^= 0x80;
    assert.ok(isSmallOrderEd25519(bytes), p.toHex());
    assert.ok(isSmallOrderEd25519(flipped), `${p.toHex()} with the sign bit flipped`);
  }
  assert.equal(isSmallOrderEd25519(Buffer.from(solWallet().publicKey, 'hex')), false);
  // R = identity, S = 0: a valid signature of any message under the identity key, by the plain verification equation.
  const identity = '01'.padEnd(64, '0');
  const forged = `01${'00'.repeat(63)}`;
  assert.equal(ed25519.verify(Buffer.from(forged, 'hex'), utf8('anything'), Buffer.from(identity, 'hex')), true, 'the forgery is real (noble accepts it)');
  assert.equal(verifyEd25519(identity, forged, utf8('anything')), false);
});
