/**
 * The project type-checks, so that compile-time assertions are tests like any other: the /v1
 * routes' bodies `satisfies` @turnkey/sdk-types' ProxyT* (server/test/auth-proxy.test.ts), our
 * Session is assignable to sdk-types' Session (client/test), and every other typed boundary.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

test('tsc --noEmit over every package, its tests, bench and scripts: no errors', () => {
  const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const r = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.json'), '--noEmit', '--pretty', 'false'], { cwd: root, encoding: 'utf8', timeout: 180_000 });
  assert.equal(r.status, 0, `tsc reported:\n${r.stdout}${r.stderr}`);
});
