/**
 * Secrets never reach the logs (DESIGN.md conventions): with logging at debug, a whole OTP login —
 * including a refused wrong code — leaves no code, verification token, session JWT or stamp in them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { encryptOtpCodeToBundle } from '@turnkey/crypto';
import { newKey, rootUser, uniqueEmail } from './helpers/fixtures.ts';
import { httpFor, startTestApi } from './helpers/local-api.ts';
import { codeFromOutbox, loginClientSignature, tokenId, wellKnown } from './helpers/otp.ts';

test('debug logs of an OTP login hold no code, token, session or stamp', async () => {
  const stream = new PassThrough();
  let logs = '';
  stream.on('data', (d) => (logs += d));
  const t = await startTestApi({ config: { logLevel: 'debug' }, logStream: stream });
  try {
    const keys = await wellKnown(t.api.url);
    const email = uniqueEmail('logs');
    const sub = await t.sdk.createSubOrganization({ subOrganizationName: email, rootQuorumThreshold: 1, rootUsers: [rootUser(email)] });
    const device = newKey();
    const init = await t.sdk.initOtp({ otpType: 'OTP_TYPE_EMAIL', contact: email, appName: 'logs', otpLength: 9, alphanumeric: true });
    const code = await codeFromOutbox(t.api.url, email);
    const wrong = (code[0] === 'A' ? 'B' : 'A') + code.slice(1);
    await assert.rejects(t.sdk.verifyOtp({ otpId: init.otpId, encryptedOtpBundle: await encryptOtpCodeToBundle(wrong, init.otpEncryptionTargetBundle, device.publicKey, keys.tlsFetcherSignPublicKey) }));
    const { verificationToken } = await t.sdk.verifyOtp({ otpId: init.otpId, encryptedOtpBundle: await encryptOtpCodeToBundle(code, init.otpEncryptionTargetBundle, device.publicKey, keys.tlsFetcherSignPublicKey) });
    const { session } = await t.sdk.otpLogin({ organizationId: sub.subOrganizationId, verificationToken, publicKey: device.publicKey, clientSignature: await loginClientSignature(device, device.publicKey, tokenId(verificationToken)) });
    await httpFor(t.api.url, device).getWhoami({ organizationId: sub.subOrganizationId });

    assert.ok(logs.includes('"reqId"'), 'debug logging was on and captured');
    assert.ok(logs.includes('request refused'), 'the wrong code was logged as a refusal');
    for (const [name, secret] of Object.entries({ code, wrong, verificationToken, session, privateKey: device.privateKey })) {
      assert.ok(!logs.includes(secret), `${name} must not appear in the logs`);
    }
    assert.ok(!/x-stamp/i.test(logs), 'no stamp header in the logs');
  } finally {
    await t.stop();
  }
});
