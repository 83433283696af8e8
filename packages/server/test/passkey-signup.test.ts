/**
 * Passkey sign-up through the backend (Turnkey's with-passkeys/with-backend example,
 * turnkey-wire-logins.md §1.3): /signup `passkey` + a temporary API key, the Swift example's
 * /auth/createSubOrg and the auth proxy's /v1/signup(_v2) in core's shapes; the device then logs
 * in once with the temporary key, and later with its passkey alone, addressed to the parent
 * organization, with no backend involved. The passkey is the software authenticator of the local
 * API's tests; the clients are the official @turnkey/http and @turnkey/api-key-stamper.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { ApiKeyStamper, SignatureFormat } from '@turnkey/api-key-stamper';
import { generateP256KeyPair } from '@turnkey/crypto';
import { TurnkeyClient, type TurnkeyApiTypes } from '@turnkey/http';
import type { ProxyTSignupBody, ProxyTSignupV2Body, ProxyTSignupV2Response } from '@turnkey/sdk-types';
import { signupUsageMessage } from '@tkauth/wire';
import { serverConfigFromEnv, startBackend } from '../src/index.ts';
import { asParams, noneAttestationPasskey, passkeyStamper, type TestPasskey } from '../../local-api/test/helpers/passkey.ts';
import { backendEnv, sessionClaims, startSystem, uniqueEmail, type System, refused, verificationTokenFor, tokenId } from './helpers/system.ts';

let s: System;
let parent: TurnkeyClient;
let parentOrg: string;

before(async () => {
  s = await startSystem();
  const c = s.api.credentials;
  parentOrg = c.organizationId;
  parent = new TurnkeyClient({ baseUrl: c.apiBaseUrl }, new ApiKeyStamper({ apiPublicKey: c.apiPublicKey, apiPrivateKey: c.apiPrivateKey }));
});
after(() => s.stop());

/** The sign-up bootstrap key: a P-256 pair made on the device, good for 60 s (core's signUpWithPasskey). */
function tempKey() {
  const key = generateP256KeyPair();
  const apiKey = { apiKeyName: `passkey-auth-${key.publicKey}`, publicKey: key.publicKey, curveType: 'API_KEY_CURVE_P256' as const, expirationSeconds: '60' };
  return { ...key, apiKey, stamper: new ApiKeyStamper({ apiPublicKey: key.publicKey, apiPrivateKey: key.privateKey }) };
}

/** The backend's contract: `passkey` without the test's extras, the name left to the default. */
const passkeyField = (pk: TestPasskey) => ({ challenge: pk.challenge, attestation: pk.attestation });

const stampLoginBody = (organizationId: string, publicKey: string) => ({
  type: 'ACTIVITY_TYPE_STAMP_LOGIN' as const,
  timestampMs: String(Date.now()),
  organizationId,
  parameters: { publicKey, expirationSeconds: '900' },
});

/** stamp_login with any stamper → the session JWT. */
async function stampLogin(client: TurnkeyClient, organizationId: string, sessionPublicKey: string): Promise<string> {
  const res = await client.stampLogin(stampLoginBody(organizationId, sessionPublicKey));
  assert.equal(res.activity.status, 'ACTIVITY_STATUS_COMPLETED');
  return res.activity.result.stampLoginResult!.session;
}

const subOrgsWith = async (filterType: 'CREDENTIAL_ID' | 'PUBLIC_KEY' | 'EMAIL', filterValue: string) =>
  (await parent.getSubOrgIds({ organizationId: parentOrg, filterType, filterValue })).organizationIds;

/** Nothing was created for this passkey or its temporary key. */
async function assertNothingCreated(pk: TestPasskey, temp: { publicKey: string }) {
  assert.deepEqual(await subOrgsWith('CREDENTIAL_ID', pk.attestation.credentialId), []);
  assert.deepEqual(await subOrgsWith('PUBLIC_KEY', temp.publicKey), []);
}

