/**
 * Passkeys end to end on the local API (turnkey-wire.md §2.2, turnkey-wire-logins.md §1, §3.2):
 * registrations verified with @simplewebauthn/server, X-Stamp-Webauthn on any route through the
 * official @turnkey/http client, parent-addressed stamp_login / whoami / create_read_only_session
 * resolved by credential id, and every refusal a 401/400 with Turnkey's message and nothing written.
 * The authenticator is the software one in helpers/passkey.ts (real P-256 signatures over real
 * authData); Chromium's virtual authenticator is judged in the web and client suites.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { TurnkeyClient } from '@turnkey/http';
import { verifySessionJwtSignature } from '@turnkey/crypto';
import { decodeJwtClaims, type SessionClaims } from '@tkauth/wire';
import { ETH_ACCOUNT, newKey } from './helpers/fixtures.ts';
import { httpFor, rawPost, startTestApi, stampHeader, type TestApi } from './helpers/local-api.ts';
import { asParams, assertion, noneAttestationPasskey, passkeyStamper, type TestPasskey } from './helpers/passkey.ts';
import { rowCounts } from './helpers/db-counts.ts';
import { wellKnown } from './helpers/otp.ts';

let t: TestApi;
let parent: string;
let notarizer: string;
before(async () => {
  t = await startTestApi();
  parent = t.api.credentials.organizationId;
  notarizer = (await wellKnown(t.api.url)).notarizerSignPublicKey;
});
after(() => t.stop());

const claimsOf = (jwt: string) => decodeJwtClaims(jwt) as unknown as SessionClaims;
const now = () => String(Date.now());
let n = 0;

/** A sub-organization whose root user holds `passkeys` (and optionally an API key), as the backend creates it. */
async function subOrgWith(passkeys: TestPasskey[], apiKey?: { publicKey: string }) {
  const sub = await t.sdk.createSubOrganization({
    subOrganizationName: `passkey org ${++n}`,
    rootQuorumThreshold: 1,
    rootUsers: [
      {
        userName: `passkey user ${n}`,
        apiKeys: apiKey ? [{ apiKeyName: 'k', publicKey: apiKey.publicKey, curveType: 'API_KEY_CURVE_P256' }] : [],
        authenticators: passkeys.map(asParams),
        oauthProviders: [],
      },
    ],
    wallet: { walletName: 'w', accounts: [ETH_ACCOUNT] },
  });
  return { orgId: sub.subOrganizationId, userId: sub.rootUserIds![0]! };
}

const passkeyClient = (pk: TestPasskey, firstCount = 0) => new TurnkeyClient({ baseUrl: t.api.url }, passkeyStamper(pk, firstCount));
const stampLoginBody = (orgId: string, publicKey: string) =>
  JSON.stringify({ parameters: { publicKey, expirationSeconds: '900' }, organizationId: orgId, timestampMs: now(), type: 'ACTIVITY_TYPE_STAMP_LOGIN' });

/** Posts with a passkey stamp and expects a refusal that wrote nothing. */
async function refused(route: string, body: string, stamp: string, status: number, message: RegExp) {
  const before = await rowCounts(t.dataDir);
  const r = await rawPost(t.api.url, route, body, { 'X-Stamp-Webauthn': stamp });
  assert.equal(r.status, status, JSON.stringify(r.json));
  assert.match(r.json.message, message);
  assert.deepEqual(await rowCounts(t.dataDir), before, 'nothing written');
  return r.json;
}

