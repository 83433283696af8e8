/** /signup (verified contacts only, 409 on duplicates) and /oauth-login (dev OpenID provider). */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { generateP256KeyPair } from '@turnkey/crypto';
import { TurnkeyClient } from '@turnkey/http';
import { ApiKeyStamper } from '@turnkey/api-key-stamper';
import { serverConfigFromEnv, startBackend } from '../src/index.ts';
import { devIdToken } from '../../local-api/test/helpers/oidc.ts';
import { backendEnv, sessionClaims, startSystem, uniqueEmail, type System } from './helpers/system.ts';

let s: System;
before(async () => {
  s = await startSystem();
});
after(() => s.stop());

const nonceFor = (pk: string) => createHash('sha256').update(pk).digest('hex');

async function tokenFor(email: string, publicKey?: string) {
  const init = await s.post('/otp/init', { otpType: 'OTP_TYPE_EMAIL', contact: email });
  const v = await s.post('/otp/verify', { otpId: init.json.otpId, otpCode: await s.code(email), ...(publicKey ? { publicKey } : {}) });
  assert.equal(v.status, 200, JSON.stringify(v.json));
  return v.json.verificationToken as string;
}

describe('/signup', () => {
  test('with a verified email and an API key: the key works on the new account, which is verified', async () => {
    const email = uniqueEmail('signup');
    const key = generateP256KeyPair();
    const res = await s.post('/signup', {
      userEmail: email,
      apiKeys: [{ apiKeyName: 'device', publicKey: key.publicKey, curveType: 'API_KEY_CURVE_P256' }],
      verificationToken: await tokenFor(email),
    });
    assert.equal(res.status, 200, JSON.stringify(res.json));
    assert.equal(res.json.wallet.addresses.length, 2);
    const client = new TurnkeyClient({ baseUrl: s.api.url }, new ApiKeyStamper({ apiPublicKey: key.publicKey, apiPrivateKey: key.privateKey }));
    const who = await client.getWhoami({ organizationId: res.json.subOrganizationId });
    assert.equal(who.userId, res.json.userId);
    // The account is found by a later OTP login for the same email.
    const device = generateP256KeyPair();
    const login = await s.post('/otp-login', { verificationToken: await tokenFor(email, device.publicKey), publicKey: device.publicKey });
    assert.equal(sessionClaims(login.json.sessionToken).organization_id, res.json.subOrganizationId);
  });

  test('refused without proof (403), with proof of another contact (403), and on a duplicate (409)', async () => {
    const email = uniqueEmail('noproof');
    const r1 = await s.post('/signup', { userEmail: email });
    assert.deepEqual([r1.status, r1.json.code], [403, 'CONTACT_NOT_VERIFIED']);
    const r2 = await s.post('/signup', { userEmail: email, verificationToken: await tokenFor(uniqueEmail('other')) });
    assert.deepEqual([r2.status, r2.json.code], [403, 'CONTACT_NOT_VERIFIED']);
    const ok = await s.post('/signup', { userEmail: email, verificationToken: await tokenFor(email) });
    assert.equal(ok.status, 200);
    const dup = await s.post('/signup', { userEmail: email, verificationToken: await tokenFor(email) });
    assert.deepEqual([dup.status, dup.json.code], [409, 'CONTACT_EXISTS']);
    // No contact at all is fine: a passkey- or key-only account.
    const bare = await s.post('/signup', { userName: 'anon', apiKeys: [{ apiKeyName: 'k', publicKey: generateP256KeyPair().publicKey, curveType: 'API_KEY_CURVE_P256' }] });
    assert.equal(bare.status, 200, JSON.stringify(bare.json));
  });

  test('SIGNUP_REQUIRE_VERIFIED_CONTACT=false lets a trusted deployment attach an unproven email', async () => {
    const backend = await startBackend(serverConfigFromEnv(backendEnv(s.api, { SIGNUP_REQUIRE_VERIFIED_CONTACT: 'false' })));
    try {
      const res = await fetch(`${backend.url}/signup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userEmail: uniqueEmail('trusted') }) });
      assert.equal(res.status, 200);
    } finally {
      await backend.close();
    }
  });

  test('with an OAuth provider: /oauth-login then reaches that account', async () => {
    const { issuer, clientId } = s.api.oidc!;
    const login = uniqueEmail('signup-oauth');
    const res = await s.post('/signup', { userName: 'oauth user', oauthProviders: [{ providerName: 'dev', oidcToken: await devIdToken(issuer, clientId, login, 'x') }] });
    assert.equal(res.status, 200, JSON.stringify(res.json));
    const key = generateP256KeyPair();
    const again = await s.post('/oauth-login', { oidcToken: await devIdToken(issuer, clientId, login, nonceFor(key.publicKey)), publicKey: key.publicKey });
    assert.equal(again.status, 200, JSON.stringify(again.json));
    assert.equal(sessionClaims(again.json.sessionToken).organization_id, res.json.subOrganizationId);
  });
});

describe('/oauth-login', () => {
  test('first login creates the account with the verified email; the second reaches it; a wrong nonce is refused', async () => {
    const { issuer, clientId } = s.api.oidc!;
    const email = uniqueEmail('oauth');
    const key = generateP256KeyPair();
    const first = await s.post('/oauth-login', { oidcToken: await devIdToken(issuer, clientId, email, nonceFor(key.publicKey)), publicKey: key.publicKey, providerName: 'dev' });
    assert.equal(first.status, 200, JSON.stringify(first.json));
    const c = sessionClaims(first.json.sessionToken);
    const client = new TurnkeyClient({ baseUrl: s.api.url }, new ApiKeyStamper({ apiPublicKey: key.publicKey, apiPrivateKey: key.privateKey }));
    const user = await client.getUser({ organizationId: c.organization_id, userId: c.user_id });
    assert.equal(user.user.userEmail, email);
    assert.equal(user.user.oauthProviders[0]!.providerName, 'dev');

    const key2 = generateP256KeyPair();
    const second = await s.post('/oauth-login', { oidcToken: await devIdToken(issuer, clientId, email, nonceFor(key2.publicKey)), publicKey: key2.publicKey });
    assert.equal(sessionClaims(second.json.sessionToken).organization_id, c.organization_id);

    const key3 = generateP256KeyPair();
    const wrong = await s.post('/oauth-login', { oidcToken: await devIdToken(issuer, clientId, uniqueEmail('nonce'), nonceFor(key2.publicKey)), publicKey: key3.publicKey });
    assert.deepEqual([wrong.status, wrong.json.code], [401, 'OIDC_INVALID']);
  });
});
