/** The store the configuration names: PostgreSQL when a database URL is given, else SQLite in the data dir. */
import type { Db } from './db.ts';
import { openSqlite } from './open-sqlite.ts';
import { openPostgres } from './open-postgres.ts';

export interface StoreConfig {
  dataDir: string;
  databaseUrl: string | undefined;
  databasePoolSize: number;
  databaseStatementTimeoutMs: number;
}

export function openStore(c: StoreConfig): Promise<Db> {
  if (!c.databaseUrl) return openSqlite(c.dataDir);
  return openPostgres({ url: c.databaseUrl, poolSize: c.databasePoolSize, statementTimeoutMs: c.databaseStatementTimeoutMs, connectTimeoutMs: 5_000 });
}