describe('passkey logins addressed to the parent (how @turnkey/core loginWithPasskey finds the account)', () => {
  test('stamp_login stamped by the passkey, sent to the parent: a session for the sub-organization', async () => {
    const pk = noneAttestationPasskey();
    const sub = await subOrgWith([pk]);
    const session = newKey();
    const r = await passkeyClient(pk).stampLogin({ type: 'ACTIVITY_TYPE_STAMP_LOGIN', timestampMs: now(), organizationId: parent, parameters: { publicKey: session.publicKey, expirationSeconds: '900' } });
    assert.equal(r.activity.status, 'ACTIVITY_STATUS_COMPLETED');
    assert.equal(r.activity.organizationId, sub.orgId);
    const jwt = r.activity.result.stampLoginResult!.session;
    const claims = claimsOf(jwt);
    assert.equal(claims.organization_id, sub.orgId);
    assert.equal(claims.user_id, sub.userId);
    assert.equal(claims.public_key, session.publicKey);
    assert.equal(await verifySessionJwtSignature(jwt, notarizer), true);
    // The session key now acts in the sub-organization.
    const whoami = await httpFor(t.api.url, session).getWhoami({ organizationId: sub.orgId });
    assert.equal(whoami.userId, sub.userId);
  });

  test('whoami and create_read_only_session answer for the sub-organization', async () => {
    const pk = noneAttestationPasskey();
    const sub = await subOrgWith([pk]);
    const client = passkeyClient(pk);
    const whoami = await client.getWhoami({ organizationId: parent });
    assert.equal(whoami.organizationId, sub.orgId);
    assert.equal(whoami.userId, sub.userId);
    const ro = await client.createReadOnlySession({ type: 'ACTIVITY_TYPE_CREATE_READ_ONLY_SESSION', timestampMs: now(), organizationId: parent, parameters: {} });
    const result = ro.activity.result.createReadOnlySessionResult!;
    assert.equal(result.organizationId, sub.orgId);
    assert.equal(claimsOf(result.session).session_type, 'SESSION_TYPE_READ_ONLY');
    assert.equal(claimsOf(result.session).public_key, pk.publicKey);
  });

  test('any route takes a passkey stamp, with the user\'s own authorization (step-up signing)', async () => {
    const pk = noneAttestationPasskey();
    const sub = await subOrgWith([pk]);
    const client = passkeyClient(pk);
    const wallet = await client.createWallet({ type: 'ACTIVITY_TYPE_CREATE_WALLET', timestampMs: now(), organizationId: sub.orgId, parameters: { walletName: 'step-up', accounts: [ETH_ACCOUNT] } });
    assert.equal(wallet.activity.status, 'ACTIVITY_STATUS_COMPLETED');
    const address = wallet.activity.result.createWalletResult!.addresses[0]!;
    const signed = await client.signRawPayload({
      type: 'ACTIVITY_TYPE_SIGN_RAW_PAYLOAD_V2',
      timestampMs: now(),
      organizationId: sub.orgId,
      parameters: { signWith: address, payload: 'hello', encoding: 'PAYLOAD_ENCODING_TEXT_UTF8', hashFunction: 'HASH_FUNCTION_KECCAK256' },
    });
    assert.match(signed.activity.result.signRawPayloadResult!.r, /^[0-9a-f]{64}$/i);
    // Outside its own organization a sub-organization's passkey may only resolve on the login routes.
    await assert.rejects(client.getUsers({ organizationId: parent }), (e: any) => e.code === 16 && /credential ID could not be found/.test(e.message));
  });

  test('a counting authenticator: each assertion must carry a higher counter, stored as it moves', async () => {
    const pk = noneAttestationPasskey({ signCount: 1 });
    const sub = await subOrgWith([pk]);
    const client = passkeyClient(pk, 5);
    for (let i = 0; i < 3; i++) assert.equal((await client.getWhoami({ organizationId: parent })).organizationId, sub.orgId);
    const { authenticators } = await t.http.getAuthenticators({ organizationId: sub.orgId, userId: sub.userId });
    assert.equal(authenticators.length, 1);
    // A replay of an older counter, over a fresh body, is refused.
    const body = JSON.stringify({ organizationId: parent });
    await refused('/public/v1/query/whoami', body, assertion(pk, body, { signCount: 7 }), 401, /could not verify WebAuthN signature: the signature counter did not increase/);
    await refused('/public/v1/query/whoami', body, assertion(pk, body, { signCount: 0 }), 401, /counter did not increase/);
    const ok = await rawPost(t.api.url, '/public/v1/query/whoami', body, { 'X-Stamp-Webauthn': assertion(pk, body, { signCount: 8 }) });
    assert.equal(ok.status, 200);
  });

  test('standard base64 fields and any header case are accepted', async () => {
    const pk = noneAttestationPasskey();
    const sub = await subOrgWith([pk]);
    const body = JSON.stringify({ organizationId: parent });
    const fields = JSON.parse(assertion(pk, body)) as Record<string, string>;
    const std = JSON.stringify(Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, Buffer.from(v, 'base64url').toString('base64')])));
    const r = await rawPost(t.api.url, '/public/v1/query/whoami', body, { 'x-STAMP-webauthn': std });
    assert.equal(r.status, 200, JSON.stringify(r.json));
    assert.equal(r.json.organizationId, sub.orgId);
  });
});

