/** Reads row counts straight from the store file, to prove a refused request wrote nothing. */
import path from 'node:path';
import SQLite from 'better-sqlite3';

const TABLES = ['organizations', 'users', 'api_keys', 'authenticators', 'oauth_providers', 'wallets', 'wallet_accounts', 'activities'] as const;

export function rowCounts(dataDir: string): Record<string, number> {
  const db = new SQLite(path.join(dataDir, 'tkauth.sqlite'), { readonly: true });
  try {
    return Object.fromEntries(TABLES.map((t) => [t, (db.prepare(`select count(*) as n from ${t}`).get() as { n: number }).n]));
  } finally {
    db.close();
  }
}
