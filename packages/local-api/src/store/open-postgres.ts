/**
 * Opens a PostgreSQL store: a bounded pool, a statement timeout on every connection, 64-bit
 * integers read as numbers (the schema's times are milliseconds, far below 2^53), and the schema
 * brought up to date. An unreachable database at start is a StoreUnavailableError with the
 * driver's reason, for the CLI to print and exit on; later outages are answered per request
 * (store-errors.ts) while the pool reconnects by itself.
 */
import pg from 'pg';
import { Kysely, PostgresDialect } from 'kysely';
import type { Database } from './schema.ts';
import type { Db } from './db.ts';
import { migrate } from './migrate.ts';
import { StoreUnavailableError } from './store-errors.ts';

export interface PostgresOptions {
  url: string;
  /** Connections per instance (TKAUTH_DATABASE_POOL_SIZE). */
  poolSize: number;
  /** Any statement running longer is cancelled by the server (TKAUTH_DATABASE_STATEMENT_TIMEOUT_MS). */
  statementTimeoutMs: number;
  /** How long a request waits for a connection before it is answered 503. */
  connectTimeoutMs: number;
}

const INT8_OID = 20;

export async function openPostgres(o: PostgresOptions): Promise<Db> {
  const pool = new pg.Pool({
    connectionString: o.url,
    max: o.poolSize,
    statement_timeout: o.statementTimeoutMs,
    connectionTimeoutMillis: o.connectTimeoutMs,
    application_name: 'tkauth-local-api',
    types: { getTypeParser: ((oid: number, format?: 'text' | 'binary') => (oid === INT8_OID ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text'))) as typeof pg.types.getTypeParser },
  });
  // A connection the server drops (restart, failover) is an event, not a crash: idle, the pool
  // discards it; checked out — pg-pool takes its own handler off while a transaction holds it —
  // the transaction's next statement fails ("connection error", a 503) and the pool replaces it.
  pool.on('error', () => {});
  pool.on('connect', (client) => void client.on('error', () => {}));
  try {
    const client = await pool.connect();
    client.release();
  } catch (e) {
    await pool.end().catch(() => {});
    throw new StoreUnavailableError(`cannot reach PostgreSQL at ${redactUrl(o.url)}: ${(e as Error).message || (e as { code?: string }).code || 'no answer'}`);
  }
  // Migrations on a connection of their own without the statement timeout: an instance waiting for
  // another's migration lock, or a long index build, must not be cancelled after 5 s.
  const migrationPool = new pg.Pool({ connectionString: o.url, max: 1, statement_timeout: 0, connectionTimeoutMillis: o.connectTimeoutMs, application_name: 'tkauth-local-api-migrate' });
  migrationPool.on('error', () => {});
  const migrator = new Kysely<Database>({ dialect: new PostgresDialect({ pool: migrationPool }) });
  try {
    await migrate(migrator);
  } catch (e) {
    await pool.end().catch(() => {});
    throw new StoreUnavailableError(`the store could not be brought up to date: ${(e as Error).message}`);
  } finally {
    await migrator.destroy();
  }
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

/** The URL without its password, for messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    // libpq also takes the password as a parameter.
    for (const k of [...u.searchParams.keys()]) if (/pass/i.test(k)) u.searchParams.set(k, '***');
    return u.toString();
  } catch {
    return 'the configured URL';
  }
}
