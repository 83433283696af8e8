/**
 * What the SDK keeps between runs: the stored sessions (JWT and the TTL to refresh them with),
 * which one is selected, and the key pairs made for a login that has not finished yet. One
 * record, saved whole, so a crash never leaves half of a change behind.
 */
export interface StoredSession {
  jwt: string;
  /** When set, the session is refreshed with this lifetime shortly before it expires. */
  refreshedSessionTTLSeconds?: number;
}

export interface StoredState {
  version: 1;
  sessions: Record<string, StoredSession>;
  selectedSessionKey?: string;
  /** Compressed public key → creation time (ms). Purged after an hour unused. */
  pendingKeys: Record<string, number>;
}

export const emptyState = (): StoredState => ({ version: 1, sessions: {}, pendingKeys: {} });

export interface SessionStore {
  load(): Promise<StoredState>;
  save(state: StoredState): Promise<void>;
}

/** A parsed record, or an empty one when it is missing or not ours (never throws on bad data). */
export function parseState(text: string | null | undefined): StoredState {
  if (!text) return emptyState();
  try {
    const s = JSON.parse(text) as Partial<StoredState>;
    if (s.version !== 1 || typeof s.sessions !== 'object' || s.sessions === null) return emptyState();
    return { version: 1, sessions: s.sessions, pendingKeys: s.pendingKeys ?? {}, ...(typeof s.selectedSessionKey === 'string' ? { selectedSessionKey: s.selectedSessionKey } : {}) };
  } catch {
    return emptyState();
  }
}

export class MemorySessionStore implements SessionStore {
  private text: string | undefined;
  async load(): Promise<StoredState> {
    return parseState(this.text);
  }
  async save(state: StoredState): Promise<void> {
    this.text = JSON.stringify(state);
  }
}

/** Browser: one localStorage entry. */
export class LocalStorageSessionStore implements SessionStore {
  constructor(private readonly key = 'tkauth.sessions') {}
  async load(): Promise<StoredState> {
    return parseState(localStorage.getItem(this.key));
  }
  async save(state: StoredState): Promise<void> {
    localStorage.setItem(this.key, JSON.stringify(state));
  }
}
