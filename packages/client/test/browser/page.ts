/**
 * The page the browser test loads: the SDK bundled for the browser (default stores: IndexedDB
 * keys, localStorage sessions), driven from the test through `window.tk`.
 */
import { IndexedDbKeyStore, TurnkeyContext } from '../../src/index.ts';
import { keyStoreChecks } from '../helpers/keystore-suite.ts';

let ctx: TurnkeyContext | undefined;

function rawKeyFromIndexedDb(publicKey: string): Promise<CryptoKey | undefined> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open('tkauth-keys');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const get = open.result.transaction('keys', 'readonly').objectStore('keys').get(publicKey);
      get.onsuccess = () => resolve((get.result as { privateKey: CryptoKey } | undefined)?.privateKey);
      get.onerror = () => reject(get.error);
    };
  });
}

const tk = {
  /** The shared KeyStore suite on IndexedDB; each check's error message, or null when it passed. */
  async suite(): Promise<{ name: string; error: string | null }[]> {
    const out = [];
    for (const c of keyStoreChecks(
      async () => new IndexedDbKeyStore(`suite-${crypto.randomUUID()}`),
      async (s) => new IndexedDbKeyStore((s as unknown as { dbName: string }).dbName),
    )) {
      try {
        await c.run();
        out.push({ name: c.name, error: null });
      } catch (e) {
        out.push({ name: c.name, error: String((e as Error).message) });
      }
    }
    return out;
  },
  async start(organizationId: string, apiBaseUrl: string): Promise<string> {
    ctx?.dispose();
    ctx = new TurnkeyContext({ organizationId, apiBaseUrl });
    await ctx.ready;
    return ctx.authState;
  },
  createKeyPair: () => ctx!.createKeyPair(),
  /** What page script can do with the stored private key: read its flag, try to export it. */
  async tryExport(publicKey: string): Promise<{ found: boolean; type?: string; extractable?: boolean; errors: string[] }> {
    const key = await rawKeyFromIndexedDb(publicKey);
    if (!key) return { found: false, errors: [] };
    const errors: string[] = [];
    for (const format of ['pkcs8', 'jwk'] as const) {
      try {
        await crypto.subtle.exportKey(format, key);
        errors.push(`${format}: exported!`);
      } catch (e) {
        errors.push(`${format}: ${(e as Error).name}`);
      }
    }
    return { found: true, type: key.type, extractable: key.extractable, errors };
  },
  async storeSession(jwt: string) {
    await ctx!.storeSession({ jwt });
    return { authState: ctx!.authState, userId: ctx!.user?.userId, addresses: ctx!.wallets.flatMap((w) => w.accounts.map((a) => a.address)) };
  },
  async whoami(): Promise<{ userId: string; organizationId: string }> {
    const who = await ctx!.client!.getWhoami({ organizationId: ctx!.session!.organizationId });
    return { userId: who.userId, organizationId: who.organizationId };
  },
  state: () => ({ authState: ctx?.authState, userId: ctx?.user?.userId, publicKey: ctx?.session?.publicKey }),
};

(window as unknown as { tk: typeof tk }).tk = tk;
document.body.dataset.ready = 'yes';
