/** Every way an OTP login must fail, with the clock moved by hand (no sleeps). */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { encryptOtpCodeToBundle } from '@turnkey/crypto';
import { ApiKeyStamper, SignatureFormat } from '@turnkey/api-key-stamper';
import { signupUsageMessage } from '@tkauth/wire';
import { newKey, rootUser, uniqueEmail } from './helpers/fixtures.ts';
import { httpFor, manualClock, startTestApi, type TestApi } from './helpers/local-api.ts';
import { codeFromOutbox, loginClientSignature, tokenId, verificationTokenFor, wellKnown, type WellKnown } from './helpers/otp.ts';

const clock = manualClock();
let t: TestApi;
let keys: WellKnown;
before(async () => {
  t = await startTestApi({ rt: clock, config: { otpMaxPerContact: 3 } });
  keys = await wellKnown(t.api.url);
});
after(() => t.stop());

async function subOrgFor(email: string) {
  return t.sdk.createSubOrganization({
    subOrganizationName: email,
    rootQuorumThreshold: 1,
    rootUsers: [rootUser(email)],
  });
}

async function startOtp(email: string) {
  const init = await t.sdk.initOtp({ otpType: 'OTP_TYPE_EMAIL', contact: email, appName: 'refusals' });
  return { otpId: init.otpId, bundle: init.otpEncryptionTargetBundle, code: await codeFromOutbox(t.api.url, email) };
}

async function verify(otp: { otpId: string; bundle: string }, code: string, device = newKey()) {
  const encryptedOtpBundle = await encryptOtpCodeToBundle(code, otp.bundle, device.publicKey, keys.tlsFetcherSignPublicKey);
  return t.sdk.verifyOtp({ otpId: otp.otpId, encryptedOtpBundle });
}

const wrongCodeFor = (code: string) => (code[0] === '0' ? '1' : '0') + code.slice(1);
const rpc = (code: number, text: string) => (e: any) => {
  assert.equal(e.code, code, e.message);
  assert.ok(e.message.includes(text), `"${e.message}" should contain "${text}"`);
  return true;
};

async function verifiedToken(email: string, device = newKey()) {
  return { verificationToken: await verificationTokenFor(t, email, device), device };
}

