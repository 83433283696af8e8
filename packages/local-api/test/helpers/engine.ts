/**
 * Which store a test run uses: SQLite in the data dir, or — in npm test's PostgreSQL pass
 * (scripts/test.mjs sets TKAUTH_TEST_ENGINE=postgres and TKAUTH_TEST_PG_URL, the throwaway
 * cluster's admin database) — a database of its own on that cluster per data dir, so a test that
 * restarts the API on the same data dir finds its data again.
 */
import { createHash } from 'node:crypto';
import pg from 'pg';

export type TestEngine = 'sqlite' | 'postgres';

export const testEngine = (): TestEngine => (process.env.TKAUTH_TEST_ENGINE === 'postgres' ? 'postgres' : 'sqlite');

const DUPLICATE_DATABASE = '42P04';

/** The admin URL of the test cluster; an error that says how to get one when it is missing. */
export function testClusterUrl(): string {
  const url = process.env.TKAUTH_TEST_PG_URL;
  if (!url) throw new Error('TKAUTH_TEST_ENGINE=postgres needs TKAUTH_TEST_PG_URL (npm test starts a cluster and sets both)');
  return url;
}

/** A database on a cluster (`adminUrl` names its admin database), made unless it is there; its URL. */
export async function createDatabase(adminUrl: string, name: string): Promise<string> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`create database ${name}`);
  } catch (e) {
    if ((e as { code?: string }).code !== DUPLICATE_DATABASE) throw e;
  } finally {
    await client.end();
  }
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

/** A database on the test cluster, made on first use. */
export const clusterDatabase = (name: string) => createDatabase(testClusterUrl(), name);

/** The database URL for a data dir in this run, or undefined on SQLite. */
export async function testDatabaseUrl(dataDir: string): Promise<string | undefined> {
  if (testEngine() !== 'postgres') return undefined;
  return clusterDatabase(`tk_${createHash('sha256').update(dataDir).digest('hex').slice(0, 24)}`);
}
