/**
 * `tkauth dev --instances 2 --database-url … --redis-url …`: two local APIs on one PostgreSQL
 * database and two backends on one Redis, as a person starts them; each pair serves a login, the
 * account made through one is the account found through the other, and Ctrl-C stops all four.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { generateP256KeyPair } from '@turnkey/crypto';
import { devIdToken } from '../../local-api/test/helpers/oidc.ts';
import { TKAUTH_BIN } from './helpers/dev.ts';
import { freePort, startRedis } from '../../server/test/helpers/redis.ts';
import { startPgCluster } from '../../../scripts/pg-cluster.mjs';
import { createDatabase } from '../../local-api/test/helpers/engine.ts';

async function post(url: string, body: unknown) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as any };
}

test('--instances 2: two APIs on one PostgreSQL, two backends on one Redis, one account whichever pair is asked', async () => {
  const cluster = await startPgCluster();
  const redis = await startRedis();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tkauth-dev-n-'));
  try {
    const databaseUrl = await createDatabase(cluster.url, 'dev_instances');
    // Base ports with room above them: instance i adds i (backend) and 2i (API, OpenID provider).
    const [web, backend, api] = [await freePort(), await freePort(), await freePort()];
    const child = spawn(process.execPath, [TKAUTH_BIN, 'dev', '--instances', '2', '--database-url', databaseUrl, '--redis-url', redis.url, '--data', dataDir, '--web-port', String(web), '--backend-port', String(backend), '--api-port', String(api), '--oidc-port', String(api + 1)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (out += d));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`not ready:\n${out}`)), 90_000);
        child.stdout!.on('data', () => /ready in/.test(out) && (clearTimeout(timer), resolve()));
        void exited.then((code) => reject(new Error(`exited ${code}:\n${out}`)));
      });
      const backends = [...out.matchAll(/^ {2}backend\s+(http:\/\/127\.0\.0\.1:\d+)/gm)].map((m) => m[1]!);
      const apis = [...out.matchAll(/^ {2}local API\s+(http:\/\/127\.0\.0\.1:\d+)\s+\(PostgreSQL/gm)].map((m) => m[1]!);
      assert.equal(backends.length, 2, out);
      assert.equal(apis.length, 2, out);
      assert.match(out, /shared Redis\s+redis:\/\/127\.0\.0\.1:\d+/);
      for (const u of [...backends, ...apis]) assert.equal((await fetch(`${u}/readyz`)).status, 200, `${u}/readyz`);

      // A first login through pair 1, then the same email through pair 2 reaches the same account.
      const email = `dev-n-${Date.now()}@example.com`;
      const orgs = [];
      for (const [i, b] of backends.entries()) {
        const init = await post(`${b}/otp/init`, { contact: email, otpType: 'OTP_TYPE_EMAIL' });
        assert.equal(init.status, 200, JSON.stringify(init.json));
        const { messages } = (await (await fetch(`${apis[i]}/dev/outbox?contact=${encodeURIComponent(email)}`)).json()) as { messages: { otpCode: string }[] };
        const verify = await post(`${b}/otp/verify`, { otpId: init.json.otpId, otpCode: messages[0]!.otpCode });
        assert.equal(verify.status, 200, JSON.stringify(verify.json));
        const login = await post(`${b}/otp-login`, { verificationToken: verify.json.verificationToken, publicKey: generateP256KeyPair().publicKey });
        assert.equal(login.status, 200, JSON.stringify(login.json));
        orgs.push(JSON.parse(Buffer.from(login.json.sessionToken.split('.')[1], 'base64url').toString()).organization_id);
      }
      assert.equal(orgs[0], orgs[1], 'one account, whichever pair was asked');

      // The page's OpenID provider is the first instance's: an id_token from it logs in through pair 2 too.
      const { oidc } = (await (await fetch(`http://127.0.0.1:${web}/config.json`)).json()) as { oidc: { issuer: string; clientId: string } };
      const { issuer, clientId } = oidc;
      assert.equal(oidc.issuer, /dev OpenID\s+(\S+)/.exec(out)?.[1], 'the page uses the first instance\'s provider');
      const key = generateP256KeyPair().publicKey;
      const nonce = createHash('sha256').update(key).digest('hex');
      const oauth = await post(`${backends[1]}/oauth-login`, { oidcToken: await devIdToken(issuer, clientId, `dev-n-oauth-${Date.now()}@example.com`, nonce), publicKey: key });
      assert.equal(oauth.status, 200, JSON.stringify(oauth.json));
    } finally {
      child.kill('SIGINT');
      assert.equal(await exited, 0, out);
    }
  } finally {
    await redis.stop();
    await cluster.remove();
  }
});
