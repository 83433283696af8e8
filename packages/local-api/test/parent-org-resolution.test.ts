/**
 * "Who is this?" via the parent (turnkey-wire-logins.md §3.2): stamp_login and whoami addressed to
 * the parent organization, authorized by a sub-organization's credential, answer for that
 * sub-organization — as @turnkey/core's loginWithOtp({verificationToken}) without organizationId
 * needs. X-Stamp-Attested is built by hand from its documented parts and signed by the official
 * ApiKeyStamper (decisions.md), as in stamp-login.test.ts; X-Stamp requests go through @turnkey/http.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiKeyStamper, SignatureFormat } from '@turnkey/api-key-stamper';
import { decodeJwtClaims, signupUsageMessage, type SessionClaims } from '@tkauth/wire';
import { encryptOtpCodeToBundle, verifySessionJwtSignature } from '@turnkey/crypto';
import { ETH_ACCOUNT, newKey, rootUser, uniqueEmail } from './helpers/fixtures.ts';
import { httpFor, rawPost, startTestApi, type TestApi } from './helpers/local-api.ts';
import { codeFromOutbox, wellKnown, type WellKnown } from './helpers/otp.ts';
import { devIdToken } from './helpers/oidc.ts';
import { oidcNonceFor } from '../src/oidc/verify-id-token.ts';

let t: TestApi;
let keys: WellKnown;
let parent: string;
before(async () => {
  t = await startTestApi();
  keys = await wellKnown(t.api.url);
  parent = t.api.credentials.organizationId;
});
after(() => t.stop());

type Key = { publicKey: string; privateKey: string };
const claimsOf = (jwt: string) => decodeJwtClaims(jwt) as unknown as SessionClaims;
const TOKEN = 'STAMP_ATTESTED_SCHEME_P256_VERIFICATION_TOKEN';
const OIDC = 'STAMP_ATTESTED_SCHEME_P256_OIDC';

/** init_otp + verify_otp run by the parent's key, the code encrypted to the device as core does. */
async function verificationTokenFor(email: string, device: Key): Promise<string> {
  const init = await t.sdk.initOtp({ otpType: 'OTP_TYPE_EMAIL', contact: email, appName: 'parent login' });
  const bundle = await encryptOtpCodeToBundle(await codeFromOutbox(t.api.url, email), init.otpEncryptionTargetBundle, device.publicKey, keys.tlsFetcherSignPublicKey);
  return (await t.sdk.verifyOtp({ otpId: init.otpId, encryptedOtpBundle: bundle })).verificationToken;
}

/**
 * A sub-organization whose root user has `email`, proven at sign-up by a verification token and
 * the device's clientSignature over that sign-up (core's signUpWithOtp).
 */
async function verifiedSubOrg(email: string, opts: { apiKeys?: Key[]; oidcToken?: string } = {}) {
  const device = newKey();
  const signupToken = await verificationTokenFor(email, device);
  const user = rootUser(email, opts.apiKeys ?? [], opts.oidcToken ? [{ providerName: 'dev', oidcToken: opts.oidcToken }] : []);
  const message = signupUsageMessage({ apiKeys: user.apiKeys, authenticators: [], oauthProviders: user.oauthProviders, email }, String(decodeJwtClaims(signupToken).id));
  const signature = await new ApiKeyStamper({ apiPublicKey: device.publicKey, apiPrivateKey: device.privateKey }).sign(message, SignatureFormat.Raw);
  return t.sdk.createSubOrganization({
    subOrganizationName: `org of ${email}`,
    rootQuorumThreshold: 1,
    rootUsers: [user],
    wallet: { walletName: 'w', accounts: [ETH_ACCOUNT] },
    verificationToken: signupToken,
    clientSignature: { publicKey: device.publicKey, scheme: 'CLIENT_SIGNATURE_SCHEME_API_P256', message, signature },
  });
}

/** A request signed by `device` in an X-Stamp-Attested header vouched for by `attestation`. */
async function attested(route: string, body: object, device: Key, attestation: string, scheme: string) {
  const raw = JSON.stringify(body);
  const xStamp = (await new ApiKeyStamper({ apiPublicKey: device.publicKey, apiPrivateKey: device.privateKey }).stamp(raw)).stampHeaderValue;
  const { signature } = JSON.parse(Buffer.from(xStamp, 'base64url').toString());
  const header = Buffer.from(JSON.stringify({ publicKeyAttestation: attestation, scheme, publicKey: device.publicKey, signature })).toString('base64url');
  return rawPost(t.api.url, route, raw, { 'X-Stamp-Attested': header });
}

/** stamp_login as core's loginWithOtp sends it: the device key is the session key, organizationId the parent. */
const stampLogin = (orgId: string, device: Key, attestation: string, scheme: string) =>
  attested('/public/v1/submit/stamp_login', { parameters: { publicKey: device.publicKey, expirationSeconds: '900', invalidateExisting: false }, organizationId: orgId, timestampMs: String(Date.now()), type: 'ACTIVITY_TYPE_STAMP_LOGIN' }, device, attestation, scheme);