const tokenFor = (email: string, publicKey?: string) => verificationTokenFor(s, email, publicKey);

describe('/signup with a passkey and a temporary key', () => {
  test('→ 200 {subOrganizationId, userId, wallet}; the temporary key logs in once; the sub-organization holds the passkey', async () => {
    const pk = noneAttestationPasskey();
    const temp = tempKey();
    const res = await s.post('/signup', { userName: 'passkey user', passkey: passkeyField(pk), apiKeys: [temp.apiKey] });
    assert.equal(res.status, 200, JSON.stringify(res.json));
    const { subOrganizationId, userId, wallet } = res.json;
    assert.match(subOrganizationId, /^[0-9a-f-]{36}$/);
    assert.equal(wallet.addresses.length, 2);

    // The device's first session, stamped by the temporary key on the new sub-organization.
    const session = generateP256KeyPair();
    const claims = sessionClaims(await stampLogin(new TurnkeyClient({ baseUrl: s.api.url }, temp.stamper), subOrganizationId, session.publicKey));
    assert.equal(claims.organization_id, subOrganizationId);
    assert.equal(claims.user_id, userId);
    assert.equal(claims.public_key, session.publicKey);

    const { authenticators } = await parent.getAuthenticators({ organizationId: subOrganizationId, userId });
    assert.equal(authenticators.length, 1);
    assert.equal(authenticators[0]!.credentialId, pk.attestation.credentialId);
    assert.equal(authenticators[0]!.authenticatorName, 'Passkey');
    assert.deepEqual(await subOrgsWith('CREDENTIAL_ID', pk.attestation.credentialId), [subOrganizationId]);
  });

  test('then a passkey login with no backend: stamp_login stamped by the passkey, addressed to the parent, is a session for the sub-organization', async () => {
    const pk = noneAttestationPasskey();
    const temp = tempKey();
    const res = await s.post('/signup', { passkey: { ...passkeyField(pk), authenticatorName: 'my laptop: work/1.0' }, apiKeys: [temp.apiKey] });
    assert.equal(res.status, 200, JSON.stringify(res.json));

    const device = new TurnkeyClient({ baseUrl: s.api.url }, passkeyStamper(pk));
    const session = generateP256KeyPair();
    const claims = sessionClaims(await stampLogin(device, parentOrg, session.publicKey));
    assert.equal(claims.organization_id, res.json.subOrganizationId);
    assert.equal(claims.user_id, res.json.userId);
    assert.equal(claims.public_key, session.publicKey);
    // The session key now reads its own account.
    const sessionClient = new TurnkeyClient({ baseUrl: s.api.url }, new ApiKeyStamper({ apiPublicKey: session.publicKey, apiPrivateKey: session.privateKey }));
    assert.equal((await sessionClient.getWhoami({ organizationId: res.json.subOrganizationId })).userId, res.json.userId);
  });

  test('with an email and its verification token — bound to the device key, with its clientSignature naming the passkey — the account has both', async () => {
    const email = uniqueEmail('passkey-email');
    const pk = noneAttestationPasskey();
    const temp = tempKey();
    const verificationToken = await tokenFor(email, temp.publicKey);
    // The device signs the sign-up as it will reach the API: the passkey is its one authenticator.
    const message = signupUsageMessage({ email, apiKeys: [temp.apiKey], authenticators: [{ authenticatorName: 'Passkey', ...passkeyField(pk) }], oauthProviders: [] }, tokenId(verificationToken));
    const clientSignature = { publicKey: temp.publicKey, scheme: 'CLIENT_SIGNATURE_SCHEME_API_P256' as const, message, signature: await temp.stamper.sign(message, SignatureFormat.Raw) };
    const res = await s.post('/signup', { userEmail: email, verificationToken, clientSignature, passkey: passkeyField(pk), apiKeys: [temp.apiKey] });
    assert.equal(res.status, 200, JSON.stringify(res.json));
    const { user } = await parent.getUser({ organizationId: res.json.subOrganizationId, userId: res.json.userId });
    assert.equal(user.userEmail, email);
    assert.deepEqual(user.authenticators.map((a) => a.credentialId), [pk.attestation.credentialId]);
  });
});

