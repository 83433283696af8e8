/**
 * Stamps per second on one body: our device stamper (WebCrypto key in a key store), the
 * backend's stamper (node:crypto, key parsed once) and @turnkey/api-key-stamper. Run by
 * bench/stampers.ts as plain Node (bundled by esbuild, no module-loader hook), as an app runs.
 * Prints one JSON line.
 */
import { ApiKeyStamper } from '@turnkey/api-key-stamper';
import { KeyStoreStamper } from '../packages/client/src/stamper.ts';
import { MemoryKeyStore } from '../packages/client/src/keystore/memory.ts';
import { FileKeyStore } from '../packages/client/src/keystore/file.ts';
import { createApiKeyStamper } from '../packages/server/src/api-key-stamper.ts';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createPrivateKey } from 'node:crypto';

interface Stamper {
  stamp(payload: string): Promise<{ stampHeaderValue: string }>;
}

const SECONDS = Number(process.env.BENCH_STAMP_SECONDS ?? 2);
const body = JSON.stringify({ type: 'ACTIVITY_TYPE_SIGN_RAW_PAYLOAD_V2', timestampMs: String(Date.now()), organizationId: crypto.randomUUID(), parameters: { signWith: '0x' + 'ab'.repeat(20), payload: 'cd'.repeat(32), encoding: 'PAYLOAD_ENCODING_HEXADECIMAL', hashFunction: 'HASH_FUNCTION_NO_OP' } });

async function rate(stamper: Stamper, concurrency: number): Promise<number> {
  for (let i = 0; i < 200; i++) await stamper.stamp(body);
  let n = 0;
  const end = performance.now() + SECONDS * 1000;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        await stamper.stamp(body);
        n++;
      }
    }),
  );
  return n / ((performance.now() - start) / 1000);
}

// One key for all three: made by the (unsealed) file store, read back as the hex scalar the others take.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tkauth-bench-stamp-'));
const files = new FileKeyStore({ dir });
const publicKey = await files.createKey();
const pkcs8 = Buffer.from(JSON.parse(fs.readFileSync(path.join(dir, `${publicKey}.json`), 'utf8')).pkcs8, 'base64');
const d = Buffer.from(createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' }).export({ format: 'jwk' }).d!, 'base64url').toString('hex');
const memory = new MemoryKeyStore();
const memKey = await memory.createKey();

const stampers: [string, Stamper][] = [
  ['@turnkey/api-key-stamper (baseline)', new ApiKeyStamper({ apiPublicKey: publicKey, apiPrivateKey: d })],
  ['tkauth device stamper, memory key store (WebCrypto, non-extractable)', new KeyStoreStamper(memory, memKey)],
  ['tkauth device stamper, file key store (WebCrypto, non-extractable)', new KeyStoreStamper(files, publicKey)],
  ['tkauth backend stamper (node:crypto, key parsed once)', createApiKeyStamper(publicKey, d)],
];
const rows = [];
for (const [name, s] of stampers) rows.push({ name, sequential: await rate(s, 1), concurrent16: await rate(s, 16) });
fs.rmSync(dir, { recursive: true, force: true });
console.log(JSON.stringify(rows));
