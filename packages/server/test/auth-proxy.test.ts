/** The auth-proxy routes (/v1/*): the proxy's shapes, its config-id header, and what they refuse. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateP256KeyPair } from '@turnkey/crypto';
import type { ProxyTInitOtpBody, ProxyTOtpLoginBody, ProxyTVerifyOtpBody } from '@turnkey/sdk-types';
import { sessionClaims, startSystem, uniqueEmail, type System } from './helpers/system.ts';

let s: System;
before(async () => {
  s = await startSystem({ env: { AUTH_PROXY_CONFIG_ID: 'cfg-123' } });
});
after(() => s.stop());

async function post(route: string, body: unknown, configId: string | null = 'cfg-123') {
  const res = await fetch(s.backend.url + route, { method: 'POST', headers: { 'content-type': 'application/json', ...(configId ? { 'X-Auth-Proxy-Config-ID': configId } : {}) }, body: JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as any };
}

test('otp_init → otp_verify → otp_login with the proxy shapes gives a session for the device key', async () => {
  const email = uniqueEmail('proxy');
  const key = generateP256KeyPair();
  const init = await post('/v1/otp_init', { otpType: 'OTP_TYPE_EMAIL', contact: email } satisfies ProxyTInitOtpBody);
  assert.equal(init.status, 200, JSON.stringify(init.json));
  const verify = await post('/v1/otp_verify', { otpId: init.json.otpId, otpCode: await s.code(email), publicKey: key.publicKey } satisfies ProxyTVerifyOtpBody);
  assert.equal(verify.status, 200, JSON.stringify(verify.json));
  const login = await post('/v1/otp_login', { verificationToken: verify.json.verificationToken, publicKey: key.publicKey, invalidateExisting: false } satisfies ProxyTOtpLoginBody);
  assert.equal(login.status, 200, JSON.stringify(login.json));
  assert.equal(sessionClaims(login.json.session).public_key, key.publicKey);
});

test('a missing or wrong X-Auth-Proxy-Config-ID is refused before anything is sent', async () => {
  const email = uniqueEmail('proxy-id');
  for (const id of [null, 'cfg-124', 'cfg-12']) {
    const res = await post('/v1/otp_init', { otpType: 'OTP_TYPE_EMAIL', contact: email }, id);
    assert.equal(res.status, 401);
    assert.equal(res.json.code, 'AUTH_PROXY_CONFIG_MISMATCH');
  }
  const outbox = (await (await fetch(`${s.api.url}/dev/outbox?contact=${encodeURIComponent(email)}`)).json()) as { messages: unknown[] };
  assert.deepEqual(outbox.messages, []);
});

test('what this backend does not offer is a 400, not silently ignored: invalidateExisting true, a caller-chosen organizationId', async () => {
  const key = generateP256KeyPair();
  for (const extra of [{ invalidateExisting: true }, { organizationId: 'someone-else' }]) {
    const res = await post('/v1/otp_login', { verificationToken: 'a.b.c', publicKey: key.publicKey, ...extra });
    assert.equal(res.status, 400, JSON.stringify(res.json));
    assert.equal(res.json.code, 'VALIDATION_FAILED');
  }
});