describe('/auth/createSubOrg (Swift example) with a passkey', () => {
  test('→ {subOrganizationId}; the free-text name is kept in Turnkey\'s allowed characters', async () => {
    const pk = noneAttestationPasskey();
    const temp = tempKey();
    const res = await s.post('/auth/createSubOrg', { passkey: { name: "Ana's iPhone ✨", ...passkeyField(pk) }, apiKeys: [temp.apiKey] });
    assert.equal(res.status, 200, JSON.stringify(res.json));
    assert.deepEqual(Object.keys(res.json), ['subOrganizationId']);
    assert.deepEqual(await subOrgsWith('CREDENTIAL_ID', pk.attestation.credentialId), [res.json.subOrganizationId]);
    const { users } = await parent.getUsers({ organizationId: res.json.subOrganizationId });
    assert.deepEqual(users[0]!.authenticators.map((a) => a.authenticatorName), ['Anas iPhone']);
    // The same refusals as /signup: the attestation is typed, not passed on unread.
    const untyped = await s.post('/auth/createSubOrg', { passkey: { challenge: pk.challenge, attestation: { anything: 1 } } });
    refused(untyped, 400, 'VALIDATION_FAILED');
    refused(await s.post('/auth/createSubOrg', { passkey: passkeyField(pk), apiKeys: [tempKey().apiKey] }), 409, 'CONTACT_EXISTS');
  });
});

describe('/v1/signup and /v1/signup_v2 (auth proxy) with a passkey, as @turnkey/core signUpWithPasskey sends it', () => {
  for (const route of ['/v1/signup_v2', '/v1/signup'] as const) {
    test(`${route}: authenticators + the temporary apiKey → {organizationId, userId}; the temporary key logs in on it`, async () => {
      const pk = noneAttestationPasskey({ name: `passkey-${Date.now()}` });
      const temp = tempKey();
      const body = { userName: `passkey-${Date.now()}`, authenticators: [asParams(pk)], apiKeys: [temp.apiKey], oauthProviders: [] } satisfies ProxyTSignupV2Body & ProxyTSignupBody;
      const res = await s.post(route, body);
      assert.equal(res.status, 200, JSON.stringify(res.json));
      const { organizationId, userId } = res.json as ProxyTSignupV2Response;
      assert.match(organizationId, /^[0-9a-f-]{36}$/);
      assert.match(userId, /^[0-9a-f-]{36}$/);
      const claims = sessionClaims(await stampLogin(new TurnkeyClient({ baseUrl: s.api.url }, temp.stamper), organizationId, generateP256KeyPair().publicKey));
      assert.equal(claims.organization_id, organizationId);
      const { authenticators } = await parent.getAuthenticators({ organizationId, userId });
      assert.deepEqual(authenticators.map((a) => [a.credentialId, a.authenticatorName]), [[pk.attestation.credentialId, pk.authenticatorName]]);
    });
  }

  test('a registration over another challenge: the proxy\'s 400 (gRPC 3), nothing created', async () => {
    const pk = noneAttestationPasskey();
    const temp = tempKey();
    const res = await s.post('/v1/signup_v2', { authenticators: [{ ...asParams(pk), challenge: randomBytes(32).toString('base64url') }], apiKeys: [temp.apiKey], oauthProviders: [] });
    assert.equal(res.status, 400, JSON.stringify(res.json));
    assert.equal(res.json.code, 3);
    assert.equal(res.json.details[0].errorCode, 'VALIDATION_FAILED');
    await assertNothingCreated(pk, temp);
  });
});

