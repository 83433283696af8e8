/** Known-answer vectors for the wallet code (test/vectors/, named after their source). */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { HDKey } from '@scure/bip32';
import { entropyToMnemonic } from '@scure/bip39';
import { wordlist } from '@scure/bip39/wordlists/english.js';
import { bech32 } from '@scure/base';
import { isValidMnemonic, mnemonicToSeed, newMnemonic } from '../src/wallets/mnemonic.ts';
import { checkAccountParams, deriveAccount } from '../src/wallets/derive-account.ts';
import { deriveEd25519 } from '../src/wallets/slip10-ed25519.ts';
import { toChecksumAddress } from '../src/wallets/addresses.ts';
import { parsePath } from '../src/wallets/path.ts';
import { deriveSecp256k1 } from '../src/wallets/bip32-secp256k1.ts';
import fc from 'fast-check';

const vector = (name: string) => JSON.parse(readFileSync(new URL(`./vectors/${name}`, import.meta.url), 'utf8'));
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('wallet vectors', () => {
  test('BIP-39 (Trezor vectors): entropy → mnemonic → seed', () => {
    for (const v of vector('bip39-trezor.json').vectors) {
      assert.equal(entropyToMnemonic(Buffer.from(v.entropy, 'hex'), wordlist), v.mnemonic);
      assert.ok(isValidMnemonic(v.mnemonic));
      assert.equal(hex(mnemonicToSeed(v.mnemonic, 'TREZOR')), v.seed);
    }
  });

  test('BIP-32 vector 1, through our derivation', () => {
    const v = vector('bip32-vector1.json');
    const master = HDKey.fromMasterSeed(Buffer.from(v.seed, 'hex'));
    for (const c of v.chains) {
      assert.equal(master.derive(c.path).privateExtendedKey, c.xprv);
      // The xprv serialises the chain code and key; ours must give the same two.
      const ours = deriveSecp256k1(Buffer.from(v.seed, 'hex'), c.path);
      const decoded = HDKey.fromExtendedKey(c.xprv);
      assert.equal(hex(ours.privateKey), hex(decoded.privateKey!));
      assert.equal(hex(ours.chainCode), hex(decoded.chainCode!));
      assert.equal(hex(ours.publicKey), hex(decoded.publicKey!));
    }
  });

  test('our BIP-32 agrees with @scure/bip32 on random seeds and paths (hardened and not)', () => {
    const segment = fc.tuple(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.boolean()).map(([i, h]) => `${i}${h ? "'" : ''}`);
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 64 }), fc.array(segment, { maxLength: 6 }), (seed, segs) => {
        const path = ['m', ...segs].join('/');
        const ref = HDKey.fromMasterSeed(seed).derive(path);
        const ours = deriveSecp256k1(seed, path);
        assert.equal(hex(ours.privateKey), hex(ref.privateKey!));
        assert.equal(hex(ours.publicKey), hex(ref.publicKey!));
      }),
      { numRuns: 100 },
    );
  });

  test('SLIP-10 ed25519 vector 1', () => {
    const v = vector('slip10-ed25519-vector1.json');
    for (const c of v.chains) {
      const node = deriveEd25519(Buffer.from(v.seed, 'hex'), c.path);
      assert.equal(hex(node.chainCode), c.chainCode);
      assert.equal(hex(node.privateKey), c.privateKey);
      assert.equal(hex(node.publicKey), c.publicKey);
    }
  });

  test('EIP-55 checksums', () => {
    for (const a of vector('eip55.json').addresses) assert.equal(toChecksumAddress(a.toLowerCase()), a);
  });

  test("'abandon … about' gives the known ETH, SOL and Bitcoin addresses", () => {
    const v = vector('abandon-about-addresses.json');
    const seed = mnemonicToSeed(v.mnemonic);
    for (const a of v.accounts) {
      assert.equal(deriveAccount(seed, { ...a, pathFormat: 'PATH_FORMAT_BIP32' }).address, a.address, a.path);
    }
  });

  test('testnet P2WPKH carries the same witness program as mainnet', () => {
    const seed = mnemonicToSeed(vector('abandon-about-addresses.json').mnemonic);
    const p = { curve: 'CURVE_SECP256K1', pathFormat: 'PATH_FORMAT_BIP32', path: "m/84'/1'/0'/0/0" };
    const main = bech32.decode(deriveAccount(seed, { ...p, addressFormat: 'ADDRESS_FORMAT_BITCOIN_MAINNET_P2WPKH' }).address as `${string}1${string}`);
    const testnet = bech32.decode(deriveAccount(seed, { ...p, addressFormat: 'ADDRESS_FORMAT_BITCOIN_TESTNET_P2WPKH' }).address as `${string}1${string}`);
    assert.equal(testnet.prefix, 'tb');
    assert.deepEqual(testnet.words, main.words);
  });

  test('compressed / uncompressed formats are the account public key', () => {
    const seed = mnemonicToSeed(vector('abandon-about-addresses.json').mnemonic);
    const p = { curve: 'CURVE_SECP256K1', pathFormat: 'PATH_FORMAT_BIP32', path: "m/44'/60'/0'/0/0" };
    const c = deriveAccount(seed, { ...p, addressFormat: 'ADDRESS_FORMAT_COMPRESSED' });
    const u = deriveAccount(seed, { ...p, addressFormat: 'ADDRESS_FORMAT_UNCOMPRESSED' });
    assert.equal(c.address, c.publicKey);
    assert.match(c.address, /^0[23][0-9a-f]{64}$/);
    assert.match(u.address, /^04[0-9a-f]{128}$/);
    assert.equal(u.address.slice(2, 66), c.address.slice(2));
  });

  test('new mnemonics are valid and of the asked length', () => {
    for (const words of [12, 15, 18, 21, 24]) {
      const m = newMnemonic(words);
      assert.equal(m.split(' ').length, words);
      assert.ok(isValidMnemonic(m));
    }
    assert.notEqual(newMnemonic(12), newMnemonic(12));
    assert.throws(() => newMnemonic(13), RangeError);
  });

  test('paths and curve/format combinations are checked', () => {
    assert.deepEqual(parsePath("m/44'/60h/0"), [0x8000002c, 0x8000003c, 0]);
    for (const bad of ['44/60', 'm/x', "m/4294967296'", 'm//0']) assert.throws(() => parsePath(bad), RangeError, bad);
    const ok = { curve: 'CURVE_ED25519', pathFormat: 'PATH_FORMAT_BIP32', path: "m/44'/501'/0'/0'", addressFormat: 'ADDRESS_FORMAT_SOLANA' };
    assert.doesNotThrow(() => checkAccountParams(ok));
    assert.throws(() => checkAccountParams({ ...ok, path: "m/44'/501'/0'/0" }), /hardened/);
    assert.throws(() => checkAccountParams({ ...ok, addressFormat: 'ADDRESS_FORMAT_ETHEREUM' }), /CURVE_ED25519 with ADDRESS_FORMAT_ETHEREUM/);
    assert.throws(() => checkAccountParams({ ...ok, curve: 'CURVE_P256' }), /curve CURVE_P256/);
  });
});
