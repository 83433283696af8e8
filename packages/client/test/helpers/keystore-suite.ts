/**
 * One suite for every KeyStore (DESIGN.md "Pluggable storage with one shared test suite"), free of
 * any test runner so the same checks run under node:test (memory, file) and inside Chromium
 * (IndexedDB). Each check throws on failure. Signatures are checked with WebCrypto.
 */
import type { KeyStore } from '../../src/keystore/key-store.ts';

export interface Check {
  name: string;
  run(): Promise<void>;
}

function ok(cond: unknown, msg: string): asserts cond {
  if (!cond) throw new Error(msg);
}

async function verifies(publicKey: string, data: Uint8Array, raw: Uint8Array): Promise<boolean> {
  const bytes = Uint8Array.from(publicKey.match(/../g)!.map((h) => parseInt(h, 16)));
  // WebCrypto imports compressed points in Chromium and Node 20.
  const key = await crypto.subtle.importKey('raw', bytes, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);
  return crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, key, raw as BufferSource, data as BufferSource);
}

/** `make` returns a fresh, empty store; `reopen` (when the store persists) a new instance over the same storage. */
export function keyStoreChecks(make: () => Promise<KeyStore>, reopen?: (store: KeyStore) => Promise<KeyStore>): Check[] {
  const data = new TextEncoder().encode('{"organizationId":"o"}');
  return [
    {
      name: 'createKey returns a compressed P-256 public key; the key signs and the signature verifies',
      async run() {
        const s = await make();
        const pk = await s.createKey();
        ok(/^0[23][0-9a-f]{64}$/.test(pk), `not a compressed key: ${pk}`);
        const sig = await s.sign(pk, data);
        ok(sig.length === 64, `raw signature is ${sig.length} bytes`);
        ok(await verifies(pk, data, sig), 'signature does not verify');
        ok(!(await verifies(pk, new TextEncoder().encode('other'), sig)), 'signature verifies over other bytes');
      },
    },
    {
      name: 'hasKey, listKeys and deleteKey track exactly the keys made',
      async run() {
        const s = await make();
        const a = await s.createKey();
        const b = await s.createKey();
        ok(a !== b, 'two keys are the same');
        ok((await s.listKeys()).sort().join() === [a, b].sort().join(), 'listKeys is not the two keys');
        ok(await s.hasKey(a), 'hasKey(a) is false');
        await s.deleteKey(a);
        ok(!(await s.hasKey(a)), 'a deleted key is still there');
        ok((await s.listKeys()).join() === b, 'listKeys after delete');
        await s.deleteKey(a); // deleting twice is not an error
      },
    },
    {
      name: 'signing with an unknown or deleted key throws KEY_NOT_FOUND',
      async run() {
        const s = await make();
        const pk = await s.createKey();
        await s.deleteKey(pk);
        for (const key of [pk, '02' + '11'.repeat(32), '../../etc/passwd']) {
          let code: unknown;
          try {
            await s.sign(key, data);
          } catch (e) {
            code = (e as { code?: unknown }).code;
          }
          ok(code === 'KEY_NOT_FOUND', `sign(${key.slice(0, 12)}) gave ${String(code)}`);
        }
        ok(!(await s.hasKey('../../etc/passwd')), 'hasKey on a path');
      },
    },
    ...(reopen
      ? [
          {
            name: 'keys persist: a new instance over the same storage signs with them',
            async run() {
              const s = await make();
              const pk = await s.createKey();
              const again = await reopen(s);
              ok(await again.hasKey(pk), 'the key is gone after reopening');
              ok(await verifies(pk, data, await again.sign(pk, data)), 'reopened key does not verify');
            },
          },
        ]
      : []),
  ];
}
