/** Rate limits: per contact, per otpId and per IP; in memory, and shared through a real Redis. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { serverConfigFromEnv, startBackend, type Backend } from '../src/index.ts';
import { backendEnv, startSystem, uniqueEmail, type System } from './helpers/system.ts';
import { startRedis } from './helpers/redis.ts';

let s: System;
before(async () => {
  s = await startSystem();
});
after(() => s.stop());

async function post(b: Backend, route: string, body: unknown) {
  const res = await fetch(b.url + route, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as any, retryAfter: res.headers.get('retry-after') };
}

function limited(r: { status: number; json: any; retryAfter: string | null }) {
  assert.equal(r.status, 429, JSON.stringify(r.json));
  assert.equal(r.json.code, 'RATE_LIMITED');
  assert.ok(Number(r.retryAfter) > 0, `Retry-After: ${r.retryAfter}`);
}

describe('in memory', () => {
  test('/otp/init: 3 codes per contact per minute; another contact is not affected', async () => {
    const email = uniqueEmail('limit');
    for (let i = 0; i < 3; i++) assert.equal((await post(s.backend, '/otp/init', { otpType: 'OTP_TYPE_EMAIL', contact: email })).status, 200);
    limited(await post(s.backend, '/otp/init', { otpType: 'OTP_TYPE_EMAIL', contact: email.toUpperCase() }));
    assert.equal((await post(s.backend, '/otp/init', { otpType: 'OTP_TYPE_EMAIL', contact: uniqueEmail('other') })).status, 200);
  });

  test('/otp/init: the hour window holds after the minute one', async () => {
    const b = await startBackend(serverConfigFromEnv(backendEnv(s.api, { RATE_LIMIT_OTP_PER_CONTACT_PER_MINUTE: '100', RATE_LIMIT_OTP_PER_CONTACT_PER_HOUR: '2' })));
    try {
      const email = uniqueEmail('hour');
      for (let i = 0; i < 2; i++) assert.equal((await post(b, '/otp/init', { otpType: 'OTP_TYPE_EMAIL', contact: email })).status, 200);
      const r = await post(b, '/otp/init', { otpType: 'OTP_TYPE_EMAIL', contact: email });
      limited(r);
      assert.ok(Number(r.retryAfter) > 60, 'the hour window says so');
    } finally {
      await b.close();
    }
  });

  test('/otp/verify: per otpId', async () => {
    const b = await startBackend(serverConfigFromEnv(backendEnv(s.api, { RATE_LIMIT_VERIFY_PER_OTP: '2' })));
    try {
      const email = uniqueEmail('verify-limit');
      const { json } = await post(b, '/otp/init', { otpType: 'OTP_TYPE_EMAIL', contact: email });
      for (let i = 0; i < 2; i++) assert.equal((await post(b, '/otp/verify', { otpId: json.otpId, otpCode: '000000' })).status, 401);
      limited(await post(b, '/otp/verify', { otpId: json.otpId, otpCode: '000000' }));
    } finally {
      await b.close();
    }
  });

  test('per IP on every route', async () => {
    const b = await startBackend(serverConfigFromEnv(backendEnv(s.api, { RATE_LIMIT_IP_PER_MINUTE: '3' })));
    try {
      for (let i = 0; i < 3; i++) assert.equal((await post(b, '/otp-login', { bad: true })).status, 400);
      limited(await post(b, '/signup', {}));
      const metrics = await (await fetch(`${b.url}/metrics`)).text();
      assert.match(metrics, /tkauth_rate_limited_total\{route="\/signup"\} 1/);
      assert.match(metrics, /tkauth_http_requests_total\{route="\/otp-login",method="POST",status="400"\} 3/);
      assert.match(metrics, /tkauth_http_request_duration_seconds_bucket/);
    } finally {
      await b.close();
    }
  });
});

describe('shared through Redis', () => {
  test('two backend instances enforce one limit', async () => {
    const redis = await startRedis();
    const env = backendEnv(s.api, { REDIS_URL: redis.url });
    const a = await startBackend(serverConfigFromEnv(env));
    const b = await startBackend(serverConfigFromEnv(env));
    try {
      const email = uniqueEmail('redis');
      assert.equal((await post(a, '/otp/init', { otpType: 'OTP_TYPE_EMAIL', contact: email })).status, 200);
      assert.equal((await post(b, '/otp/init', { otpType: 'OTP_TYPE_EMAIL', contact: email })).status, 200);
      assert.equal((await post(a, '/otp/init', { otpType: 'OTP_TYPE_EMAIL', contact: email })).status, 200);
      limited(await post(b, '/otp/init', { otpType: 'OTP_TYPE_EMAIL', contact: email }));
      limited(await post(a, '/otp/init', { otpType: 'OTP_TYPE_EMAIL', contact: email }));
    } finally {
      await a.close();
      await b.close();
      await redis.stop();
    }
  });
});
