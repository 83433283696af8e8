/** create_read_write_session V2 (HPKE credential bundle) and create_read_only_session (X-Session). */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { decryptCredentialBundle, generateP256KeyPair, getPublicKey, verifySessionJwtSignature } from '@turnkey/crypto';
import { decodeJwtClaims } from '@tkauth/wire';
import { newKey, rootUser, uniqueEmail } from './helpers/fixtures.ts';
import { httpFor, rawPost, sdkFor, startTestApi, type TestApi } from './helpers/local-api.ts';
import { wellKnown } from './helpers/otp.ts';

let t: TestApi;
before(async () => {
  t = await startTestApi();
});
after(() => t.stop());

async function subOrgUser() {
  const key = newKey();
  const email = uniqueEmail('sessions');
  const sub = await t.sdk.createSubOrganization({
    subOrganizationName: email,
    rootQuorumThreshold: 1,
    rootUsers: [rootUser(email, [key])],
  });
  return { sub, key, email, client: sdkFor(t.api.url, sub.subOrganizationId, key) };
}

test('create_read_write_session: the bundle opens with decryptCredentialBundle and its key stamps requests', async () => {
  const { sub, client, email } = await subOrgUser();
  const embedded = generateP256KeyPair();
  const res = await client.createReadWriteSession({ targetPublicKey: embedded.publicKeyUncompressed, apiKeyName: 'iframe', expirationSeconds: '600' });
  assert.equal(res.organizationId, sub.subOrganizationId);
  assert.equal(res.userId, sub.rootUserIds![0]);
  assert.equal(res.username, email);
  const privateKey = decryptCredentialBundle(res.credentialBundle, embedded.privateKey);
  assert.match(privateKey, /^[0-9a-f]{64}$/);
  const publicKey = Buffer.from(getPublicKey(Buffer.from(privateKey, 'hex'), true)).toString('hex');
  const who = await httpFor(t.api.url, { publicKey, privateKey }).getWhoami({ organizationId: sub.subOrganizationId });
  assert.equal(who.userId, sub.rootUserIds![0]);
  const keys = await client.getApiKeys({ userId: sub.rootUserIds![0]! });
  const session = keys.apiKeys.find((k) => k.apiKeyId === res.apiKeyId)!;
  assert.equal(session.apiKeyName, 'iframe');
  assert.equal(session.expirationSeconds, '600');
  assert.equal(session.credential.publicKey, publicKey);
  // The bundle is for the embedded key only.
  assert.throws(() => decryptCredentialBundle(res.credentialBundle, generateP256KeyPair().privateKey));
});

test('create_read_only_session: X-Session authenticates queries, never activities', async () => {
  const { sub, client } = await subOrgUser();
  const ro = await client.createReadOnlySession({});
  const keys = await wellKnown(t.api.url);
  assert.equal(await verifySessionJwtSignature(ro.session, keys.notarizerSignPublicKey), true);
  const claims = decodeJwtClaims(ro.session);
  assert.equal(claims.session_type, 'SESSION_TYPE_READ_ONLY');
  assert.equal(String(claims.exp), ro.sessionExpiry);

  const body = JSON.stringify({ organizationId: sub.subOrganizationId });
  const who = await rawPost(t.api.url, '/public/v1/query/whoami', body, { 'X-Session': ro.session });
  assert.equal(who.status, 200);
  assert.equal(who.json.userId, sub.rootUserIds![0]);

  const activity = JSON.stringify({ type: 'ACTIVITY_TYPE_CREATE_WALLET', timestampMs: String(Date.now()), organizationId: sub.subOrganizationId, parameters: { walletName: 'x', accounts: [] } });
  const refused = await rawPost(t.api.url, '/public/v1/submit/create_wallet', activity, { 'X-Session': ro.session });
  assert.equal(refused.status, 403);
  assert.match(refused.json.message, /read-only session/);

  const [h, p] = ro.session.split('.');
  const forged = `${h}.${p}.${Buffer.alloc(64, 1).toString('base64url')}`;
  const bad = await rawPost(t.api.url, '/public/v1/query/whoami', body, { 'X-Session': forged });
  assert.equal(bad.status, 401);
  const elsewhere = await rawPost(t.api.url, '/public/v1/query/whoami', JSON.stringify({ organizationId: t.api.credentials.organizationId }), { 'X-Session': ro.session });
  assert.equal(elsewhere.status, 403);
});