describe('OTP refusals', () => {
  test('a wrong code says "Invalid OTP code"; five wrong tries kill the OTP, even for the right code', async () => {
    const otp = await startOtp(uniqueEmail('wrong'));
    for (let i = 0; i < 5; i++) await assert.rejects(verify(otp, wrongCodeFor(otp.code)), rpc(3, 'Invalid OTP code'));
    await assert.rejects(verify(otp, otp.code), rpc(3, 'too many wrong attempts'));
  });

  test('twenty wrong tries sent at once: exactly five are compared, the rest find the OTP dead — and so does the right code after them', async () => {
    const otp = await startOtp(uniqueEmail('burst'));
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => verify(otp, wrongCodeFor(otp.code))));
    const messages = results.map((r) => (r.status === 'rejected' ? String((r.reason as Error).message) : 'accepted'));
    assert.equal(messages.filter((m) => m.includes('"ERR_OTP_INVALID_CODE"')).length, 5, JSON.stringify(messages));
    assert.equal(messages.filter((m) => m.includes('"ERR_OTP_ATTEMPTS_EXHAUSTED"')).length, 15, JSON.stringify(messages));
    await assert.rejects(verify(otp, otp.code), rpc(3, 'too many wrong attempts'));
  });

  test('an expired code is refused', async () => {
    const otp = await startOtp(uniqueEmail('expired'));
    clock.advance(301_000);
    await assert.rejects(verify(otp, otp.code), rpc(3, 'expired'));
  });

  test('a code works once', async () => {
    const otp = await startOtp(uniqueEmail('once'));
    await verify(otp, otp.code);
    await assert.rejects(verify(otp, otp.code), rpc(3, 'already used'));
  });

  test('more than the configured number of codes per contact in the window: "Max number of OTPs have been initiated"', async () => {
    const email = uniqueEmail('max');
    for (let i = 0; i < 3; i++) await t.sdk.initOtp({ otpType: 'OTP_TYPE_EMAIL', contact: email, appName: 'x' });
    await assert.rejects(t.sdk.initOtp({ otpType: 'OTP_TYPE_EMAIL', contact: email, appName: 'x' }), rpc(8, 'Max number of OTPs have been initiated'));
    clock.advance(601_000);
    await t.sdk.initOtp({ otpType: 'OTP_TYPE_EMAIL', contact: email, appName: 'x' });
  });

  test('bad parameters: otpLength outside 6–9, unknown otpType, bad contact', async () => {
    await assert.rejects(t.sdk.initOtp({ otpType: 'OTP_TYPE_EMAIL', contact: uniqueEmail(), appName: 'x', otpLength: 5 }), rpc(3, 'otpLength'));
    await assert.rejects(t.sdk.initOtp({ otpType: 'OTP_TYPE_PIGEON', contact: uniqueEmail(), appName: 'x' }), rpc(3, 'otpType'));
    await assert.rejects(t.sdk.initOtp({ otpType: 'OTP_TYPE_SMS', contact: 'not a phone', appName: 'x' }), rpc(3, 'E.164'));
  });

  test('a verification token logs in once', async () => {
    const email = uniqueEmail('reuse');
    const sub = await subOrgFor(email);
    const { verificationToken, device } = await verifiedToken(email);
    const login = async () =>
      t.sdk.otpLogin({ organizationId: sub.subOrganizationId, verificationToken, publicKey: device.publicKey, clientSignature: await loginClientSignature(device, device.publicKey, tokenId(verificationToken)) });
    await login();
    await assert.rejects(login(), rpc(16, 'already been used'));
  });

  test("a token for another contact does not open someone else's sub-organization", async () => {
    const victim = await subOrgFor(uniqueEmail('victim'));
    const { verificationToken, device } = await verifiedToken(uniqueEmail('attacker'));
    await assert.rejects(
      t.sdk.otpLogin({ organizationId: victim.subOrganizationId, verificationToken, publicKey: device.publicKey, clientSignature: await loginClientSignature(device, device.publicKey, tokenId(verificationToken)) }),
      rpc(7, 'contact does not belong'),
    );
  });

  test('a bad clientSignature is refused: wrong key, wrong message, tampered signature', async () => {
    const email = uniqueEmail('sig');
    const sub = await subOrgFor(email);
    const { verificationToken, device } = await verifiedToken(email);
    const id = tokenId(verificationToken);
    const other = newKey();
    const attempts = [
      await loginClientSignature(other, other.publicKey, id), // not the token's key
      await loginClientSignature(device, other.publicKey, id), // message names another session key
      { ...(await loginClientSignature(device, device.publicKey, id)), signature: '00'.repeat(64) },
    ];
    for (const clientSignature of attempts) {
      await assert.rejects(t.sdk.otpLogin({ organizationId: sub.subOrganizationId, verificationToken, publicKey: device.publicKey, clientSignature }), rpc(16, 'invalid client signature'));
    }
    // A session key other than the token's needs the token key's signature.
    const stranger = newKey();
    await t.sdk.otpLogin({ organizationId: sub.subOrganizationId, verificationToken, publicKey: stranger.publicKey, clientSignature: await loginClientSignature(device, stranger.publicKey, id) });
    assert.equal((await httpFor(t.api.url, stranger).getWhoami({ organizationId: sub.subOrganizationId })).organizationId, sub.subOrganizationId);
  });

  test('a session key after its expiry: 401 "expired api key"', async () => {
    const email = uniqueEmail('session-exp');
    const sub = await subOrgFor(email);
    const { verificationToken, device } = await verifiedToken(email);
    await t.sdk.otpLogin({ organizationId: sub.subOrganizationId, verificationToken, publicKey: device.publicKey, expirationSeconds: '60', clientSignature: await loginClientSignature(device, device.publicKey, tokenId(verificationToken)) });
    const client = httpFor(t.api.url, device);
    await client.getWhoami({ organizationId: sub.subOrganizationId });
    clock.advance(61_000);
    await assert.rejects(client.getWhoami({ organizationId: sub.subOrganizationId }), rpc(16, 'expired api key'));
  });

  test('invalidateExisting ends the other sessions of the user', async () => {
    const email = uniqueEmail('invalidate');
    const sub = await subOrgFor(email);
    const login = async (invalidateExisting: boolean) => {
      const { verificationToken, device } = await verifiedToken(email);
      await t.sdk.otpLogin({ organizationId: sub.subOrganizationId, verificationToken, publicKey: device.publicKey, invalidateExisting, clientSignature: await loginClientSignature(device, device.publicKey, tokenId(verificationToken)) });
      return httpFor(t.api.url, device);
    };
    const first = await login(false);
    const second = await login(false);
    await first.getWhoami({ organizationId: sub.subOrganizationId });
    const third = await login(true);
    await third.getWhoami({ organizationId: sub.subOrganizationId });
    for (const old of [first, second]) {
      await assert.rejects(old.getWhoami({ organizationId: sub.subOrganizationId }), rpc(16, 'could not find public key'));
    }
  });

  test('create_sub_organization with a verification token marks the contact verified; without, it stays unverified', async () => {
    const email = uniqueEmail('signup');
    const { verificationToken } = await verifiedToken(email);
    const sub = await t.sdk.createSubOrganization({
      subOrganizationName: 'verified signup',
      rootQuorumThreshold: 1,
      rootUsers: [rootUser(email)],
      verificationToken,
    });
    assert.deepEqual((await t.sdk.getVerifiedSubOrgIds({ filterType: 'EMAIL', filterValue: email })).organizationIds, [sub.subOrganizationId]);
    const other = uniqueEmail('unproven');
    await subOrgFor(other);
    assert.deepEqual((await t.sdk.getVerifiedSubOrgIds({ filterType: 'EMAIL', filterValue: other })).organizationIds, []);
    // A token for one contact cannot verify another.
    const mismatch = await verifiedToken(uniqueEmail('someone-else'));
    await assert.rejects(
      t.sdk.createSubOrganization({ subOrganizationName: 'x', rootQuorumThreshold: 1, rootUsers: [{ userName: other, userEmail: other, apiKeys: [], authenticators: [], oauthProviders: [] }], verificationToken: mismatch.verificationToken }),
      rpc(7, 'no root user has the verified contact'),
    );
  });

  test('a token bound to a device key puts its contact under credentials only with that device\'s signature over exactly them', async () => {
    const email = uniqueEmail('squat');
    const { verificationToken, device } = await verifiedToken(email);
    const attacker = newKey();
    const user = rootUser(email, [attacker]);
    const signup = (clientSignature?: object) =>
      t.sdk.createSubOrganization({ subOrganizationName: 'squat', rootQuorumThreshold: 1, rootUsers: [user], verificationToken, ...(clientSignature ? { clientSignature: clientSignature as never } : {}) });
    const sign = async (key: { publicKey: string; privateKey: string }, message: string) => ({
      publicKey: key.publicKey,
      scheme: 'CLIENT_SIGNATURE_SCHEME_API_P256',
      message,
      signature: await new ApiKeyStamper({ apiPublicKey: key.publicKey, apiPrivateKey: key.privateKey }).sign(message, SignatureFormat.Raw),
    });
    const signed = (apiKeys: object[], mail = email) => signupUsageMessage({ apiKeys, authenticators: [], oauthProviders: [], email: mail }, tokenId(verificationToken));

    await assert.rejects(signup(), rpc(3, 'clientSignature is required'));
    // The device signed a sign-up with no key, or for another email; the attacker signed with its own key.
    await assert.rejects(signup(await sign(device, signed([]))), rpc(16, 'the signed API keys are not the ones asked for'));
    await assert.rejects(signup(await sign(device, signed(user.apiKeys, uniqueEmail('other')))), rpc(16, 'the signed email is not the one asked for'));
    await assert.rejects(signup(await sign(attacker, signed(user.apiKeys))), rpc(16, 'invalid client signature'));
    assert.deepEqual((await t.sdk.getSubOrgIds({ filterType: 'EMAIL', filterValue: email })).organizationIds, []);

    // The device's own signature over this very sign-up (email case and key order do not matter).
    const sub = await signup(await sign(device, signed(user.apiKeys.map((k) => ({ ...k, publicKey: k.publicKey.toUpperCase() })), email.toUpperCase())));
    assert.deepEqual((await t.sdk.getVerifiedSubOrgIds({ filterType: 'EMAIL', filterValue: email })).organizationIds, [sub.subOrganizationId]);
  });
});
