/**
 * SIGTERM during load (issue 14), for each server as `tkauth` runs it: 200 requests on their own
 * connections are sent at once; at the first answer the process gets SIGTERM. It drains (readiness
 * withdrawn, still serving — so connections the kernel had queued are answered, not reset), then
 * closes: every request is answered in full, the process exits 0 within its grace period, and a
 * request after that is refused at connect — never accepted and dropped.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApiKeyStamper } from '@turnkey/api-key-stamper';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const bin = path.join(root, 'packages/cli/bin/tkauth.js');

function spawnCli(args: string[], env: Record<string, string> = {}): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [bin, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => out, exited };
}

function waitFor(output: () => string, re: RegExp, ms = 30_000): Promise<RegExpExecArray> {
  const until = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const poll = () => {
      const m = re.exec(output());
      if (m) return resolve(m);
      if (Date.now() > until) return reject(new Error(`not seen ${re}:\n${output()}`));
      setTimeout(poll, 25);
    };
    poll();
  });
}

type Outcome = { answered: true; status: number; at: number } | { answered: false; error: string; at: number };

/** One request on a connection of its own (no keep-alive): it is either answered, or fails with the socket's error. */
function send(url: string, body: string, headers: Record<string, string>): Promise<Outcome> {
  return new Promise((resolve) => {
    const req = http.request(url, { method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), connection: 'close', ...headers } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ answered: true, status: res.statusCode ?? 0, at: performance.now() }));
      res.on('error', (e) => resolve({ answered: false, error: (e as NodeJS.ErrnoException).code ?? e.message, at: performance.now() }));
    });
    req.on('error', (e) => resolve({ answered: false, error: (e as NodeJS.ErrnoException).code ?? e.message, at: performance.now() }));
    req.end(body);
  });
}

const tally = (xs: number[]) => JSON.stringify(xs.reduce<Record<string, number>>((t, x) => ((t[x] = (t[x] ?? 0) + 1), t), {}));

/** 200 requests at once; SIGTERM at the first answer; every one answered; exit 0; then refused. */
async function underLoad(proc: { child: ChildProcess; exited: Promise<number | null> }, readyUrl: string, next: (i: number) => Promise<[string, string, Record<string, string>]>) {
  const requests = await Promise.all(Array.from({ length: 200 }, (_, i) => next(i)));
  let termAt = 0;
  let readiness: Promise<{ status: number; json: unknown }> | undefined;
  const outcomes = await Promise.all(
    requests.map(([url, body, headers]) =>
      send(url, body, headers).then((o) => {
        if (!termAt) {
          termAt = performance.now();
          proc.child.kill('SIGTERM');
          readiness = new Promise((r) => setTimeout(r, 100)).then(async () => {
            const res = await fetch(readyUrl);
            return { status: res.status, json: await res.json() };
          });
        }
        return o;
      }),
    ),
  );
  // Drained, not dropped: right after the signal the server still answers, and says it is leaving.
  const ready = await readiness!;
  assert.equal(ready.status, 503, 'readiness is withdrawn during the drain');
  assert.equal((ready.json as { status: string }).status, 'draining');
  const lost = outcomes.filter((o) => !o.answered);
  const afterTerm = outcomes.filter((o) => o.answered && o.at > termAt);
  assert.deepEqual(lost, [], 'no request lost');
  assert.ok(afterTerm.length > 0, 'some requests were still being served when SIGTERM came (else this proves nothing)');
  const statuses = outcomes.map((o) => (o.answered ? o.status : 0));
  const code = await Promise.race([proc.exited, new Promise<string>((r) => setTimeout(() => r('still running after 12 s'), 12_000))]);
  assert.equal(code, 0, 'exits 0 within its grace period');
  const [url, body, headers] = requests[0]!;
  const late = await send(url, body, headers);
  assert.equal(late.answered ? late.status : late.error, 'ECONNREFUSED', 'after the exit, a request is refused at connect');
  return { statuses, afterTerm: afterTerm.length };
}

test('the local API answers every accepted request after SIGTERM, then exits 0', async () => {
  const data = fs.mkdtempSync(path.join(os.tmpdir(), 'tkauth-term-'));
  const api = spawnCli(['local-api', '--port', '0', '--oidc-port', '0', '--data', data, '--log-level', 'warn']);
  const [, url] = await waitFor(api.output, /^TURNKEY_API_URL=(.*)$/m);
  const [, orgId] = await waitFor(api.output, /^TURNKEY_ORGANIZATION_ID=(.*)$/m);
  const [, pub] = await waitFor(api.output, /^TURNKEY_API_PUBLIC_KEY=(.*)$/m);
  const [, priv] = await waitFor(api.output, /^TURNKEY_API_PRIVATE_KEY=(.*)$/m);
  const stamper = new ApiKeyStamper({ apiPublicKey: pub!, apiPrivateKey: priv! });
  const { statuses, afterTerm } = await underLoad(api, `${url}/readyz`, async (i) => {
    const body = JSON.stringify({ organizationId: orgId, nonce: i });
    const s = await stamper.stamp(body);
    return [`${url}/public/v1/query/whoami`, body, { [s.stampHeaderName]: s.stampHeaderValue }];
  });
  // Each answered whoami is the parent's: 200 — or Fastify's 503 for one that arrived as it closed.
  assert.ok(statuses.every((st) => st === 200 || st === 503), JSON.stringify(statuses));
  console.log(`local API: 200 requests, all answered (${afterTerm} after SIGTERM), statuses ${tally(statuses)}`);
});

test('the backend answers every accepted request after SIGTERM, then exits 0', async () => {
  const data = fs.mkdtempSync(path.join(os.tmpdir(), 'tkauth-term-'));
  const api = spawnCli(['local-api', '--port', '0', '--oidc-port', '0', '--data', data, '--log-level', 'warn']);
  try {
    const env = Object.fromEntries(['TURNKEY_API_URL', 'TURNKEY_ORGANIZATION_ID', 'TURNKEY_API_PUBLIC_KEY', 'TURNKEY_API_PRIVATE_KEY'].map((k) => [k, '']));
    for (const k of Object.keys(env)) env[k] = (await waitFor(api.output, new RegExp(`^${k}=(.*)$`, 'm')))[1]!;
    const backend = spawnCli(['server'], { ...env, PORT: '0', LOG_LEVEL: 'warn', RATE_LIMIT_IP_PER_MINUTE: '100000' });
    const [, url] = await waitFor(backend.output, /^tkauth backend listening on (http:\/\/\S+)/m);
    const run = Date.now();
    const { statuses, afterTerm } = await underLoad(backend, `${url}/readyz`, async (i) => [`${url}/otp/init`, JSON.stringify({ contact: `term-${run}-${i}@example.com`, otpType: 'OTP_TYPE_EMAIL' }), {}]);
    assert.ok(statuses.every((st) => st === 200 || st === 503), JSON.stringify(statuses));
    console.log(`backend: 200 requests, all answered (${afterTerm} after SIGTERM), statuses ${tally(statuses)}`);
  } finally {
    api.child.kill('SIGTERM');
    await api.exited;
  }
});
