/**
 * Wallet signature verification as units, over recorded vectors: @turnkey/wallet-stamper's own
 * EVM vector (Hardhat #0 key, message "MESSAGE", turnkey-wire-logins.md §2.1) and the non-minimal
 * and high-S signatures in wire/test/vectors/der-signatures.json verify over their EIP-191 digest
 * and not over anything else; ed25519 the same over the raw bytes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { eip191Digest } from '@tkauth/wire';
import { verifyEd25519, verifyEip191 } from '../src/crypto/wallet-signatures.ts';
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