describe('/signup refuses, and creates nothing', () => {
  test('a passkey whose clientDataJSON holds another challenge, or is no registration → 400', async () => {
    const pk = noneAttestationPasskey();
    const temp = tempKey();
    const other = await s.post('/signup', { passkey: { ...passkeyField(pk), challenge: randomBytes(32).toString('base64url') }, apiKeys: [temp.apiKey] });
    refused(other, 400, 'VALIDATION_FAILED', /invalid authenticator attestation: passkey\.attestation\.clientDataJson holds another challenge/);
    const clientDataJson = Buffer.from(JSON.stringify({ type: 'webauthn.get', challenge: pk.challenge, origin: pk.origin })).toString('base64url');
    const assertionData = await s.post('/signup', { passkey: { ...passkeyField(pk), attestation: { ...pk.attestation, clientDataJson } }, apiKeys: [temp.apiKey] });
    refused(assertionData, 400, 'VALIDATION_FAILED', /webauthn\.create/);
    await assertNothingCreated(pk, temp);
  });

  test('a malformed attestationObject → 400 in the API\'s words', async () => {
    const pk = noneAttestationPasskey();
    const temp = tempKey();
    const attestationObject = Buffer.from('not a CBOR attestation object').toString('base64url');
    const res = await s.post('/signup', { passkey: { ...passkeyField(pk), attestation: { ...pk.attestation, attestationObject } }, apiKeys: [temp.apiKey] });
    refused(res, 400, 'VALIDATION_FAILED', /invalid authenticator attestation/);
    await assertNothingCreated(pk, temp);
  });

  test('the same passkey signed up twice → 409, and it still has one account', async () => {
    const pk = noneAttestationPasskey();
    const first = await s.post('/signup', { passkey: passkeyField(pk), apiKeys: [tempKey().apiKey] });
    assert.equal(first.status, 200, JSON.stringify(first.json));
    const temp = tempKey();
    refused(await s.post('/signup', { passkey: passkeyField(pk), apiKeys: [temp.apiKey] }), 409, 'CONTACT_EXISTS', /passkey: this passkey already has an account/);
    // Given as `authenticators` it is the same credential.
    refused(await s.post('/signup', { authenticators: [asParams(pk)] }), 409, 'CONTACT_EXISTS', /authenticators\[0\]/);
    assert.deepEqual(await subOrgsWith('CREDENTIAL_ID', pk.attestation.credentialId), [first.json.subOrganizationId]);
    assert.deepEqual(await subOrgsWith('PUBLIC_KEY', temp.publicKey), []);
  });

  test('two concurrent sign-ups of one passkey, its id in two base64 alphabets: one account, one 409', async () => {
    const pk = noneAttestationPasskey();
    const std = Buffer.from(pk.attestation.credentialId, 'base64url').toString('base64');
    const [a, b] = await Promise.all([
      s.post('/signup', { passkey: passkeyField(pk), apiKeys: [tempKey().apiKey] }),
      s.post('/signup', { passkey: { ...passkeyField(pk), attestation: { ...pk.attestation, credentialId: std } }, apiKeys: [tempKey().apiKey] }),
    ]);
    assert.deepEqual([a.status, b.status].sort(), [200, 409], JSON.stringify([a.json, b.json]));
    assert.equal((await subOrgsWith('CREDENTIAL_ID', pk.attestation.credentialId)).length, 1);
  });

  test('a passkey with an email but no verification token → 403 CONTACT_NOT_VERIFIED', async () => {
    const email = uniqueEmail('passkey-unproven');
    const pk = noneAttestationPasskey();
    const temp = tempKey();
    refused(await s.post('/signup', { userEmail: email, passkey: passkeyField(pk), apiKeys: [temp.apiKey] }), 403, 'CONTACT_NOT_VERIFIED', /userEmail/);
    await assertNothingCreated(pk, temp);
    assert.deepEqual(await subOrgsWith('EMAIL', email), []);
  });

  test('a name outside Turnkey\'s allowed characters or longer than 64, a transport outside its enum → 400', async () => {
    const pk = noneAttestationPasskey();
    const temp = tempKey();
    for (const authenticatorName of ['<script>', 'naïve', '', 'x'.repeat(65), 'tab\there']) {
      refused(await s.post('/signup', { passkey: { ...passkeyField(pk), authenticatorName }, apiKeys: [temp.apiKey] }), 400, 'VALIDATION_FAILED', /authenticatorName/);
    }
    refused(await s.post('/signup', { authenticators: [{ ...asParams(pk), authenticatorName: 'a;b' }] }), 400, 'VALIDATION_FAILED', /authenticatorName/);
    // Likewise a transport outside Turnkey's enum (what @turnkey/http's toInternalAttestation refuses).
    const transports = ['smart-card'];
    refused(await s.post('/signup', { passkey: { ...passkeyField(pk), attestation: { ...pk.attestation, transports } }, apiKeys: [temp.apiKey] }), 400, 'VALIDATION_FAILED', /transports\/0 must be equal to one of the allowed values/);
    await assertNothingCreated(pk, temp);
  });

  test('passkey and authenticators at once → 400 naming both', async () => {
    const pk = noneAttestationPasskey();
    const temp = tempKey();
    const res = await s.post('/signup', { passkey: passkeyField(pk), authenticators: [asParams(noneAttestationPasskey())], apiKeys: [temp.apiKey] });
    refused(res, 400, 'VALIDATION_FAILED', /either passkey or authenticators, not both/);
    await assertNothingCreated(pk, temp);
  });
});