function refused(res: { status: number; json: any }, errorCode: string, message: string) {
  assert.equal(res.status, 401, JSON.stringify(res.json));
  assert.equal(res.json.code, 16);
  assert.equal(res.json.message, message);
  assert.ok(res.json.details.some((d: any) => d.errorCode === errorCode), JSON.stringify(res.json.details));
}

describe('stamp_login addressed to the parent', () => {
  test('a verification token for a sub-organization user logs into that sub-organization; the session then stamps whoami', async () => {
    const email = uniqueEmail('parent-otp');
    const sub = await verifiedSubOrg(email);
    const device = newKey();
    const token = await verificationTokenFor(email, device);

    const res = await stampLogin(parent, device, token, TOKEN);
    assert.equal(res.status, 200, JSON.stringify(res.json));
    const { activity } = res.json;
    assert.equal(activity.organizationId, sub.subOrganizationId);
    const session = activity.result.stampLoginResult.session as string;
    assert.equal(await verifySessionJwtSignature(session, keys.notarizerSignPublicKey), true);
    const claims = claimsOf(session);
    assert.equal(claims.organization_id, sub.subOrganizationId);
    assert.equal(claims.user_id, sub.rootUserIds![0]);
    assert.equal(claims.public_key, device.publicKey);

    // The stored record is the sub-organization's, and the session key acts there — addressed to it or to the parent.
    const client = httpFor(t.api.url, device);
    assert.equal((await client.getActivity({ organizationId: sub.subOrganizationId, activityId: activity.id })).activity.organizationId, sub.subOrganizationId);
    const direct = await client.getWhoami({ organizationId: sub.subOrganizationId });
    assert.deepEqual(direct, { organizationId: sub.subOrganizationId, organizationName: `org of ${email}`, userId: sub.rootUserIds![0], username: email });
    assert.deepEqual(await client.getWhoami({ organizationId: parent }), direct);

    // Single use holds through the parent too.
    const again = await stampLogin(parent, device, token, TOKEN);
    assert.equal(again.status, 401);
    assert.match(again.json.message, /already been used/);
  });

  test('a contact verified in two sub-organizations: 401, more than one suborg', async () => {
    const email = uniqueEmail('parent-two');
    await verifiedSubOrg(email);
    await verifiedSubOrg(email);
    const device = newKey();
    refused(await stampLogin(parent, device, await verificationTokenFor(email, device), TOKEN), 'ERR_TOKEN_CONTACT_IN_SEVERAL_SUBORGS', 'more than one suborg associated with a verified contact');
  });

  test('a contact no sub-organization holds verified: 401, and the token is still unused', async () => {
    const device = newKey();
    const nobody = uniqueEmail('parent-nobody');
    const token = await verificationTokenFor(nobody, device);
    refused(await stampLogin(parent, device, token, TOKEN), 'ERR_TOKEN_CONTACT_NOT_IN_SUBORGS', 'verified contact could not be found in organization or its sub-organizations');

    // Held, but never proven: not a match either (list_verified_suborgs' meaning).
    const unproven = uniqueEmail('parent-unproven');
    await t.sdk.createSubOrganization({ subOrganizationName: 'unproven', rootQuorumThreshold: 1, rootUsers: [rootUser(unproven)] });
    const device2 = newKey();
    refused(await stampLogin(parent, device2, await verificationTokenFor(unproven, device2), TOKEN), 'ERR_TOKEN_CONTACT_NOT_IN_SUBORGS', 'verified contact could not be found in organization or its sub-organizations');

    // The refused token was not consumed: it still logs in once its contact has an account.
    await verifiedSubOrg(nobody);
    assert.equal((await stampLogin(parent, device, token, TOKEN)).status, 200);
  });

  test('an id_token whose OAuth identity a sub-organization holds logs into it', async () => {
    const email = uniqueEmail('parent-oidc');
    const { issuer, clientId } = t.api.oidc!;
    const sub = await verifiedSubOrg(email, { oidcToken: await devIdToken(issuer, clientId, email, 'signup') });
    const device = newKey();
    const res = await stampLogin(parent, device, await devIdToken(issuer, clientId, email, oidcNonceFor(device.publicKey)), OIDC);
    assert.equal(res.status, 200, JSON.stringify(res.json));
    assert.equal(res.json.activity.organizationId, sub.subOrganizationId);
    assert.equal(claimsOf(res.json.activity.result.stampLoginResult.session).organization_id, sub.subOrganizationId);

    const stranger = newKey();
    refused(
      await stampLogin(parent, stranger, await devIdToken(issuer, clientId, uniqueEmail('no-oauth'), oidcNonceFor(stranger.publicKey)), OIDC),
      'ERR_OIDC_IDENTITY_NOT_IN_SUBORGS',
      'oidc identity could not be found in organization or its sub-organizations',
    );
  });

  test("a sub-organization's session key refreshes through the parent (X-Stamp)", async () => {
    const key = newKey();
    const sub = await verifiedSubOrg(uniqueEmail('parent-refresh'), { apiKeys: [key] });
    const next = newKey();
    const res = await httpFor(t.api.url, key).stampLogin({ type: 'ACTIVITY_TYPE_STAMP_LOGIN', timestampMs: String(Date.now()), organizationId: parent, parameters: { publicKey: next.publicKey } });
    assert.equal(res.activity.organizationId, sub.subOrganizationId);
    assert.equal(claimsOf((res.activity.result as any).stampLoginResult.session).organization_id, sub.subOrganizationId);
  });
});

