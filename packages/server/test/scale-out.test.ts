/**
 * Scale-out (issue 14): two local APIs on one PostgreSQL database and one data dir, two backends on
 * one Redis, backend A in front of local API A and B in front of B. One account per contact however
 * the requests are spread, one use per code, one rate limit, and an outage of the database that is
 * answered (not hung), leaves nothing half-written and heals without a restart.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { generateP256KeyPair } from '@turnkey/crypto';
import { TurnkeyClient } from '@turnkey/http';
import { ApiKeyStamper } from '@turnkey/api-key-stamper';
import { startLocalApi } from '@tkauth/local-api';
import { sessionClaims, uniqueEmail } from './helpers/system.ts';
import { createDatabase, freshDataDir, localApiOptions, mapLimit, queryDb, request, startScaleOut, startSide, type HttpAnswer, type ScaleOut, type Side } from './helpers/cluster.ts';

let s: ScaleOut;
let A: Side;
let B: Side;
const side = (i: number) => (i % 2 === 0 ? A : B);

before(async () => {
  s = await startScaleOut();
  [A, B] = s.sides;
});
after(async () => {
  await s?.stop();
});

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const brief = (r: HttpAnswer) => (r.status >= 200 && r.status < 300 ? String(r.status) : `${r.status} ${typeof r.json === 'object' ? (r.json?.code ?? JSON.stringify(r.json).slice(0, 120)) : String(r.json).slice(0, 120)}`);

type Step<T> = { ok: true; value: T } | { ok: false; step: string; answer: HttpAnswer };

/** /otp/init then /otp/verify on one side (the code read from that side's outbox); an unbound token. */
async function verificationToken(on: Side, email: string): Promise<Step<string>> {
  const init = await on.post('/otp/init', { contact: email, otpType: 'OTP_TYPE_EMAIL' });
  if (init.status !== 200) return { ok: false, step: `${on.name} /otp/init`, answer: init };
  const verify = await on.post('/otp/verify', { otpId: init.json.otpId, otpCode: await on.code(email) });
  if (verify.status !== 200) return { ok: false, step: `${on.name} /otp/verify`, answer: verify };
  return { ok: true, value: verify.json.verificationToken as string };
}

interface Session {
  key: { publicKey: string; privateKey: string };
  sessionToken: string;
  organizationId: string;
}

async function otpLogin(on: Side, verificationToken: string): Promise<Step<Session>> {
  const key = generateP256KeyPair();
  const r = await on.post('/otp-login', { verificationToken, publicKey: key.publicKey });
  if (r.status !== 200) return { ok: false, step: `${on.name} /otp-login`, answer: r };
  return { ok: true, value: { key, sessionToken: r.json.sessionToken, organizationId: sessionClaims(r.json.sessionToken).organization_id } };
}

async function firstLogin(on: Side, email: string): Promise<Step<Session>> {
  const token = await verificationToken(on, email);
  return token.ok ? otpLogin(on, token.value) : token;
}

/** The session key reads its own sub-organization through `on`'s local API: whoami names the email, one wallet. */
async function sessionWorks(on: Side, session: Session, email: string) {
  const client = new TurnkeyClient({ baseUrl: on.api.url }, new ApiKeyStamper({ apiPublicKey: session.key.publicKey, apiPrivateKey: session.key.privateKey }));
  const who = await client.getWhoami({ organizationId: session.organizationId });
  assert.equal(who.organizationId, session.organizationId);
  assert.equal(who.username, email);
  const { wallets } = await client.getWallets({ organizationId: session.organizationId });
  assert.equal(wallets.length, 1, `${email}: one default wallet`);
}

const failures = <T>(steps: Step<T>[]) => steps.filter((r): r is Extract<Step<T>, { ok: false }> => !r.ok);
const tally = (answers: HttpAnswer[]) => {
  const t: Record<string, number> = {};
  for (const a of answers) t[brief(a)] = (t[brief(a)] ?? 0) + 1;
  return t;
};

