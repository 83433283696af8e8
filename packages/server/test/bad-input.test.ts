/**
 * Every bad input is a 4xx with a code, never a 500 or a stack trace; upstream failures map to
 * honest statuses (issue 4 "Validation").
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateP256KeyPair } from '@turnkey/crypto';
import { serverConfigFromEnv, startBackend } from '../src/index.ts';
import { backendEnv, startSystem, uniqueEmail, type System } from './helpers/system.ts';
import { freePort } from './helpers/redis.ts';

let s: System;
before(async () => {
  s = await startSystem();
});
after(() => s.stop());

function refused(res: { status: number; json: any }, status: number, code: string, message?: RegExp) {
  assert.equal(res.status, status, JSON.stringify(res.json));
  assert.equal(res.json.code, code);
  assert.equal(typeof res.json.message, 'string');
  assert.ok(!/\n\s+at /.test(res.json.message), 'no stack trace');
  if (message) assert.match(res.json.message, message);
}

describe('validation', () => {
  test('unknown fields, wrong types, bad formats', async () => {
    refused(await s.post('/otp/init', { otpType: 'OTP_TYPE_EMAIL', contact: uniqueEmail(), extra: 1 }), 400, 'VALIDATION_FAILED', /additional properties/);
    refused(await s.post('/otp/init', { otpType: 'OTP_TYPE_FAX', contact: uniqueEmail() }), 400, 'VALIDATION_FAILED');
    refused(await s.post('/otp/init', { otpType: 'OTP_TYPE_EMAIL', contact: 'not-an-email' }), 400, 'VALIDATION_FAILED', /email/);
    refused(await s.post('/otp/init', { otpType: 'OTP_TYPE_SMS', contact: '0123' }), 400, 'VALIDATION_FAILED', /E\.164/);
    refused(await s.post('/otp/verify', { otpId: 'x', otpCode: '123456' }), 400, 'VALIDATION_FAILED', /otpId/);
    refused(await s.post('/otp/verify', { otpId: '00000000-0000-4000-8000-000000000000', otpCode: '12 45' }), 400, 'VALIDATION_FAILED', /otpCode/);
    refused(await s.post('/otp-login', { verificationToken: 'a.b.c', publicKey: '04' + 'ab'.repeat(64) }), 400, 'VALIDATION_FAILED', /publicKey/);
    refused(await s.post('/otp/init', '{"otpType": '), 400, 'VALIDATION_FAILED');
    refused(await s.post('/otp/init', JSON.stringify({ otpType: 'OTP_TYPE_EMAIL', contact: 'x'.repeat(70 * 1024) })), 413, 'BODY_TOO_LARGE');
    refused(await s.post('/nope', {}), 404, 'NOT_FOUND');
  });

  test('wrong code: 401 OTP_INVALID; too many: 429; unknown otp: 404', async () => {
    const email = uniqueEmail('wrong');
    const { json } = await s.post('/otp/init', { otpType: 'OTP_TYPE_EMAIL', contact: email });
    const code = await s.code(email);
    const wrong = code[0] === '0' ? `1${code.slice(1)}` : `0${code.slice(1)}`;
    for (let i = 0; i < 5; i++) refused(await s.post('/otp/verify', { otpId: json.otpId, otpCode: wrong }), 401, 'OTP_INVALID');
    refused(await s.post('/otp/verify', { otpId: json.otpId, otpCode: code }), 429, 'OTP_TOO_MANY_ATTEMPTS');
    refused(await s.post('/otp/verify', { otpId: '00000000-0000-4000-8000-000000000000', otpCode: code }), 404, 'OTP_NOT_FOUND');
  });

  test('a forged or reused verification token is refused, and creates nothing', async () => {
    const key = generateP256KeyPair();
    const email = uniqueEmail('forged');
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const forged = `${b64({ typ: 'JWT', alg: 'ES256' })}.${b64({ id: 'x', verification_type: 'OTP_TYPE_EMAIL', contact: email, organization_id: 'o', public_key: key.publicKey, exp: String(Date.now() + 60_000) })}.${Buffer.alloc(64, 7).toString('base64url')}`;
    refused(await s.post('/otp-login', { verificationToken: forged, publicKey: key.publicKey }), 401, 'TOKEN_INVALID');
    const found = await fetch(`${s.api.url}/dev/outbox?contact=${encodeURIComponent(email)}`);
    assert.deepEqual(((await found.json()) as { messages: unknown[] }).messages, []);

    await s.post('/otp/init', { otpType: 'OTP_TYPE_EMAIL', contact: email });
    const init2 = await s.post('/otp/init', { otpType: 'OTP_TYPE_EMAIL', contact: email });
    const v = await s.post('/otp/verify', { otpId: init2.json.otpId, otpCode: await s.code(email), publicKey: key.publicKey });
    // A lifetime under 10 s is refused before the token is spent.
    refused(await s.post('/otp-login', { verificationToken: v.json.verificationToken, publicKey: key.publicKey, expirationSeconds: '9' }), 400, 'VALIDATION_FAILED', /at least 10/);
    assert.equal((await s.post('/otp-login', { verificationToken: v.json.verificationToken, publicKey: key.publicKey })).status, 200);
    refused(await s.post('/otp-login', { verificationToken: v.json.verificationToken, publicKey: key.publicKey }), 401, 'TOKEN_USED');
  });
});

describe('upstream', () => {
  test('API unreachable: 502 UPSTREAM_UNAVAILABLE, and /healthz says 503', async () => {
    // A port with nothing listening.
    const port = await freePort();
    const env = backendEnv(s.api, { TURNKEY_API_URL: `http://127.0.0.1:${port}` });
    const backend = await startBackend(serverConfigFromEnv(env));
    try {
      const res = await fetch(`${backend.url}/otp/init`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ otpType: 'OTP_TYPE_EMAIL', contact: uniqueEmail() }) });
      refused({ status: res.status, json: await res.json() }, 502, 'UPSTREAM_UNAVAILABLE');
      const health = await fetch(`${backend.url}/healthz`);
      assert.equal(health.status, 503);
    } finally {
      await backend.close();
    }
    const ok = await fetch(`${s.backend.url}/healthz`);
    assert.equal(ok.status, 200);
    assert.equal(((await ok.json()) as { organizationId: string }).organizationId, s.api.credentials.organizationId);
  });
});

describe('config', () => {
  test('a missing or malformed variable fails with one line naming it', () => {
    const env = backendEnv(s.api);
    for (const [name, value, text] of [
      ['TURNKEY_API_URL', undefined, /TURNKEY_API_URL is required/],
      ['TURNKEY_API_URL', 'ftp://x', /TURNKEY_API_URL must be an http/],
      ['TURNKEY_API_PUBLIC_KEY', 'abc', /TURNKEY_API_PUBLIC_KEY must be a compressed P-256/],
      ['TURNKEY_API_PRIVATE_KEY', undefined, /TURNKEY_API_PRIVATE_KEY is required/],
      // A well-formed key of another pair: caught at start, not as a 401 on every request.
      ['TURNKEY_API_PRIVATE_KEY', '11'.repeat(32), /not one key pair/],
      ['PORT', 'eighty', /PORT must be an integer/],
      ['SIGNUP_REQUIRE_VERIFIED_CONTACT', 'maybe', /SIGNUP_REQUIRE_VERIFIED_CONTACT must be true or false/],
      ['CORS_ORIGINS', 'app.example', /CORS_ORIGINS entries must be origins/],
    ] as const) {
      const e = { ...env } as Record<string, string | undefined>;
      e[name] = value;
      assert.throws(() => serverConfigFromEnv(e), (err: Error) => text.test(err.message) && !err.message.includes('\n'), name);
    }
  });
});