describe('whoami addressed to the parent', () => {
  test("a sub-organization user's API key answers with the sub-organization's ids (@turnkey/http)", async () => {
    const key = newKey();
    const email = uniqueEmail('whoami-key');
    const sub = await verifiedSubOrg(email, { apiKeys: [key] });
    const whoami = await httpFor(t.api.url, key).getWhoami({ organizationId: parent });
    assert.deepEqual(whoami, { organizationId: sub.subOrganizationId, organizationName: `org of ${email}`, userId: sub.rootUserIds![0], username: email });
  });

  test('the same key stays ORGANIZATION_MISMATCH everywhere that does not opt in', async () => {
    const key = newKey();
    await verifiedSubOrg(uniqueEmail('whoami-elsewhere'), { apiKeys: [key] });
    const client = httpFor(t.api.url, key);
    const mismatch = (e: any) => e.code === 7 && /ORGANIZATION_MISMATCH/.test(e.message);
    await assert.rejects(client.createWallet({ type: 'ACTIVITY_TYPE_CREATE_WALLET', timestampMs: String(Date.now()), organizationId: parent, parameters: { walletName: 'x', accounts: [ETH_ACCOUNT] } }), mismatch);
    await assert.rejects(client.getUsers({ organizationId: parent }), mismatch);
  });

  test("create_read_only_session addressed to the parent opens the sub-organization's session (sdk-browser's READ_ONLY login)", async () => {
    const key = newKey();
    const sub = await verifiedSubOrg(uniqueEmail('read-only-parent'), { apiKeys: [key] });
    const r = await httpFor(t.api.url, key).createReadOnlySession({ type: 'ACTIVITY_TYPE_CREATE_READ_ONLY_SESSION', timestampMs: String(Date.now()), organizationId: parent, parameters: {} });
    const result = r.activity.result.createReadOnlySessionResult!;
    assert.equal(result.organizationId, sub.subOrganizationId);
    assert.equal(r.activity.organizationId, sub.subOrganizationId);
    assert.equal(result.userId, sub.rootUserIds![0]);
  });

  test('one key in two sub-organizations: 401, more than one suborg associated with a public key', async () => {
    const key = newKey();
    await verifiedSubOrg(uniqueEmail('whoami-two-a'), { apiKeys: [key] });
    await verifiedSubOrg(uniqueEmail('whoami-two-b'), { apiKeys: [key] });
    await assert.rejects(httpFor(t.api.url, key).getWhoami({ organizationId: parent }), (e: any) => {
      assert.equal(e.code, 16);
      assert.match(e.message, /more than one suborg associated with a public key/);
      assert.ok(e.details.some((d: any) => d.turnkeyErrorCode === 'CREDENTIAL_CONFLICT' || d.errorCode === 'ERR_STAMP_KEY_IN_SEVERAL_SUBORGS'));
      return true;
    });
  });

  test('addressed to a sibling sub-organization: 403 ORGANIZATION_MISMATCH, as before (sub-organizations have no sub-organizations to look in)', async () => {
    const key = newKey();
    await verifiedSubOrg(uniqueEmail('whoami-a'), { apiKeys: [key] });
    const sibling = await verifiedSubOrg(uniqueEmail('whoami-b'));
    await assert.rejects(httpFor(t.api.url, key).getWhoami({ organizationId: sibling.subOrganizationId }), (e: any) => {
      assert.equal(e.code, 7, e.message);
      assert.ok(e.details.some((d: { errorCode?: string }) => d.errorCode === 'ERR_AUTH_ORGANIZATION_MISMATCH'), e.message);
      return true;
    });
  });

  test('X-Stamp-Attested: a verification token answers with its sub-organization and is not consumed', async () => {
    const email = uniqueEmail('whoami-attested');
    const sub = await verifiedSubOrg(email);
    const device = newKey();
    const token = await verificationTokenFor(email, device);
    const res = await attested('/public/v1/query/whoami', { organizationId: parent }, device, token, TOKEN);
    assert.equal(res.status, 200, JSON.stringify(res.json));
    assert.deepEqual(res.json, { organizationId: sub.subOrganizationId, organizationName: `org of ${email}`, userId: sub.rootUserIds![0], username: email });
    assert.equal((await stampLogin(parent, device, token, TOKEN)).status, 200);
    // Other queries still refuse attested stamps.
    const other = await attested('/public/v1/query/get_organization', { organizationId: sub.subOrganizationId }, device, token, TOKEN);
    assert.equal(other.status, 401);
    assert.match(other.json.message, /accepted only by stamp_login and whoami/);
  });
});
