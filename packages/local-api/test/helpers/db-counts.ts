/** Reads row counts straight from the store (the SQLite file, or the run's PostgreSQL database), to prove a refused request wrote nothing. */
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { testDatabaseUrl } from './engine.ts';

const TABLES = ['organizations', 'users', 'api_keys', 'authenticators', 'oauth_providers', 'wallets', 'wallet_accounts', 'activities'] as const;

export async function rowCounts(dataDir: string): Promise<Record<string, number>> {
  const url = await testDatabaseUrl(dataDir);
  if (url) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const counts: Record<string, number> = {};
      for (const t of TABLES) counts[t] = Number((await client.query(`select count(*) as n from ${t}`)).rows[0].n);
      return counts;
    } finally {
      await client.end();
    }
  }
  const db = new SQLite(path.join(dataDir, 'tkauth.sqlite'), { readonly: true });
  try {
    return Object.fromEntries(TABLES.map((t) => [t, (db.prepare(`select count(*) as n from ${t}`).get() as { n: number }).n]));
  } finally {
    db.close();
  }
}
