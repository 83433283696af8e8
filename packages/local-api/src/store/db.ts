/**
 * The store's handle, and which engine is behind it. Everything the two engines do differently
 * is decided here in store/ — sequence numbers (seq.ts), locks (lock.ts), how a failure reads
 * (store-errors.ts) — so activities and queries are written once, in kysely.
 */
import { type Kysely, type QueryExecutorProvider, sql } from 'kysely';
import type { Database } from './schema.ts';

export type Db = Kysely<Database>;
export type Engine = 'sqlite' | 'postgres';

const PROBE = sql`${0}`;

/** Works on a transaction as on the store: PostgreSQL numbers its parameters ($1), SQLite does not (?). */
export function engineOf(db: QueryExecutorProvider): Engine {
  return PROBE.compile(db).sql === '$1' ? 'postgres' : 'sqlite';
}
