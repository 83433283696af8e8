/** Monotonic ordering numbers for paginated tables; call inside the writing transaction. */
import { type Kysely, sql } from 'kysely';
import type { Database } from './schema.ts';

export async function nextSeq(db: Kysely<Database>, table: 'organizations' | 'wallet_accounts' | 'activities'): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select(sql<number>`coalesce(max(seq), 0)`.as('m'))
    .executeTakeFirstOrThrow();
  return Number(row.m) + 1;
}
