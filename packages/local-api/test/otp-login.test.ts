/**
 * OTP login end to end with the official clients as the judge (issue 3):
 * init_otp → code from the dev outbox → verify_otp → otp_login → a session key that works.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { encryptOtpCodeToBundle, verifyOtpVerificationToken, verifySessionJwtSignature } from '@turnkey/crypto';
import { ETH_ACCOUNT, newKey, rootUser, uniqueEmail } from './helpers/fixtures.ts';
import { httpFor, startTestApi, type TestApi } from './helpers/local-api.ts';
import { codeFromOutbox, loginClientSignature, tokenId, wellKnown, type WellKnown } from './helpers/otp.ts';

let t: TestApi;
let keys: WellKnown;
before(async () => {
  t = await startTestApi();
  keys = await wellKnown(t.api.url);
});
after(() => t.stop());

async function userSubOrg(email: string) {
  return t.sdk.createSubOrganization({
    subOrganizationName: `otp ${email}`,
    rootQuorumThreshold: 1,
    rootUsers: [rootUser(email)],
    wallet: { walletName: 'Wallet 1', accounts: [ETH_ACCOUNT] },
  });
}

const b64json = (seg: string) => JSON.parse(Buffer.from(seg, 'base64url').toString());

describe('OTP login with @turnkey/sdk-server (V3 / V2 / V2)', () => {
  test('publishes its enclave keys as uncompressed P-256 hex', () => {
    assert.equal(keys.organizationId, t.api.credentials.organizationId);
    assert.match(keys.notarizerSignPublicKey, /^04[0-9a-f]{128}$/);
    assert.match(keys.tlsFetcherSignPublicKey, /^04[0-9a-f]{128}$/);
    assert.notEqual(keys.notarizerSignPublicKey, keys.tlsFetcherSignPublicKey);
  });

  test('initOtp → outbox → verifyOtp (HPKE bundle) → otpLogin → session key reads whoami and signs', async () => {
    const email = uniqueEmail('otp');
    const sub = await userSubOrg(email);
    const device = newKey();

    const init = await t.sdk.initOtp({ otpType: 'OTP_TYPE_EMAIL', contact: email, appName: 'tkauth test', otpLength: 6, alphanumeric: false });
    assert.match(init.otpId, /^[0-9a-f-]{36}$/);
    const code = await codeFromOutbox(t.api.url, email);
    assert.match(code, /^[0-9]{6}$/);

    const encryptedOtpBundle = await encryptOtpCodeToBundle(code, init.otpEncryptionTargetBundle, device.publicKey, keys.tlsFetcherSignPublicKey);
    const verified = await t.sdk.verifyOtp({ otpId: init.otpId, encryptedOtpBundle });
    const claims = await verifyOtpVerificationToken(verified.verificationToken, keys.tlsFetcherSignPublicKey);
    assert.equal(claims.contact, email);
    assert.equal(claims.public_key, device.publicKey);
    assert.equal(claims.verification_type, 'OTP_TYPE_EMAIL');
    assert.equal(claims.organization_id, t.api.credentials.organizationId);
    assert.ok(Number(claims.exp) > Date.now() + 3500_000);

    const login = await t.sdk.otpLogin({
      organizationId: sub.subOrganizationId,
      verificationToken: verified.verificationToken,
      publicKey: device.publicKey,
      clientSignature: await loginClientSignature(device, device.publicKey, claims.id),
    });
    const [header, payload] = login.session.split('.');
    assert.ok(!/[-_]/.test(payload!), 'payload segment has no - or _ (turnkey-wire.md §6.1)');
    assert.deepEqual(b64json(header!), { alg: 'ES256', typ: 'JWT' });
    const session = b64json(payload!);
    assert.equal(typeof session.exp, 'number');
    assert.ok(session.exp > Date.now() / 1000 + 800 && session.exp <= Date.now() / 1000 + 901);
    assert.equal(session.public_key, device.publicKey);
    assert.equal(session.session_type, 'SESSION_TYPE_READ_WRITE');
    assert.equal(session.user_id, sub.rootUserIds![0]);
    assert.equal(session.organization_id, sub.subOrganizationId);
    assert.equal(await verifySessionJwtSignature(login.session, keys.notarizerSignPublicKey), true);
    assert.equal(await verifySessionJwtSignature(login.session, keys.tlsFetcherSignPublicKey), false);

    const asDevice = httpFor(t.api.url, device);
    const who = await asDevice.getWhoami({ organizationId: sub.subOrganizationId });
    assert.equal(who.userId, sub.rootUserIds![0]);
    const signed = await asDevice.signRawPayload({
      type: 'ACTIVITY_TYPE_SIGN_RAW_PAYLOAD_V2',
      timestampMs: String(Date.now()),
      organizationId: sub.subOrganizationId,
      parameters: { signWith: sub.wallet!.addresses[0]!, payload: 'hi', encoding: 'PAYLOAD_ENCODING_TEXT_UTF8', hashFunction: 'HASH_FUNCTION_KECCAK256' },
    });
    assert.equal(signed.activity.status, 'ACTIVITY_STATUS_COMPLETED');

    // The login proved the email: the sub-organization is now a verified one.
    const found = await t.sdk.getVerifiedSubOrgIds({ filterType: 'EMAIL', filterValue: email });
    assert.deepEqual(found.organizationIds, [sub.subOrganizationId]);
    // The stored activities keep no code or token.
    const act = await t.sdk.getActivity({ activityId: verified.activity.id });
    assert.equal((act.activity.intent as any).verifyOtpIntentV2.encryptedOtpBundle, '<redacted>');
  });
});

describe('OTP login with @turnkey/http and the V1 types', () => {
  test('INIT_OTP → VERIFY_OTP (plaintext code) → OTP_LOGIN (no clientSignature, session key = token key)', async () => {
    const email = uniqueEmail('otp-v1');
    const sub = await userSubOrg(email);
    const device = newKey();
    const org = t.api.credentials.organizationId;
    const ts = () => String(Date.now());

    const init = await t.http.initOtp({ type: 'ACTIVITY_TYPE_INIT_OTP' as 'ACTIVITY_TYPE_INIT_OTP_V3', timestampMs: ts(), organizationId: org, parameters: { otpType: 'OTP_TYPE_EMAIL', contact: email } as any });
    const { otpId } = (init.activity.result as any).initOtpResult;
    const code = await codeFromOutbox(t.api.url, email);
    assert.match(code, /^[0-9A-HJKMNP-TV-Z]{9}$/, 'default: 9 Crockford base32 symbols');

    const verify = await t.http.verifyOtp({ type: 'ACTIVITY_TYPE_VERIFY_OTP' as 'ACTIVITY_TYPE_VERIFY_OTP_V2', timestampMs: ts(), organizationId: org, parameters: { otpId, otpCode: code.toLowerCase(), publicKey: device.publicKey } as any });
    const { verificationToken } = (verify.activity.result as any).verifyOtpResult;
    const login = await t.http.otpLogin({ type: 'ACTIVITY_TYPE_OTP_LOGIN' as 'ACTIVITY_TYPE_OTP_LOGIN_V2', timestampMs: ts(), organizationId: sub.subOrganizationId, parameters: { verificationToken, publicKey: device.publicKey } as any });
    const { session } = (login.activity.result as any).otpLoginResult;
    assert.equal(await verifySessionJwtSignature(session, keys.notarizerSignPublicKey), true);
    const who = await httpFor(t.api.url, device).getWhoami({ organizationId: sub.subOrganizationId });
    assert.equal(who.organizationId, sub.subOrganizationId);
    assert.equal(tokenId(verificationToken), (await verifyOtpVerificationToken(verificationToken, keys.tlsFetcherSignPublicKey)).id);
  });
});

describe('dev outbox', () => {
  test('a browser gets an HTML page with the code, escaped; JSON lists newest first', async () => {
    const email = uniqueEmail('outbox');
    await t.sdk.initOtp({ otpType: 'OTP_TYPE_EMAIL', contact: email, appName: '<b>App</b>', otpLength: 6, alphanumeric: false });
    await t.sdk.initOtp({ otpType: 'OTP_TYPE_EMAIL', contact: email, appName: 'second', otpLength: 6, alphanumeric: false });
    const json = (await (await fetch(`${t.api.url}/dev/outbox?contact=${encodeURIComponent(email)}`)).json()) as { messages: any[] };
    assert.equal(json.messages.length, 2);
    assert.match(json.messages[0].subject, /^second/);
    assert.deepEqual(Object.keys(json.messages[0]).sort(), ['channel', 'createdAt', 'id', 'otpCode', 'subject', 'text', 'to']);
    const html = await (await fetch(`${t.api.url}/dev/outbox?contact=${encodeURIComponent(email)}`, { headers: { accept: 'text/html' } })).text();
    assert.match(html, /<title>tkauth dev outbox<\/title>/);
    assert.ok(html.includes(json.messages[0].otpCode));
    assert.ok(!html.includes('<b>App</b>') && html.includes('&#60;b&#62;App'), 'message text is escaped');
  });
});
