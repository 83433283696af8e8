/** The shared key-store suite on the memory and file stores, and what only the file store promises. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MemoryKeyStore } from '../src/index.ts';
import { FileKeyStore } from '../src/keystore/file.ts';
import { keyStoreChecks } from './helpers/keystore-suite.ts';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'tkauth-keys-'));

const suites = {
  memory: keyStoreChecks(async () => new MemoryKeyStore()),
  file: keyStoreChecks(
    async () => new FileKeyStore({ dir: path.join(tmp(), 'keys') }),
    async (s) => new FileKeyStore({ dir: (s as unknown as { dir: string }).dir }),
  ),
  'file with passphrase': keyStoreChecks(
    async () => new FileKeyStore({ dir: path.join(tmp(), 'keys'), passphrase: 'correct horse' }),
    async (s) => new FileKeyStore({ dir: (s as unknown as { dir: string }).dir, passphrase: 'correct horse' }),
  ),
};
for (const [name, checks] of Object.entries(suites)) {
  describe(`KeyStore: ${name}`, () => {
    for (const c of checks) test(c.name, () => c.run());
  });
}

describe('FileKeyStore', () => {
  test('directory 0700, key files 0600, nothing else left behind', async () => {
    const dir = path.join(tmp(), 'keys');
    const s = new FileKeyStore({ dir });
    const pk = await s.createKey();
    assert.equal(fs.statSync(dir).mode & 0o777, 0o700);
    assert.equal(fs.statSync(path.join(dir, `${pk}.json`)).mode & 0o777, 0o600);
    assert.deepEqual(fs.readdirSync(dir), [`${pk}.json`]);
  });

  test('with a passphrase the file holds no key material in the clear; a wrong or missing passphrase cannot sign', async () => {
    const dir = path.join(tmp(), 'keys');
    const pk = await new FileKeyStore({ dir, passphrase: 'correct horse' }).createKey();
    const record = JSON.parse(fs.readFileSync(path.join(dir, `${pk}.json`), 'utf8'));
    assert.equal(record.pkcs8, undefined);
    assert.equal(record.sealed.kdf, 'scrypt');
    const data = new TextEncoder().encode('x');
    for (const passphrase of ['wrong horse', undefined]) {
      await assert.rejects(new FileKeyStore({ dir, ...(passphrase ? { passphrase } : {}) }).sign(pk, data), (e: { code?: string }) => e.code === 'KEYSTORE_PASSPHRASE_INVALID');
    }
    // A sealed file renamed onto another key's name does not open: the public key is bound in.
    const other = await new FileKeyStore({ dir, passphrase: 'correct horse' }).createKey();
    fs.copyFileSync(path.join(dir, `${pk}.json`), path.join(dir, `${other}.json`));
    await assert.rejects(new FileKeyStore({ dir, passphrase: 'correct horse' }).sign(other, data), (e: { code?: string }) => e.code === 'STORAGE_FAILED');
  });
});
