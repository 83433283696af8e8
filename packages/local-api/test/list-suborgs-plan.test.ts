/**
 * list_suborgs / list_verified_suborgs run on every login: each filter must start from its
 * identifier's index, never walk the parent's sub-organizations. Asserted on SQLite's own
 * query plan for the exact SQL the query builds (the planner prefers the parent index when it
 * may: 7 ms per lookup at 50 000 users, linear in users).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CompiledQuery } from 'kysely';
import { openSqlite } from '../src/store/open-sqlite.ts';
import { FILTERS, subOrgsQuery } from '../src/store/sub-org-filters.ts';

test('every filter is driven by its own index; the parent is checked per match, not scanned', async () => {
  const db = await openSqlite(fs.mkdtempSync(path.join(os.tmpdir(), 'tkauth-plan-')));
  try {
    for (const [type, filter] of Object.entries(FILTERS)) {
      for (const verified of type === 'EMAIL' || type === 'PHONE_NUMBER' ? [false, true] : [false]) {
        const { query } = subOrgsQuery(db, 'parent', filter(db, 'value', verified), verified, { limit: 10, afterSeq: 3 });
        const { sql, parameters } = query.compile();
        const plan = (await db.executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${sql}`, [...parameters]))).rows.map((r) => r.detail);
        const text = plan.join(' | ');
        assert.ok(!/organizations_parent/.test(text), `${type}${verified ? ' (verified)' : ''} walks the parent index: ${text}`);
        assert.match(text, /SEARCH organizations USING INDEX sqlite_autoindex_organizations_1 \(id=\?\)/, `${type}: ${text}`);
        assert.ok(!/SCAN (users|api_keys|authenticators|wallet_accounts|organizations)\b/.test(text), `${type} scans a table: ${text}`);
      }
    }
  } finally {
    await db.destroy();
  }
});
