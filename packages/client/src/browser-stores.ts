/**
 * The browser's stores: keys as non-extractable CryptoKeys in IndexedDB, the session record in
 * localStorage. What `@tkauth/client/platform-stores` resolves to outside Node.
 */
import { IndexedDbKeyStore } from './keystore/indexeddb.ts';
import { LocalStorageSessionStore } from './session/session-store.ts';
import { TurnkeyClientError } from './errors.ts';

export function platformStores(c: { storageDir?: string | undefined; passphrase?: string | undefined }) {
  if (c.storageDir || c.passphrase) throw new TurnkeyClientError('INVALID_CONFIGURATION', 'storageDir and passphrase are for Node; in a browser keys live in IndexedDB');
  return { keyStore: new IndexedDbKeyStore(), sessionStore: new LocalStorageSessionStore() };
}