describe('refusals: 401 with Turnkey\'s message, nothing written', () => {
  test('a tampered body under a valid assertion', async () => {
    const pk = noneAttestationPasskey();
    await subOrgWith([pk]);
    const body = stampLoginBody(parent, newKey().publicKey);
    const stamp = assertion(pk, body);
    await refused('/public/v1/submit/stamp_login', body.replace('"900"', '"901"'), stamp, 401, /could not verify WebAuthN signature: the challenge is not the sha256 of this request body/);
  });

  test('a signature by another key (another user\'s credential id)', async () => {
    const victim = noneAttestationPasskey();
    const attacker = noneAttestationPasskey();
    await subOrgWith([victim]);
    await subOrgWith([attacker]);
    const body = stampLoginBody(parent, newKey().publicKey);
    await refused('/public/v1/submit/stamp_login', body, assertion(attacker, body, { credentialId: victim.attestation.credentialId }), 401, /^could not verify WebAuthN signature/);
  });

  test('an unknown credential id', async () => {
    const stranger = noneAttestationPasskey();
    const body = stampLoginBody(parent, newKey().publicKey);
    const e = await refused('/public/v1/submit/stamp_login', body, assertion(stranger, body), 401, /^credential ID could not be found in organization or its parent organization$/);
    assert.equal(e.code, 16);
    assert.equal(e.details.find((d: any) => d.turnkeyErrorCode)?.turnkeyErrorCode, 'CREDENTIAL_NOT_FOUND');
  });

  test('a passkey of sub-organization A addressed to sub-organization B', async () => {
    const a = noneAttestationPasskey();
    await subOrgWith([a]);
    const b = await subOrgWith([noneAttestationPasskey()]);
    const body = stampLoginBody(b.orgId, newKey().publicKey);
    await refused('/public/v1/submit/stamp_login', body, assertion(a, body), 401, /^credential ID could not be found in organization or its parent organization$/);
  });

  test('wrong type, origin or rp id; a malformed header; two stamp headers', async () => {
    const pk = noneAttestationPasskey();
    await subOrgWith([pk]);
    const body = stampLoginBody(parent, newKey().publicKey);
    await refused('/public/v1/submit/stamp_login', body, assertion(pk, body, { type: 'webauthn.create' }), 401, /not "webauthn.get"/);
    await refused('/public/v1/submit/stamp_login', body, assertion(pk, body, { origin: 'https://evil.example' }), 401, /origin "https:\/\/evil.example" is not allowed/);
    await refused('/public/v1/submit/stamp_login', body, assertion(pk, body, { rpId: 'evil.example' }), 401, /^could not verify WebAuthN signature/);
    await refused('/public/v1/submit/stamp_login', body, 'not json', 401, /^could not extract webauthn stamp/);
    await refused('/public/v1/submit/stamp_login', body, JSON.stringify({ credentialId: 'AA' }), 401, /^could not extract webauthn stamp/);
    const before = await rowCounts(t.dataDir);
    const both = await rawPost(t.api.url, '/public/v1/submit/stamp_login', body, { 'X-Stamp-Webauthn': assertion(pk, body), ...(await stampHeader(body, newKey())) });
    assert.equal(both.status, 401);
    assert.match(both.json.message, /send exactly one of X-Stamp, X-Stamp-Webauthn, X-Stamp-Attested/);
    assert.deepEqual(await rowCounts(t.dataDir), before);
  });

  test('one credential in two sub-organizations cannot happen: the second registration is refused', async () => {
    const pk = noneAttestationPasskey();
    await subOrgWith([pk]);
    const before = await rowCounts(t.dataDir);
    await assert.rejects(subOrgWith([pk]), (e: any) => e.code === 3 && /an authenticator with this credential id is already registered/.test(e.message));
    assert.deepEqual(await rowCounts(t.dataDir), before);
  });
});

