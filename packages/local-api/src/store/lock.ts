/**
 * Transaction-scoped locks by name. SQLite runs one write transaction at a time, and the code
 * written against it checks, then writes (ten authenticators per user, one registration per
 * credential, one use per code). On PostgreSQL, several instances and a pool run transactions side
 * by side, so each activity first takes its organization's lock (activities/submit.ts): within an
 * organization they run one at a time as on SQLite, across organizations in parallel. Released at
 * commit or rollback; taken in a fixed order by callers that take several.
 */
import { type QueryExecutorProvider, sql } from 'kysely';
import { engineOf } from './db.ts';

export async function lockNamed(trx: QueryExecutorProvider, ...names: string[]): Promise<void> {
  if (engineOf(trx) !== 'postgres') return;
  for (const name of [...new Set(names)].sort()) await sql`select pg_advisory_xact_lock(hashtextextended(${name}, 0))`.execute(trx);
}