/**
 * A key-management API that answers create_sub_organization with an activity that did not complete
 * (or completed without naming the sub-organization): the answer must not be a success.
 */
async function apiAnswering(activity: { status: TurnkeyApiTypes['v1ActivityStatus']; result: unknown }) {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const send = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      if (req.url === '/public/v1/query/list_suborgs') return send(200, { organizationIds: [] });
      if (req.url === '/public/v1/submit/create_sub_organization') return send(200, { activity: { id: 'activity-1', organizationId: parentOrg, type: 'ACTIVITY_TYPE_CREATE_SUB_ORGANIZATION_V8', ...activity } });
      send(404, { code: 5, message: 'not found', details: [] });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const backend = await startBackend(serverConfigFromEnv(backendEnv(s.api, { TURNKEY_API_URL: url })));
  return {
    post: async (route: string, body: unknown) => {
      const res = await fetch(backend.url + route, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return { status: res.status, json: (await res.json()) as any };
    },
    close: async () => {
      await backend.close();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

describe('a sign-up is a success only when the API completed it and named the sub-organization', () => {
  const cases = [
    { name: 'FAILED', status: 'ACTIVITY_STATUS_FAILED', result: {}, message: /activity ACTIVITY_STATUS_FAILED/ },
    { name: 'REJECTED', status: 'ACTIVITY_STATUS_REJECTED', result: {}, message: /activity ACTIVITY_STATUS_REJECTED/ },
    { name: 'COMPLETED without a subOrganizationId', status: 'ACTIVITY_STATUS_COMPLETED', result: { createSubOrganizationResultV8: { rootUserIds: ['u'] } }, message: /without a subOrganizationId/ },
  ] as const;
  for (const c of cases) {
    test(`${c.name} → 502 UPSTREAM_REJECTED, on /signup and /v1/signup_v2`, async () => {
      const api = await apiAnswering(c);
      try {
        const pk = noneAttestationPasskey();
        refused(await api.post('/signup', { passkey: passkeyField(pk), apiKeys: [tempKey().apiKey] }), 502, 'UPSTREAM_REJECTED', c.message);
        const proxy = await api.post('/v1/signup_v2', { authenticators: [asParams(pk)], apiKeys: [tempKey().apiKey], oauthProviders: [] });
        assert.equal(proxy.status, 502, JSON.stringify(proxy.json));
        assert.equal(proxy.json.details[0].errorCode, 'UPSTREAM_REJECTED');
      } finally {
        await api.close();
      }
    });
  }
});