async function pollReady(url: string, withinMs: number): Promise<{ ready: boolean; ms: number; last: HttpAnswer }> {
  const started = performance.now();
  let last = await request(`${url}/readyz`, {}, 5_000);
  while (last.status !== 200 && performance.now() - started < withinMs) {
    await new Promise((r) => setTimeout(r, 200));
    last = await request(`${url}/readyz`, {}, 5_000);
  }
  return { ready: last.status === 200, ms: performance.now() - started, last };
}

async function pollUnready(url: string, withinMs: number): Promise<HttpAnswer> {
  const started = performance.now();
  let last = await request(`${url}/readyz`, {}, 5_000);
  while (last.status === 200 && performance.now() - started < withinMs) {
    await new Promise((r) => setTimeout(r, 200));
    last = await request(`${url}/readyz`, {}, 5_000);
  }
  return { ...last, ms: performance.now() - started };
}

describe('scale-out: 2 local APIs on one PostgreSQL, 2 backends on one Redis', () => {
  test('the two local APIs share one parent organization and one master key', async () => {
    assert.equal(A.api.credentials.organizationId, B.api.credentials.organizationId);
    assert.equal(A.api.credentials.apiPublicKey, B.api.credentials.apiPublicKey);
    assert.notEqual(A.api.url, B.api.url);
    const parents = await queryDb<{ n: number }>(s.databaseUrl, 'select count(*)::int as n from organizations where parent_id is null');
    assert.equal(parents[0]!.n, 1, 'one parent organization in the database');
    // A code A sent verifies on B (one OTP pepper, from one master key), and B's backend accepts the
    // token for a login through A (one enclave signing key).
    const email = uniqueEmail('shared');
    const init = await A.post('/otp/init', { contact: email, otpType: 'OTP_TYPE_EMAIL' });
    assert.equal(init.status, 200, brief(init));
    const verify = await B.post('/otp/verify', { otpId: init.json.otpId, otpCode: await A.code(email) });
    assert.equal(verify.status, 200, brief(verify));
    const login = await otpLogin(A, verify.json.verificationToken);
    assert.ok(login.ok, login.ok ? '' : brief(login.answer));
    await sessionWorks(B, login.value, email);
  });

  test('two local APIs started at the same time on a fresh data dir and database make one parent organization', async () => {
    const dataDir = freshDataDir('scale-twin');
    const databaseUrl = await createDatabase(s.pg, 'scale_twin');
    const started = performance.now();
    const settled = await Promise.allSettled([startLocalApi(localApiOptions(dataDir, databaseUrl)), startLocalApi(localApiOptions(dataDir, databaseUrl))]);
    const ms = performance.now() - started;
    const apis = settled.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    const backends: { close(): Promise<void> }[] = [];
    try {
      assert.deepEqual(settled.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason)), [], 'both started');
      const [x, y] = apis as [(typeof apis)[0], (typeof apis)[0]];
      const parents = await queryDb<{ id: string }>(databaseUrl, 'select id from organizations where parent_id is null');
      console.log(`twin start: ${parents.length} parent org(s), ids ${x.credentials.organizationId === y.credentials.organizationId ? 'equal' : 'DIFFERENT'}, ${seconds(ms)}`);
      assert.equal(x.credentials.organizationId, y.credentials.organizationId, 'the same parent organization');
      assert.deepEqual(parents.map((p) => p.id), [x.credentials.organizationId], 'one parent organization in the database');
      assert.equal(x.credentials.apiPublicKey, y.credentials.apiPublicKey);
      const onDisk = JSON.parse(fs.readFileSync(`${dataDir}/credentials.json`, 'utf8'));
      assert.equal(onDisk.organizationId, x.credentials.organizationId);
      for (const api of [x, y]) {
        const ready = await request(`${api.url}/readyz`);
        assert.equal(ready.status, 200, brief(ready));
        const client = new TurnkeyClient({ baseUrl: api.url }, new ApiKeyStamper({ apiPublicKey: api.credentials.apiPublicKey, apiPrivateKey: api.credentials.apiPrivateKey }));
        const who = await client.getWhoami({ organizationId: api.credentials.organizationId });
        assert.equal(who.organizationId, x.credentials.organizationId);
      }
      // A code one sent verifies on the other (one master key, the OTP pepper), and a first login works on each.
      const [sx, sy] = [await startSide('X', x, s.redis.url), await startSide('Y', y, s.redis.url)];
      backends.push(sx.backend, sy.backend);
      const email = uniqueEmail('twin');
      const init = await sx.post('/otp/init', { contact: email, otpType: 'OTP_TYPE_EMAIL' });
      assert.equal(init.status, 200, brief(init));
      const verify = await sy.post('/otp/verify', { otpId: init.json.otpId, otpCode: await sx.code(email) });
      assert.equal(verify.status, 200, brief(verify));
      const login = await otpLogin(sy, verify.json.verificationToken);
      assert.ok(login.ok, login.ok ? '' : brief(login.answer));
      await sessionWorks(sx, login.value, email);
      const other = await firstLogin(sx, uniqueEmail('twin'));
      assert.ok(other.ok, other.ok ? '' : `${other.step} ${brief(other.answer)}`);
    } finally {
      for (const b of backends) await b.close();
      for (const api of apis) await api.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  test('200 concurrent first logins for distinct emails, alternating backends: 200 sessions, 200 distinct sub-organizations', async () => {
    const emails = Array.from({ length: 200 }, () => uniqueEmail('scale'));
    const started = performance.now();
    const results = await mapLimit(emails, 50, (email, i) => firstLogin(side(i), email));
    const ms = performance.now() - started;
    const failed = failures(results);
    const sessions = results.flatMap((r) => (r.ok ? [r.value] : []));
    const held = await mapLimit(emails, 20, (email) => s.subOrgsFor(email));
    const distinct = new Set(held.flat());
    console.log(`200 logins: ${distinct.size} sub-orgs, ${failed.length} errors, ${seconds(ms)}${failed.length ? ` — ${JSON.stringify(failed.slice(0, 5).map((f) => `${f.step}: ${brief(f.answer)}`))}` : ''}`);
    assert.deepEqual(failed.map((f) => `${f.step}: ${brief(f.answer)}`), [], 'every first login answered a session');
    emails.forEach((email, i) => {
      assert.equal(held[i]!.length, 1, `${email} is held by exactly one sub-organization (${held[i]!.join(', ')})`);
      assert.equal(held[i]![0], sessions[i]!.organizationId, `${email}'s session is on its sub-organization`);
    });
    assert.equal(distinct.size, 200, '200 distinct sub-organizations');
    // A sample of the sessions works on the other instance than the one that made it.
    await sessionWorks(B, sessions[0]!, emails[0]!);
    await sessionWorks(A, sessions[1]!, emails[1]!);
  });

  test('50 concurrent first logins for the same email across both backends: one sub-organization', async () => {
    const email = uniqueEmail('same');
    // 25 codes on each side, one at a time per side (the newest code in a side's outbox is then its own).
    const chain = async (on: Side) => {
      const tokens: Step<string>[] = [];
      for (let i = 0; i < 25; i++) tokens.push(await verificationToken(on, email));
      return tokens;
    };
    const [fromA, fromB] = await Promise.all([chain(A), chain(B)]);
    const tokenSteps = fromA.flatMap((t, i) => [t, fromB[i]!]);
    assert.deepEqual(failures(tokenSteps).map((f) => `${f.step}: ${brief(f.answer)}`), [], '50 verification tokens');
    const tokens = tokenSteps.map((t) => (t as { value: string }).value);
    assert.deepEqual(await s.subOrgsFor(email), [], 'no account before the logins');

    const started = performance.now();
    const keys = tokens.map(() => generateP256KeyPair());
    // Each token logs in through the other backend than the one that verified it.
    const answers = await Promise.all(tokens.map((verificationToken, i) => side(i + 1).post('/otp-login', { verificationToken, publicKey: keys[i]!.publicKey })));
    const ms = performance.now() - started;
    const held = await s.subOrgsFor(email);
    const t = tally(answers);
    console.log(`50 same-email logins: ${held.length} sub-org(s), answers ${JSON.stringify(t)}, ${seconds(ms)}`);
    assert.equal(held.length, 1, `exactly one sub-organization holds ${email}: ${held.join(', ')}`);
    for (const [i, a] of answers.entries()) {
      if (a.status === 200) {
        assert.equal(sessionClaims(a.json.sessionToken).organization_id, held[0], `answer ${i} is a session on the one sub-organization`);
      } else {
        assert.ok([409, 429].includes(a.status) && typeof a.json?.code === 'string', `answer ${i} (${side(i + 1).name}) is a clean 409/429 with a code: ${brief(a)}`);
      }
    }
    assert.equal(answers.filter((a) => a.status === 200).length, 50, `all 50 answered 200 (saw ${JSON.stringify(t)})`);
  });

  test('an OTP verified on A cannot be verified again on B; B\'s own fresh OTP works', async () => {
    const email = uniqueEmail('once');
    const init = await A.post('/otp/init', { contact: email, otpType: 'OTP_TYPE_EMAIL' });
    assert.equal(init.status, 200, brief(init));
    const code = await A.code(email);
    const first = await A.post('/otp/verify', { otpId: init.json.otpId, otpCode: code });
    assert.equal(first.status, 200, brief(first));
    const again = await B.post('/otp/verify', { otpId: init.json.otpId, otpCode: code });
    console.log(`OTP replay: verified on A ${first.status}; same otpId+code on B → ${brief(again)}`);
    assert.ok(again.status >= 400 && again.status < 500, `a 4xx: ${brief(again)}`);
    assert.equal(again.json.code, 'OTP_INVALID', `the used code is refused as OTP_INVALID: ${brief(again)}`);
    assert.equal(again.json.verificationToken, undefined, 'no token on the refusal');

    const fresh = await B.post('/otp/init', { contact: email, otpType: 'OTP_TYPE_EMAIL' });
    assert.equal(fresh.status, 200, brief(fresh));
    assert.notEqual(fresh.json.otpId, init.json.otpId);
    const verify = await B.post('/otp/verify', { otpId: fresh.json.otpId, otpCode: await B.code(email) });
    assert.equal(verify.status, 200, brief(verify));
    const login = await otpLogin(B, verify.json.verificationToken);
    assert.ok(login.ok, login.ok ? '' : `${login.step}: ${brief(login.answer)}`);
    assert.deepEqual(await s.subOrgsFor(email), [login.value.organizationId]);
  });

  test('the per-OTP verify limit reached on A holds on B (RATE_LIMIT_VERIFY_PER_OTP=3)', async () => {
    const email = uniqueEmail('limit');
    const init = await A.post('/otp/init', { contact: email, otpType: 'OTP_TYPE_EMAIL' });
    assert.equal(init.status, 200, brief(init));
    const code = await A.code(email);
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(code.length, '0');
    const tries: HttpAnswer[] = [];
    for (let i = 0; i < 3; i++) tries.push(await A.post('/otp/verify', { otpId: init.json.otpId, otpCode: wrong }));
    // The fourth attempt, on B, carries the right code: only a limit B shares with A refuses it
    // (the local API itself allows 5 attempts, and this code is correct).
    const fourth = await B.post('/otp/verify', { otpId: init.json.otpId, otpCode: code });
    console.log(`verify limit: 3 wrong on A → ${tries.map(brief).join(', ')}; 4th (right code) on B → ${brief(fourth)}`);
    for (const t of tries) assert.equal(t.json.code, 'OTP_INVALID', brief(t));
    assert.equal(fourth.status, 429, brief(fourth));
    assert.equal(fourth.json.code, 'RATE_LIMITED', brief(fourth));
    assert.equal(fourth.json.verificationToken, undefined);
    // The limit is that otpId's, not B's: another code verifies on B.
    const other = await B.post('/otp/init', { contact: email, otpType: 'OTP_TYPE_EMAIL' });
    assert.equal(other.status, 200, brief(other));
    const ok = await B.post('/otp/verify', { otpId: other.json.otpId, otpCode: await B.code(email) });
    assert.equal(ok.status, 200, brief(ok));
    assert.deepEqual(await s.subOrgsFor(email), [], 'verifying creates no account');
  });

  test('a database outage is answered, leaves nothing half-written, and heals without a restart', async (t) => {
    for (const url of [A.api.url, B.api.url, A.backend.url, B.backend.url]) {
      const r = await request(`${url}/readyz`);
      assert.equal(r.status, 200, `${url}/readyz: ${brief(r)}`);
    }
    // Tokens obtained before the outage: one for a login during it, twenty for logins it interrupts.
    const probe = uniqueEmail('probe');
    const probeToken = await verificationToken(A, probe);
    assert.ok(probeToken.ok);
    const inFlight = Array.from({ length: 20 }, () => uniqueEmail('inflight'));
    const inFlightTokens = await mapLimit(inFlight, 10, (email, i) => verificationToken(side(i), email));
    assert.deepEqual(failures(inFlightTokens).map((f) => brief(f.answer)), []);
    assert.deepEqual(await s.subOrgsFor(probe), [], 'the probe email has no account before the outage');

    // An error nobody handles would end a real local API process (exit 1): none may occur.
    const unhandled: string[] = [];
    const onUncaught = (e: unknown) => unhandled.push(`${(e as Error)?.constructor?.name}: ${(e as Error)?.message}`);
    process.on('uncaughtException', onUncaught);
    t.after(() => void process.off('uncaughtException', onUncaught));

    // Twenty first logins in flight when the database goes away.
    const interrupted = Promise.all(inFlight.map((_, i) => otpLogin(side(i), (inFlightTokens[i] as { value: string }).value)));
    await new Promise((r) => setTimeout(r, 30));
    const down = performance.now();
    await s.pg.stop();

    const apiReady = await Promise.all([A.api.url, B.api.url].map((u) => request(`${u}/readyz`, {}, 10_000)));
    // The backends' readiness asks the local API's whoami, which its credential cache answers for up
    // to 2 s without the store: not ready within 5 s, then.
    const backendReady = await Promise.all([A.backend.url, B.backend.url].map((u) => pollUnready(u, 5_000)));
    const inits = await Promise.all([A, B].map((on) => on.post('/otp/init', { contact: uniqueEmail('outage'), otpType: 'OTP_TYPE_EMAIL' }, 15_000)));
    const probeLogin = await otpLogin(B, probeToken.value);
    const duringLogins = await interrupted;
    console.log(
      `outage: local /readyz ${apiReady.map(brief).join(', ')}; backend /readyz ${backendReady.map((r) => `${r.status} after ${seconds(r.ms)} ${JSON.stringify(r.json?.checks)}`).join(', ')}; ` +
        `/otp/init A ${brief(inits[0]!)} in ${Math.round(inits[0]!.ms)} ms, B ${brief(inits[1]!)} in ${Math.round(inits[1]!.ms)} ms; probe /otp-login ${probeLogin.ok ? '200' : brief(probeLogin.answer)}; ` +
        `in-flight logins ${JSON.stringify(tally(duringLogins.map((r) => (r.ok ? { status: 200, json: { code: 'session' }, ms: 0 } : r.answer))))}`,
    );
    for (const r of apiReady) {
      assert.equal(r.status, 503, brief(r));
      assert.equal(r.json.status, 'unavailable');
      assert.equal(r.json.checks?.store?.code, 'ERR_STORE_UNAVAILABLE', JSON.stringify(r.json));
    }
    for (const r of backendReady) {
      assert.equal(r.status, 503, brief(r));
      assert.equal(r.json.checks?.upstream?.status, 'unavailable', JSON.stringify(r.json));
      assert.equal(r.json.checks?.upstream?.code, 'UPSTREAM_TEMPORARILY_UNAVAILABLE', JSON.stringify(r.json));
      assert.equal(r.json.checks?.redis?.status, 'ok', JSON.stringify(r.json));
    }
    for (const r of inits) {
      assert.ok(r.status >= 500 && r.status < 600, `/otp/init during the outage is a 5xx: ${brief(r)}`);
      assert.match(String(r.json?.code), /^[A-Z_]+$/, `with a code: ${brief(r)}`);
      assert.equal(r.status, 503, brief(r));
      assert.equal(r.json.code, 'UPSTREAM_TEMPORARILY_UNAVAILABLE', 'the API\'s store away is 503 "temporarily unavailable" (retry), not "refused" nor internal');
      assert.ok(r.ms < 10_000, `answered within 10 s (${Math.round(r.ms)} ms)`);
    }
    assert.equal(probeLogin.ok, false, 'no session while the database is away');
    if (!probeLogin.ok) {
      assert.ok(probeLogin.answer.status >= 500 && probeLogin.answer.status < 600, brief(probeLogin.answer));
      assert.ok(probeLogin.answer.ms < 10_000, `answered within 10 s (${Math.round(probeLogin.answer.ms)} ms)`);
    }
    for (const r of duringLogins) if (!r.ok) assert.ok(r.answer.status >= 500 || r.answer.status === 429, `an interrupted login is a 5xx/429, not a client error: ${r.step} ${brief(r.answer)}`);

    await s.pg.start();
    const healed = await Promise.all([A.api.url, B.api.url, A.backend.url, B.backend.url].map((u) => pollReady(u, 15_000)));
    const upMs = performance.now() - down;
    for (const h of healed) assert.ok(h.ready, `ready again within 15 s: ${brief(h.last)}`);

    // Nothing half-written: the probe has no account; each interrupted email has at most one, and a
    // login now (with its token, or a new one if that was spent) lands on exactly one working account.
    assert.deepEqual(await s.subOrgsFor(probe), [], 'the failed probe login left no account');
    const afterOutage = await Promise.all(inFlight.map((e) => s.subOrgsFor(e)));
    for (const [i, held] of afterOutage.entries()) {
      assert.ok(held.length <= 1, `${inFlight[i]}: at most one sub-organization (${held.join(', ')})`);
      const r = duringLogins[i]!;
      if (r.ok) assert.deepEqual(held, [r.value.organizationId], `${inFlight[i]}: its session's account`);
    }
    const retried: string[] = [];
    for (const [i, email] of inFlight.entries()) {
      const r = duringLogins[i]!;
      let session = r.ok ? r.value : undefined;
      if (!session) {
        let again = await otpLogin(side(i + 1), (inFlightTokens[i] as { value: string }).value);
        retried.push(again.ok ? 'same token 200' : `same token ${brief(again.answer)}`);
        if (!again.ok) again = await firstLogin(side(i + 1), email);
        assert.ok(again.ok, again.ok ? '' : `${email} logs in after the outage: ${again.step} ${brief(again.answer)}`);
        session = again.value;
      }
      const held = await s.subOrgsFor(email);
      assert.deepEqual(held, [session.organizationId], `${email}: exactly one sub-organization, the session's`);
      await sessionWorks(side(i), session, email);
    }
    const probeAfter = await otpLogin(A, probeToken.value);
    assert.ok(probeAfter.ok, probeAfter.ok ? '' : `the probe's token still logs in: ${brief(probeAfter.answer)}`);
    assert.deepEqual(await s.subOrgsFor(probe), [probeAfter.value.organizationId]);

    // Full first logins on both backends, nothing restarted.
    for (const on of [A, B]) {
      const email = uniqueEmail(`healed-${on.name.toLowerCase()}`);
      const login = await firstLogin(on, email);
      assert.ok(login.ok, login.ok ? '' : `${on.name}: ${login.step} ${brief(login.answer)}`);
      assert.deepEqual(await s.subOrgsFor(email), [login.value.organizationId]);
      await sessionWorks(on === A ? B : A, login.value, email);
    }
    console.log(
      `outage healed: all four /readyz 200 within ${healed.map((h) => seconds(h.ms)).join('/')} of start (${seconds(upMs)} after stop); ` +
        `${duringLogins.filter((r) => r.ok).length}/20 in-flight logins had succeeded, retries: ${JSON.stringify(retried.reduce<Record<string, number>>((acc, x) => ((acc[x] = (acc[x] ?? 0) + 1), acc), {}))}; probe and two fresh first logins OK; ` +
        `unhandled errors in the process: ${unhandled.length} ${JSON.stringify([...new Set(unhandled)])}`,
    );
    assert.deepEqual(unhandled, [], 'no unhandled error event during the outage (each would crash a local API process)');
  });

});