describe('registration', () => {
  const refusedRegistration = async (pk: ReturnType<typeof asParams>, message: RegExp) => {
    const before = await rowCounts(t.dataDir);
    await assert.rejects(
      t.sdk.createSubOrganization({ subOrganizationName: `bad ${++n}`, rootQuorumThreshold: 1, rootUsers: [{ userName: 'u', apiKeys: [], authenticators: [pk], oauthProviders: [] }] }),
      (e: any) => {
        assert.equal(e.code, 3, e.message);
        assert.match(e.message, /\binvalid authenticator attestation: parameters\/rootUsers\/0\/authenticators\/0/);
        assert.match(e.message, message);
        return true;
      },
    );
    assert.deepEqual(await rowCounts(t.dataDir), before, 'nothing written');
  };

  test('a challenge that is not the one in clientDataJSON', async () => {
    const pk = asParams(noneAttestationPasskey());
    await refusedRegistration({ ...pk, challenge: Buffer.from('another challenge').toString('base64url') }, /challenge: differs from the challenge in clientDataJson/);
  });

  test('a malformed attestation object, a wrong origin, a wrong rp id, an assertion instead of a registration, an unknown transport', async () => {
    const pk = asParams(noneAttestationPasskey());
    await refusedRegistration({ ...pk, attestation: { ...pk.attestation, attestationObject: Buffer.from('not cbor').toString('base64url') } }, /not a CBOR attestation object/);
    await refusedRegistration(asParams(noneAttestationPasskey({ origin: 'https://evil.example' })), /origin "https:\/\/evil.example" is not allowed/);
    await refusedRegistration(asParams(noneAttestationPasskey({ rpId: 'evil.example', origin: 'https://localhost' })), /RP ID/i);
    const create = noneAttestationPasskey();
    const asGet = JSON.parse(Buffer.from(create.attestation.clientDataJson, 'base64url').toString());
    await refusedRegistration(
      { ...asParams(create), attestation: { ...create.attestation, clientDataJson: Buffer.from(JSON.stringify({ ...asGet, type: 'webauthn.get' })).toString('base64url') } },
      /not "webauthn.create"/,
    );
    await refusedRegistration({ ...pk, attestation: { ...pk.attestation, transports: ['AUTHENTICATOR_TRANSPORT_SMOKE_SIGNAL' as never] } }, /not an AUTHENTICATOR_TRANSPORT_\* value/);
  });

  test('a malformed clientDataJSON is a 400 about the registration; an empty attestation object is Turnkey\'s "missing parameter"', async () => {
    const pk = asParams(noneAttestationPasskey());
    await refusedRegistration({ ...pk, attestation: { ...pk.attestation, clientDataJson: Buffer.from('{{').toString('base64url') } }, /clientDataJson: clientDataJson is not UTF-8 JSON/);
    const noOrigin = Buffer.from(JSON.stringify({ type: 'webauthn.create', challenge: pk.challenge })).toString('base64url');
    await refusedRegistration({ ...pk, attestation: { ...pk.attestation, clientDataJson: noOrigin } }, /needs type, challenge and origin/);
    const before = await rowCounts(t.dataDir);
    await assert.rejects(
      t.sdk.createSubOrganization({ subOrganizationName: 'empty', rootQuorumThreshold: 1, rootUsers: [{ userName: 'u', apiKeys: [], authenticators: [{ ...pk, attestation: { ...pk.attestation, attestationObject: '' } }], oauthProviders: [] }] }),
      (e: any) => e.code === 3 && /missing parameter: user authenticator attestation/.test(e.message),
    );
    assert.deepEqual(await rowCounts(t.dataDir), before);
  });

  test('a removed passkey can come back only to the user who held it (its id and key are public; a "none" attestation is unsigned)', async () => {
    const pk = noneAttestationPasskey();
    const owner = await subOrgWith([pk]);
    const { authenticators } = await t.http.getAuthenticators({ organizationId: owner.orgId, userId: owner.userId });
    // A second passkey keeps the owner able to act after removing the first.
    const spare = noneAttestationPasskey();
    const self = passkeyClient(pk);
    await self.createAuthenticators({ type: 'ACTIVITY_TYPE_CREATE_AUTHENTICATORS_V2', timestampMs: now(), organizationId: owner.orgId, parameters: { userId: owner.userId, authenticators: [asParams(spare)] } });
    await self.deleteAuthenticators({ type: 'ACTIVITY_TYPE_DELETE_AUTHENTICATORS', timestampMs: now(), organizationId: owner.orgId, parameters: { userId: owner.userId, authenticatorIds: [authenticators[0]!.authenticatorId] } });
    // Someone else builds a registration around the removed credential: refused.
    const before = await rowCounts(t.dataDir);
    await assert.rejects(subOrgWith([pk]), (e: any) => e.code === 3 && /a removed passkey of another user/.test(e.message));
    assert.deepEqual(await rowCounts(t.dataDir), before);
    // Its owner may add it again, and it logs in again.
    await passkeyClient(spare).createAuthenticators({ type: 'ACTIVITY_TYPE_CREATE_AUTHENTICATORS_V2', timestampMs: now(), organizationId: owner.orgId, parameters: { userId: owner.userId, authenticators: [asParams(pk)] } });
    assert.equal((await passkeyClient(pk).getWhoami({ organizationId: parent })).organizationId, owner.orgId);
  });

  test('the passkeys of a deleted sub-organization cannot be registered by anyone afterwards', async () => {
    const pk = noneAttestationPasskey();
    const gone = await subOrgWith([pk]);
    await passkeyClient(pk).deleteSubOrganization({ type: 'ACTIVITY_TYPE_DELETE_SUB_ORGANIZATION', timestampMs: now(), organizationId: gone.orgId, parameters: { deleteWithoutExport: true } });
    await assert.rejects(passkeyClient(pk).getWhoami({ organizationId: parent }), (e: any) => e.code === 16);
    await assert.rejects(subOrgWith([pk]), (e: any) => e.code === 3 && /a removed passkey of another user/.test(e.message));
  });

  test('create_authenticators adds a passkey that then logs in; delete_authenticators removes it; at most 10 per user', async () => {
    const first = noneAttestationPasskey();
    const sub = await subOrgWith([first]);
    const self = passkeyClient(first);
    const second = noneAttestationPasskey({ name: 'second' });
    const added = await self.createAuthenticators({ type: 'ACTIVITY_TYPE_CREATE_AUTHENTICATORS_V2', timestampMs: now(), organizationId: sub.orgId, parameters: { userId: sub.userId, authenticators: [asParams(second)] } });
    const [secondId] = added.activity.result.createAuthenticatorsResult!.authenticatorIds;
    assert.equal((await passkeyClient(second).getWhoami({ organizationId: parent })).userId, sub.userId);

    const many = Array.from({ length: 9 }, () => asParams(noneAttestationPasskey()));
    const before = await rowCounts(t.dataDir);
    await assert.rejects(
      self.createAuthenticators({ type: 'ACTIVITY_TYPE_CREATE_AUTHENTICATORS_V2', timestampMs: now(), organizationId: sub.orgId, parameters: { userId: sub.userId, authenticators: many } }),
      (e: any) => e.code === 8 && /user has exceeded maximum authenticators/.test(e.message),
    );
    assert.deepEqual(await rowCounts(t.dataDir), before);

    await self.deleteAuthenticators({ type: 'ACTIVITY_TYPE_DELETE_AUTHENTICATORS', timestampMs: now(), organizationId: sub.orgId, parameters: { userId: sub.userId, authenticatorIds: [secondId!] } });
    await assert.rejects(passkeyClient(second).getWhoami({ organizationId: parent }), (e: any) => e.code === 16 && /credential ID could not be found/.test(e.message));
    const { authenticators } = await t.http.getAuthenticators({ organizationId: sub.orgId, userId: sub.userId });
    assert.deepEqual(authenticators.map((a) => a.credentialId), [first.attestation.credentialId]);
    await assert.rejects(
      self.deleteAuthenticators({ type: 'ACTIVITY_TYPE_DELETE_AUTHENTICATORS', timestampMs: now(), organizationId: sub.orgId, parameters: { userId: sub.userId, authenticatorIds: [secondId!] } }),
      (e: any) => e.code === 5 && /authenticator not found/.test(e.message),
    );
  });

  test('list_suborgs and list_verified_suborgs by CREDENTIAL_ID', async () => {
    const pk = noneAttestationPasskey();
    const sub = await subOrgWith([pk]);
    const found = await t.http.getSubOrgIds({ organizationId: parent, filterType: 'CREDENTIAL_ID', filterValue: pk.attestation.credentialId });
    assert.deepEqual(found.organizationIds, [sub.orgId]);
    // The same id in standard base64 with padding (how a backend may hold it) finds the same account.
    const std = Buffer.from(pk.attestation.credentialId, 'base64url').toString('base64');
    assert.deepEqual((await t.http.getVerifiedSubOrgIds({ organizationId: parent, filterType: 'CREDENTIAL_ID', filterValue: std })).organizationIds, [sub.orgId]);
    assert.deepEqual((await t.http.getSubOrgIds({ organizationId: parent, filterType: 'CREDENTIAL_ID', filterValue: std })).organizationIds, [sub.orgId]);
    const none = await t.http.getSubOrgIds({ organizationId: parent, filterType: 'CREDENTIAL_ID', filterValue: noneAttestationPasskey().attestation.credentialId });
    assert.deepEqual(none.organizationIds, []);
  });
});

