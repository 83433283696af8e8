/**
 * Migrations on a store that already holds data: activities written before 0004 get `seq` in
 * creation order (list_activities pages by it), and authenticators registered before 0005 keep
 * reading back, with the fields nobody parsed then left empty.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { migrations } from '../src/store/migrations.ts';
import { openSqlite } from '../src/store/open-sqlite.ts';
import { toWireAuthenticator } from '../src/queries/wire-shapes.ts';

test('0004 numbers existing activities in creation order; 0005 leaves old authenticators readable; 0006 normalises their credential ids', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tkauth-migrate-'));
  const old = new Kysely<any>({ dialect: new SqliteDialect({ database: new SQLite(path.join(dir, 'tkauth.sqlite')) }) });
  const up = await new Migrator({ db: old, provider: migrations }).migrateTo('0003_org_name');
  assert.equal(up.error, undefined);
  await old.insertInto('organizations').values({ id: 'o', seq: 1, name: 'o', parent_id: null, root_quorum_threshold: 1, created_at: 1, updated_at: 1 }).execute();
  await old.insertInto('users').values({ id: 'u', organization_id: 'o', user_name: 'u', created_at: 1, updated_at: 1 }).execute();
  const activity = (id: string, at: number) => ({ id, organization_id: 'o', type: 'T', status: 'S', intent: '{}', result: '{}', fingerprint: 'f', created_at: at, updated_at: at });
  // Inserted out of order; two share a timestamp (the id breaks the tie).
  await old.insertInto('activities').values([activity('c', 30), activity('a', 10), activity('b2', 20), activity('b1', 20)]).execute();
  await old
    .insertInto('authenticators')
    .values({ id: 'x', organization_id: 'o', user_id: 'u', name: 'old', credential_id: 'Y3JlZA', transports: '["AUTHENTICATOR_TRANSPORT_HYBRID"]', attestation: '{}', challenge: 'c', created_at: 1, updated_at: 1 })
    .execute();
  // Stored as given before ids were normalised: standard base64 with padding.
  await old
    .insertInto('authenticators')
    .values({ id: 'y', organization_id: 'o', user_id: 'u', name: 'std', credential_id: '+/8/+w==', transports: '[]', attestation: '{}', challenge: 'c', created_at: 2, updated_at: 2 })
    .execute();
  await old.destroy();

  const db = await openSqlite(dir);
  try {
    const rows = await db.selectFrom('activities').select(['id', 'seq']).orderBy('seq').execute();
    assert.deepEqual(rows, [{ id: 'a', seq: 1 }, { id: 'b1', seq: 2 }, { id: 'b2', seq: 3 }, { id: 'c', seq: 4 }]);
    const auth = toWireAuthenticator(await db.selectFrom('authenticators').selectAll().where('id', '=', 'x').executeTakeFirstOrThrow());
    assert.deepEqual([auth.aaguid, auth.model, auth.credential.publicKey, auth.attestationType], ['', 'Unknown authenticator', '', 'none']);
    // 0006: every credential id in the one form lookups use.
    const ids = await db.selectFrom('authenticators').select(['id', 'credential_id']).orderBy('id').execute();
    assert.deepEqual(ids, [{ id: 'x', credential_id: 'Y3JlZA' }, { id: 'y', credential_id: '-_8_-w' }]);
  } finally {
    await db.destroy();
  }
});

test('0008 refuses a store whose organization has two users with one email, says which, and applies once they differ', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tkauth-migrate-'));
  const old = new Kysely<any>({ dialect: new SqliteDialect({ database: new SQLite(path.join(dir, 'tkauth.sqlite')) }) });
  assert.equal((await new Migrator({ db: old, provider: migrations }).migrateTo('0007_seq_sequences')).error, undefined);
  await old.insertInto('organizations').values({ id: 'o', seq: 1, name: 'o', parent_id: null, root_quorum_threshold: 1, created_at: 1, updated_at: 1 }).execute();
  const user = (id: string, email: string) => ({ id, organization_id: 'o', user_name: id, user_email: email, created_at: 1, updated_at: 1 });
  await old.insertInto('users').values([user('u1', 'Same@example.com'), user('u2', 'same@EXAMPLE.com')]).execute();
  await old.destroy();

  await assert.rejects(openSqlite(dir), /0008_uniqueness.*organization o has several users with the email same@example\.com/);
  const fix = new SQLite(path.join(dir, 'tkauth.sqlite'));
  fix.prepare(`update users set user_email = 'other@example.com' where id = 'u2'`).run();
  fix.close();
  const db = await openSqlite(dir);
  try {
    const indexes = await db.introspection.getTables();
    assert.ok(indexes.some((t) => t.name === 'verified_contacts'), 'and the later migrations ran too');
  } finally {
    await db.destroy();
  }
});
