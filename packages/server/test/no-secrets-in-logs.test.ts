/** The backend's logs of a full login hold no code, token, session JWT or private key (issue 4 "Logging"). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { generateP256KeyPair } from '@turnkey/crypto';
import { startSystem, uniqueEmail } from './helpers/system.ts';

test('one log line per request with route, status, latency and upstream activity ids; no secrets', async () => {
  const stream = new PassThrough();
  let logs = '';
  stream.on('data', (d) => (logs += d));
  const s = await startSystem({ env: { LOG_LEVEL: 'debug' }, logStream: stream });
  try {
    const email = uniqueEmail('logs');
    const key = generateP256KeyPair();
    const init = await s.post('/otp/init', { otpType: 'OTP_TYPE_EMAIL', contact: email });
    const code = await s.code(email);
    await s.post('/otp/verify', { otpId: init.json.otpId, otpCode: code === '000000' ? '111111' : '000000' });
    const v = await s.post('/otp/verify', { otpId: init.json.otpId, otpCode: code, publicKey: key.publicKey });
    const login = await s.post('/otp-login', { verificationToken: v.json.verificationToken, publicKey: key.publicKey });
    assert.equal(login.status, 200);

    const lines = logs.trim().split('\n').map((l) => JSON.parse(l));
    const requests = lines.filter((l) => l.msg === 'request');
    assert.deepEqual(requests.map((l) => [l.route, l.status]), [['/otp/init', 200], ['/otp/verify', 401], ['/otp/verify', 200], ['/otp-login', 200]]);
    for (const r of requests) {
      assert.equal(typeof r.reqId, 'string');
      assert.equal(typeof r.ms, 'number');
    }
    assert.equal(requests[3].upstream.length, 2, 'otp-login logs the create and login activity ids');
    for (const [name, secret] of Object.entries({ code, token: v.json.verificationToken, session: login.json.sessionToken, privateKey: key.privateKey })) {
      assert.ok(!logs.includes(secret), `${name} must not appear in the logs`);
    }
  } finally {
    await s.stop();
  }
});
