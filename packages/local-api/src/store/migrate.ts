/**
 * Brings a store's schema up to date. On PostgreSQL kysely's migrator holds an advisory lock for
 * the whole run, inside one transaction, so several instances starting at once on one database
 * migrate it once. SQLite is one process's store: run one instance per data dir on it.
 */
import { Migrator } from 'kysely';
import { migrations } from './migrations.ts';
import type { Db } from './db.ts';

export async function migrate(db: Db): Promise<void> {
  const { error, results } = await new Migrator({ db, provider: migrations }).migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) throw new Error(`store migration failed${failed ? ` at ${failed.migrationName}` : ''}: ${error instanceof Error ? error.message : String(error)}`);
}
