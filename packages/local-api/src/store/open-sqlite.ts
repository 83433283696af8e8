/** Opens the SQLite store (WAL mode, foreign keys on) and brings its schema up to date. */
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Database } from './schema.ts';
import type { Db } from './db.ts';
import { migrate } from './migrate.ts';

export async function openSqlite(dataDir: string): Promise<Db> {
  const file = path.join(dataDir, 'tkauth.sqlite');
  const sqlite = new SQLite(file);
  // The store holds sealed secrets and every credential's public key: owner-only, like the key files.
  fs.chmodSync(file, 0o600);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  try {
    await migrate(db);
  } catch (e) {
    await db.destroy();
    throw e;
  }
  return db;
}

/**
 * Kysely's SQLite driver prepares every statement anew, and preparing costs as much as running
 * a small query; the same few dozen SQL strings run on every request, so keep them prepared.
 * Bounded, oldest out first: multi-row inserts make SQL that varies with the row count.
 */
function withStatementCache(sqlite: SQLite.Database, max = 256) {
  const statements = new Map<string, SQLite.Statement>();
  return {
    prepare(sql: string): SQLite.Statement {
      let stmt = statements.get(sql);
      if (!stmt) {
        stmt = sqlite.prepare(sql);
        if (statements.size >= max) statements.delete(statements.keys().next().value!);
        statements.set(sql, stmt);
      }
      return stmt;
    },
    close: () => void sqlite.close(),
  };
}
