/** `tkauth local-api` as a user runs it: the bin from node_modules/.bin, no build step. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Turnkey } from '@turnkey/sdk-server';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const bin = path.join(root, 'node_modules/.bin/tkauth');

function startCli(args: string[]) {
  const child = spawn(bin, ['local-api', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const env = new Promise<Record<string, string>>((resolve, reject) => {
    child.stdout.on('data', (d) => {
      out += d;
      const lines = Object.fromEntries([...out.matchAll(/^(TURNKEY_[A-Z_]+)=(.*)$/gm)].map((m) => [m[1]!, m[2]!]));
      if (Object.keys(lines).length === 4) resolve(lines);
    });
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
  });
  return { child, env };
}

test('prints the four TURNKEY_* lines, writes credentials.json, and serves the official client', async () => {
  const data = fs.mkdtempSync(path.join(os.tmpdir(), 'tkauth-cli-'));
  const { child, env } = startCli(['--port', '0', '--oidc-port', '0', '--data', data, '--log-level', 'warn']);
  try {
    const e = await env;
    const creds = JSON.parse(fs.readFileSync(path.join(data, 'credentials.json'), 'utf8'));
    assert.deepEqual(creds, {
      apiBaseUrl: e.TURNKEY_API_URL,
      organizationId: e.TURNKEY_ORGANIZATION_ID,
      apiPublicKey: e.TURNKEY_API_PUBLIC_KEY,
      apiPrivateKey: e.TURNKEY_API_PRIVATE_KEY,
    });
    const client = new Turnkey({
      apiBaseUrl: e.TURNKEY_API_URL!,
      defaultOrganizationId: e.TURNKEY_ORGANIZATION_ID!,
      apiPublicKey: e.TURNKEY_API_PUBLIC_KEY!,
      apiPrivateKey: e.TURNKEY_API_PRIVATE_KEY!,
    }).apiClient();
    const who = await client.getWhoami({});
    assert.equal(who.organizationId, e.TURNKEY_ORGANIZATION_ID);
    assert.equal(who.username, 'admin');
    const wellKnown = await (await fetch(`${e.TURNKEY_API_URL}/.well-known/tkauth.json`)).json();
    assert.equal(wellKnown.organizationId, e.TURNKEY_ORGANIZATION_ID);
  } finally {
    child.kill('SIGTERM');
  }
  const code = await new Promise((r) => child.on('exit', r));
  assert.equal(code, 0);
});

test('bad flags stop it with a coded error and exit status 2', () => {
  const r = spawnSync(bin, ['local-api', '--port', 'http'], { cwd: root, encoding: 'utf8' });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /ERR_CONFIG_INVALID: port must be 0\.\.65535/);
  const unknown = spawnSync(bin, ['local-api', '--colour'], { cwd: root, encoding: 'utf8' });
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /ERR_CONFIG_INVALID/);
  const cmd = spawnSync(bin, ['fly'], { cwd: root, encoding: 'utf8' });
  assert.equal(cmd.status, 2);
  assert.match(cmd.stderr, /unknown command "fly"/);
});

test('tkauth server: a missing variable stops it with one line naming it', () => {
  const r = spawnSync(bin, ['server'], { cwd: root, encoding: 'utf8', env: { PATH: process.env.PATH, TURNKEY_API_URL: 'http://127.0.0.1:1' } });
  assert.equal(r.status, 2);
  assert.equal(r.stderr.trim(), 'tkauth server: ERR_CONFIG_INVALID: TURNKEY_ORGANIZATION_ID is required');
});
