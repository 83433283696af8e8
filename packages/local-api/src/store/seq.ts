/**
 * Monotonic ordering numbers for paginated tables; call inside the writing transaction. SQLite's
 * one writer makes max + 1 safe; on PostgreSQL two transactions would read the same max, so each
 * table has a sequence there (migration 0007).
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from './schema.ts';
import { engineOf } from './db.ts';

export type SeqTable = 'organizations' | 'wallet_accounts' | 'activities';

/** The PostgreSQL sequence of each table (not `<table>_seq`: `activities_seq` is an index's name). */
export const SEQUENCE_OF: Record<SeqTable, string> = {
  organizations: 'tk_organizations_seq',
  wallet_accounts: 'tk_wallet_accounts_seq',
  activities: 'tk_activities_seq',
};

export async function nextSeq(db: Kysely<Database>, table: SeqTable): Promise<number> {
  if (engineOf(db) === 'postgres') {
    const { rows } = await sql<{ n: number }>`select nextval(${SEQUENCE_OF[table]}) as n`.execute(db);
    return Number(rows[0]!.n);
  }
  const row = await db
    .selectFrom(table)
    .select(sql<number>`coalesce(max(seq), 0)`.as('m'))
    .executeTakeFirstOrThrow();
  return Number(row.m) + 1;
}
