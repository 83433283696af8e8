/**
 * Node's stores under one directory (default ~/.tkauth): keys/ and sessions.json. Reached through
 * the `@tkauth/client/platform-stores` export under the "node" condition only, so a browser
 * bundle never contains node:fs (it gets browser-stores.ts).
 */
import os from 'node:os';
import path from 'node:path';
import { FileKeyStore } from './keystore/file.ts';
import { FileSessionStore } from './session/file-session-store.ts';

export const defaultStorageDir = () => path.join(os.homedir(), '.tkauth');

export function nodeStores(storageDir = defaultStorageDir(), passphrase?: string) {
  return {
    keyStore: new FileKeyStore({ dir: path.join(storageDir, 'keys'), ...(passphrase ? { passphrase } : {}) }),
    sessionStore: new FileSessionStore(path.join(storageDir, 'sessions.json')),
  };
}

export function platformStores(c: { storageDir?: string | undefined; passphrase?: string | undefined }) {
  return nodeStores(c.storageDir, c.passphrase);
}
