export { TurnkeyContext, PENDING_KEY_TTL_MS, REFRESH_LEAD_MS, type AuthState, type ContextSnapshot, type TurnkeyContextConfig } from './context.ts';
export * from './errors.ts';
export type { KeyStore } from './keystore/key-store.ts';
export { MemoryKeyStore } from './keystore/memory.ts';
export { IndexedDbKeyStore } from './keystore/indexeddb.ts';
export { MemorySessionStore, LocalStorageSessionStore, type SessionStore, type StoredState, type StoredSession } from './session/session-store.ts';
export type { Session } from './session/session-jwt.ts';
export { KeyStoreStamper } from './stamper.ts';
export type { WalletWithAccounts, RawSignature, SignRawPayloadInput, NewWalletAccount } from './api.ts';
