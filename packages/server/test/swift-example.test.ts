/** The Swift SDK example server's routes answer with its shapes (tkhq/swift-sdk example-server). */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { generateP256KeyPair } from '@turnkey/crypto';
import { devIdToken } from '../../local-api/test/helpers/oidc.ts';
import { sessionClaims, startSystem, uniqueEmail, type System } from './helpers/system.ts';

let s: System;
before(async () => {
  s = await startSystem();
});
after(() => s.stop());


test('/auth/sendOtp → /auth/verifyOtp with publicKey: {token} (the demo app logs in in one step)', async () => {
  const email = uniqueEmail('swift');
  const send = await s.post('/auth/sendOtp', { otpType: 'OTP_TYPE_EMAIL', contact: email, userIdentifier: 'device-1' });
  assert.equal(send.status, 200);
  assert.deepEqual(Object.keys(send.json), ['otpId']);
  const key = generateP256KeyPair();
  const verify = await s.post('/auth/verifyOtp', { otpId: send.json.otpId, otpCode: await s.code(email), otpType: 'OTP_TYPE_EMAIL', contact: email, publicKey: key.publicKey, expirationSeconds: '900' });
  assert.equal(verify.status, 200, JSON.stringify(verify.json));
  assert.equal(sessionClaims(verify.json.token).public_key, key.publicKey);
});

test('/auth/verifyOtp without publicKey → {verificationToken}; /auth/otp → {token}', async () => {
  const email = uniqueEmail('swift-two-step');
  const send = await s.post('/auth/sendOtp', { otpType: 'OTP_TYPE_EMAIL', contact: email });
  const key = generateP256KeyPair();
  const verify = await s.post('/auth/verifyOtp', { otpId: send.json.otpId, otpCode: await s.code(email) });
  assert.deepEqual(Object.keys(verify.json), ['verificationToken']);
  const otp = await s.post('/auth/otp', { verificationToken: verify.json.verificationToken, publicKey: key.publicKey });
  assert.equal(otp.status, 200, JSON.stringify(otp.json));
  assert.deepEqual(Object.keys(otp.json), ['token']);
});

test('/auth/createSubOrg → {subOrganizationId}; an unproven email is refused as on /signup', async () => {
  const key = generateP256KeyPair();
  const ok = await s.post('/auth/createSubOrg', { apiKeys: [{ apiKeyName: 'k', publicKey: key.publicKey, curveType: 'API_KEY_CURVE_P256' }] });
  assert.equal(ok.status, 200, JSON.stringify(ok.json));
  assert.deepEqual(Object.keys(ok.json), ['subOrganizationId']);
  const refused = await s.post('/auth/createSubOrg', { email: uniqueEmail('swift-unproven') });
  assert.deepEqual([refused.status, refused.json.code], [403, 'CONTACT_NOT_VERIFIED']);
});

test('/auth/oAuth → {token}', async () => {
  const { issuer, clientId } = s.api.oidc!;
  const key = generateP256KeyPair();
  const oidcToken = await devIdToken(issuer, clientId, uniqueEmail('swift-oauth'), createHash('sha256').update(key.publicKey).digest('hex'));
  const res = await s.post('/auth/oAuth', { publicKey: key.publicKey, providerName: 'google', oidcToken });
  assert.equal(res.status, 200, JSON.stringify(res.json));
  assert.equal(sessionClaims(res.json.token).public_key, key.publicKey);
});
