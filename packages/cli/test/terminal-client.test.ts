/**
 * The terminal client driven as a person would, against `tkauth dev` started here: a spawned
 * `tkauth login` answered at its prompt with the code from the outbox, then whoami, wallets, sign
 * and logout, each with --json; and the exit codes scripts rely on.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startDev, TKAUTH_BIN, type DevSystem } from './helpers/dev.ts';
import { eip191Signer } from '../../client/test/helpers/eth.ts';

let dev: DevSystem;
before(async () => {
  dev = await startDev();
});
after(async () => {
  assert.equal(await dev.stop(), 0);
});

const newHome = () => fs.mkdtempSync(path.join(os.tmpdir(), 'tkauth-home-'));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `tkauth args…`; `answer(stderrSoFar)` may return a line to type when a prompt shows. */
function tkauth(home: string, args: string[], answer?: (stderr: string, typed: number) => Promise<string | undefined>): Promise<Run> {
  const child = spawn(process.execPath, [TKAUTH_BIN, ...args], { env: { ...process.env, TKAUTH_HOME: home }, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let typed = 0;
  let prompts = 0;
  child.stdout.on('data', (d: Buffer) => (stdout += d));
  child.stderr.on('data', async (d: Buffer) => {
    stderr += d;
    const seen = stderr.split('Code: ').length - 1;
    while (answer && prompts < seen) {
      prompts++;
      const line = await answer(stderr, typed++);
      if (line === undefined) child.stdin.end();
      else child.stdin.write(line + '\n');
    }
  });
  if (!answer) child.stdin.end();
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe('tkauth login, then the logged-in commands', () => {
  test('login at the prompt; whoami, wallets, sign and logout with --json', async () => {
    const home = newHome();
    const email = `cli-${Date.now()}@example.com`;
    const login = await tkauth(home, ['login', '--email', email, '--backend', dev.backend], async () => dev.code(email));
    assert.equal(login.code, 0, login.stderr);
    assert.match(login.stderr, /A code was sent to/);
    assert.match(login.stdout, new RegExp(`Logged in as ${email.replace(/[.]/g, '\\.')}`));
    for (const f of fs.readdirSync(path.join(home, 'keys'))) assert.equal(fs.statSync(path.join(home, 'keys', f)).mode & 0o777, 0o600);

    // No --backend from here on: the one used at login is remembered.
    const who = await tkauth(home, ['whoami', '--json']);
    assert.equal(who.code, 0, who.stderr);
    const me = JSON.parse(who.stdout);
    assert.equal(me.email, email);
    assert.match(me.userId, /^[0-9a-f-]{36}$/);

    const wallets = await tkauth(home, ['wallets', '--json']);
    assert.equal(wallets.code, 0, wallets.stderr);
    const eth = (JSON.parse(wallets.stdout) as { accounts: { address: string; addressFormat: string }[] }[])[0]!.accounts.find((a) => a.addressFormat === 'ADDRESS_FORMAT_ETHEREUM')!;

    const sign = await tkauth(home, ['sign', '--message', 'from the terminal', '--json']);
    assert.equal(sign.code, 0, sign.stderr);
    const { signature, address } = JSON.parse(sign.stdout);
    assert.equal(address, eth.address);
    assert.equal(eip191Signer('from the terminal', signature), eth.address.toLowerCase());

    const text = await tkauth(home, ['whoami']);
    assert.equal(text.code, 0);
    assert.match(text.stdout, new RegExp(`^${email.replace(/[.]/g, '\\.')}\\n`));

    const logout = await tkauth(home, ['logout', '--json']);
    assert.equal(logout.code, 0, logout.stderr);
    assert.deepEqual(JSON.parse(logout.stdout), { loggedOut: true, userId: me.userId });
    const after = await tkauth(home, ['whoami', '--json']);
    assert.equal(after.code, 3);
    assert.match(after.stderr, /not logged in/);
    assert.equal(after.stdout, '');
  });

  test('three wrong codes: refused with exit 4, and no session is stored', async () => {
    const home = newHome();
    const email = `cli-wrong-${Date.now()}@example.com`;
    const run = await tkauth(home, ['login', '--email', email, '--backend', dev.backend], async () => {
      const code = await dev.code(email);
      return code === '000000' ? '111111' : '000000';
    });
    assert.equal(run.code, 4, run.stderr);
    assert.match(run.stderr, /2 tries left/);
    assert.match(run.stderr, /1 try left/);
    assert.equal((await tkauth(home, ['whoami', '--backend', dev.backend])).code, 3);
  });

  test('exit codes: usage 2, not logged in 3, unreachable 5', async () => {
    const home = newHome();
    assert.equal((await tkauth(home, ['login'])).code, 2);
    assert.equal((await tkauth(home, ['login', '--email', 'not-an-email'])).code, 2);
    assert.equal((await tkauth(home, ['whoami', '--nope'])).code, 2);
    assert.equal((await tkauth(home, ['whoami', '--backend', dev.backend])).code, 3);
    const down = await tkauth(home, ['whoami', '--backend', 'http://127.0.0.1:9']);
    assert.equal(down.code, 5);
    assert.match(down.stderr, /cannot reach the backend/);
  });
});
