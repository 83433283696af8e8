/** `tkauth dev`: the ready block, a clean stop on Ctrl-C, data reused on restart, a taken port explained. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { spawnSync } from 'node:child_process';
import { startDev, TKAUTH_BIN } from './helpers/dev.ts';
import { freePort } from '../../server/test/helpers/redis.ts';

test('prints where everything is, stops cleanly on SIGINT, and a second start reuses the data', async () => {
  const first = await startDev();
  const out = first.output();
  try {
    // The page as localhost: passkeys need a domain as their relying party.
    for (const line of [/web page\s+http:\/\/localhost:\d+/, /backend\s+http:\/\/127\.0\.0\.1:\d+/, /local API\s+http:\/\/127\.0\.0\.1:\d+/, /dev OpenID\s+http:\/\/127\.0\.0\.1:\d+/, /dev outbox/, /Ctrl-C stops everything/]) {
      assert.match(out, line);
    }
    assert.doesNotMatch(out, /WARNING/, 'no library noise in the block');
  } catch (e) {
    // A failed look at the block must not leave the servers running until the test times out.
    await first.stop();
    throw e;
  }
  const org = first.credentials().organizationId;
  assert.equal(((await (await fetch(`${first.backend}/client-config`)).json()) as { organizationId: string }).organizationId, org);
  assert.equal((await fetch(`${first.backend}/healthz`)).status, 200);
  assert.equal(await first.stop(), 0);
  await assert.rejects(fetch(`${first.web}/`), 'the web page is down after the stop');

  const second = await startDev(first.dataDir);
  assert.equal(second.credentials().organizationId, org);
  assert.equal(((await (await fetch(`${second.web}/config.json`)).json()) as { organizationId: string }).organizationId, org);
  assert.equal(await second.stop(), 0);
});

test('a port already taken: one clear line naming the port and the flag, exit 2', async () => {
  const blocker = net.createServer();
  await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
  const port = (blocker.address() as { port: number }).port;
  try {
    const others = ['--web-port', String(await freePort()), '--api-port', String(await freePort()), '--oidc-port', String(await freePort())];
    const run = spawnSync(process.execPath, [TKAUTH_BIN, 'dev', '--backend-port', String(port), ...others], { encoding: 'utf8', timeout: 30_000 });
    assert.equal(run.status, 2, run.stderr);
    assert.match(run.stderr, new RegExp(`port ${port} \\(the backend\\) is already in use; choose another with --backend-port`));
  } finally {
    blocker.close();
  }
});
