/**
 * The hot path of every request is "which key is this, and where may it act". Those answers change
 * only when an activity commits, so they are kept here, cleared after every committed activity,
 * and also aged out (so several instances sharing a PostgreSQL store converge within `ttlMs`).
 * Expiry of a key is still checked against the clock on every request.
 */
export interface KeyRow {
  id: string;
  organization_id: string;
  user_id: string;
  expires_at: number | null;
  curve_type: string;
  is_root: number;
  user_name: string;
  organization_name: string;
}

export interface OrgRow {
  parent_id: string | null;
}

interface Entry<T> {
  value: T;
  at: number;
}

class TtlMap<T> {
  private readonly map = new Map<string, Entry<T>>();
  constructor(
    private readonly ttlMs: number,
    private readonly max: number,
  ) {}
  get(key: string, now: number): T | undefined {
    const e = this.map.get(key);
    if (!e) return undefined;
    if (now - e.at > this.ttlMs) {
      this.map.delete(key);
      return undefined;
    }
    return e.value;
  }
  set(key: string, value: T, now: number): void {
    if (this.map.size >= this.max) this.map.delete(this.map.keys().next().value!);
    this.map.set(key, { value, at: now });
  }
  clear(): void {
    this.map.clear();
  }
}

export class CredentialCache {
  readonly keys: TtlMap<KeyRow[]>;
  /** Organization id → its row, or null when there is no such organization. */
  readonly orgs: TtlMap<OrgRow | null>;
  /**
   * Counts clears. A reader notes it before reading the store and keeps what it read only if no
   * clear came in between (`fresh`): otherwise rows read just before a change (here, or announced
   * by another instance) would be put back just after the change cleared them.
   */
  generation = 0;
  constructor(ttlMs = 2_000, max = 20_000) {
    this.keys = new TtlMap(ttlMs, max);
    this.orgs = new TtlMap(ttlMs, max);
  }
  clear(): void {
    this.generation++;
    this.keys.clear();
    this.orgs.clear();
  }
  fresh(generation: number): boolean {
    return generation === this.generation;
  }
}
