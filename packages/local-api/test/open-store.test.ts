/**
 * A PostgreSQL store that cannot be reached at start: StoreUnavailableError with the reason and the
 * URL without its password; from the CLI, one line on stderr and exit code 1, no stack.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { redactUrl, startLocalApi, StoreUnavailableError } from '../src/index.ts';
import { tempDataDir } from './helpers/local-api.ts';
import { freePort } from '../../server/test/helpers/redis.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

test('redactUrl hides the password, in the authority and as a parameter', () => {
  assert.equal(redactUrl('postgres://app:s3cret@db.internal:5432/tkauth?password=again&sslmode=require'), 'postgres://app:***@db.internal:5432/tkauth?password=***&sslmode=require');
  assert.equal(redactUrl('not a url'), 'the configured URL');
});

test('an unreachable database at start: StoreUnavailableError naming the redacted URL and the reason', async () => {
  const url = `postgres://app:s3cret@127.0.0.1:${await freePort()}/tkauth`;
  await assert.rejects(startLocalApi({ port: 0, oidcPort: 0, dataDir: tempDataDir(), logLevel: 'silent', databaseUrl: url }), (e: unknown) => {
    assert.ok(e instanceof StoreUnavailableError, String(e));
    assert.equal(e.code, 'ERR_STORE_UNAVAILABLE');
    assert.match(e.message, /cannot reach PostgreSQL at postgres:\/\/app:\*\*\*@127\.0\.0\.1:\d+\/tkauth: .*ECONNREFUSED|connect/);
    assert.doesNotMatch(e.message, /s3cret/);
    return true;
  });
});

test('tkauth local-api on an unreachable database: one line, exit 1, no stack, no password', async () => {
  const url = `postgres://app:s3cret@127.0.0.1:${await freePort()}/tkauth`;
  const r = spawnSync(process.execPath, [path.join(root, 'packages/cli/bin/tkauth.js'), 'local-api', '--port', '0', '--oidc-port', '0', '--data', tempDataDir(), '--database-url', url], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 1, r.stderr);
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 1, r.stderr);
  assert.match(lines[0]!, /^tkauth local-api: ERR_STORE_UNAVAILABLE: cannot reach PostgreSQL at postgres:\/\/app:\*\*\*@/);
  assert.doesNotMatch(r.stderr + r.stdout, /s3cret|\n\s+at /);
});