describe('relying-party configuration', () => {
  test('TKAUTH_WEBAUTHN_RP_ID / ORIGINS: a passkey of another site is refused, one of the configured site accepted', async () => {
    const other = await startTestApi({ config: { webauthnRpIds: ['app.example.com'], webauthnOrigins: ['https://app.example.com'] } });
    try {
      const pk = noneAttestationPasskey({ rpId: 'app.example.com', origin: 'https://app.example.com' });
      const sub = await other.sdk.createSubOrganization({ subOrganizationName: 'site', rootQuorumThreshold: 1, rootUsers: [{ userName: 'u', apiKeys: [], authenticators: [asParams(pk)], oauthProviders: [] }] });
      const client = new TurnkeyClient({ baseUrl: other.api.url }, passkeyStamper(pk));
      assert.equal((await client.getWhoami({ organizationId: other.api.credentials.organizationId })).organizationId, sub.subOrganizationId);
      await assert.rejects(
        other.sdk.createSubOrganization({ subOrganizationName: 'dev', rootQuorumThreshold: 1, rootUsers: [{ userName: 'u', apiKeys: [], authenticators: [asParams(noneAttestationPasskey())], oauthProviders: [] }] }),
        (e: any) => e.code === 3 && /origin "https:\/\/localhost" is not allowed/.test(e.message),
      );
    } finally {
      await other.stop();
    }
  });

  test('a configuration that cannot work is refused at start', async () => {
    await assert.rejects(startTestApi({ config: { webauthnRpIds: ['127.0.0.1'] } }), /not a domain name/);
    await assert.rejects(startTestApi({ config: { webauthnRpIds: ['example.com'], webauthnOrigins: ['https://evil.example'] } }), /is not on any relying-party id/);
  });
});
