/**
 * External-wallet sign-up through the backend and login without it (turnkey-wire-logins.md §2):
 * /signup `wallet` makes the wallet's key the root user's API key `wallet-auth:<publicKey>`;
 * /wallet-login-lookup says which account holds a key; the wallet then logs in by signing a
 * stamp_login addressed to the parent organization, sent straight to the API — also when it
 * signed it before the account existed, as @turnkey/core's signUpWithWallet does. The auth
 * proxy's /v1/signup(_v2) and the Swift example take the same key in core's apiKeys shape.
 * /signup needs `walletProof`, that signed stamp_login (body and X-Stamp) — the caller holds the
 * wallet; the proxy's protocol has no field for it, so there the wallet's key must come alone.
 * Anyone's root user can add a wallet's (public) key to their own account, so a lookup answers only
 * the account the backend tagged for that wallet (wallet-account-tag.ts), never one it was planted in.
 * Wallets are local keys (helpers/wallet-keys.ts); the clients are the official @turnkey/http and
 * @turnkey/api-key-stamper.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { p256 } from '@noble/curves/nist.js';
import { ed25519 } from '@noble/curves/ed25519.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { ApiKeyStamper, SignatureFormat } from '@turnkey/api-key-stamper';
import { generateP256KeyPair } from '@turnkey/crypto';
import { TurnkeyClient, type TSignedRequest } from '@turnkey/http';
import type { ProxyTSignupV2Body, ProxyTSignupV2Response } from '@turnkey/sdk-types';
import { encodeStampHeader, signupUsageMessage } from '@tkauth/wire';
import { asParams, noneAttestationPasskey } from '../../local-api/test/helpers/passkey.ts';
import { sessionClaims, startSystem, uniqueEmail, type System, refused, verificationTokenFor, tokenId } from './helpers/system.ts';
import { ethWallet, solWallet, walletApiKey, walletStamper, type TestWallet } from '../../local-api/test/helpers/wallets.ts';

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

const WALLETS = [
  { name: 'an Ethereum wallet', make: ethWallet, credentialType: 'CREDENTIAL_TYPE_API_KEY_SECP256K1' },
  { name: 'a Solana wallet', make: solWallet, credentialType: 'CREDENTIAL_TYPE_API_KEY_ED25519' },
] as const;

/** The backend's contract: the wallet's key and curve, nothing else. */
const walletField = (w: TestWallet) => ({ publicKey: w.publicKey, curveType: w.curveType });

/** What core's buildWalletLoginRequest signs: a stamp_login for a fresh session key, addressed to the PARENT. */
const stampLoginBody = (sessionPublicKey: string, o: { organizationId?: string; timestampMs?: number } = {}) => ({
  type: 'ACTIVITY_TYPE_STAMP_LOGIN' as const,
  timestampMs: String(o.timestampMs ?? Date.now()),
  organizationId: o.organizationId ?? parentOrg,
  parameters: { publicKey: sessionPublicKey, expirationSeconds: '900' },
});

/** The wallet's stamp_login, signed by the official client as the device SDK builds it before sign-up (not sent). */
const signedLogin = (w: TestWallet, o: { organizationId?: string; timestampMs?: number } = {}) =>
  new TurnkeyClient({ baseUrl: s.api.url }, walletStamper(w)).stampStampLogin(stampLoginBody(generateP256KeyPair().publicKey, o));

/** /signup's walletProof: that signed request's body, as signed, and its X-Stamp value. */
const proofFrom = (signed: TSignedRequest) => ({ body: signed.body, stamp: signed.stamp.stampHeaderValue });

/** A valid walletProof for `w`: a fresh stamp_login to the parent organization, by the wallet. */
const proofOf = async (w: TestWallet, o: { organizationId?: string; timestampMs?: number } = {}) => proofFrom(await signedLogin(w, o));

/** The auth proxy's refusal: its HTTP status and our code in details (rpcStatus body). */
function proxyRefused(res: { status: number; json: any }, status: number, code: string, message?: RegExp) {
  assert.equal(res.status, status, JSON.stringify(res.json));
  assert.equal(res.json.details?.[0]?.errorCode, code, JSON.stringify(res.json));
  if (message) assert.match(res.json.message, message);
}

/** The wallet's own login, with no backend: its signature on a stamp_login to the parent → the session JWT's claims. */
async function walletLogin(w: TestWallet) {
  const session = generateP256KeyPair();
  const res = await new TurnkeyClient({ baseUrl: s.api.url }, walletStamper(w)).stampLogin(stampLoginBody(session.publicKey));
  assert.equal(res.activity.status, 'ACTIVITY_STATUS_COMPLETED');
  return { claims: sessionClaims(res.activity.result.stampLoginResult!.session), session };
}

/** Every sub-organization holding the key, on any curve (one page of 100: no test makes more). */
const subOrgsWithKey = async (publicKey: string) =>
  (await parent.getSubOrgIds({ organizationId: parentOrg, filterType: 'PUBLIC_KEY', filterValue: publicKey, paginationOptions: { limit: '100' } })).organizationIds;

const tokenFor = (email: string, publicKey?: string) => verificationTokenFor(s, email, publicKey);

/** An Ethereum wallet whose key, read as P-256, is not a point of that curve (about half of them). */
function ethWalletOffP256(): TestWallet {
  for (;;) {
    const w = ethWallet();
    try {
      p256.Point.fromHex(w.publicKey);
    } catch {
      return w;
    }
  }
}

/** An Ethereum wallet whose compressed key is ALSO a P-256 point: the same hex can be registered as a P-256 API key. */
function ethWalletOnP256(): TestWallet {
  for (;;) {
    const w = ethWallet();
    try {
      p256.Point.fromHex(w.publicKey);
      return w;
    } catch {
      // not a P-256 point: try another
    }
  }
}

/** ed25519 keys of small order: the identity point and a point of order 8 (signatures under them need no private key). */
const SMALL_ORDER_ED25519 = ['0100000000000000000000000000000000000000000000000000000000000000', 'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a'];

/** A compressed-point shape (02 + x) whose x has no y on secp256k1 (about half of all x). */
function notASecp256k1Point(): string {
  for (;;) {
    const candidate = `02${randomBytes(32).toString('hex')}`;
    try {
      secp256k1.Point.fromHex(candidate);
    } catch {
      return candidate;
    }
  }
}

/** 64 hex characters that are no ed25519 point (about half of them). */
function notAnEd25519Point(): string {
  for (;;) {
    const candidate = randomBytes(32).toString('hex');
    try {
      ed25519.Point.fromHex(candidate);
    } catch {
      return candidate;
    }
  }
}

describe('the test wallets', () => {
  test('reproduce the published Ethereum vector (Hardhat #0 signing "MESSAGE") and make 128-hex ed25519 signatures', () => {
    const eth = ethWallet(Buffer.from('ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80', 'hex'));
    assert.equal(eth.publicKey, '038318535b54105d4a7aae60c08fc45f9687181b4fdfc625bd1a753fa7397fed75');
    assert.deepEqual(JSON.parse(Buffer.from(eth.stamp('MESSAGE'), 'base64url').toString()), {
      publicKey: eth.publicKey,
      scheme: 'SIGNATURE_SCHEME_TK_API_SECP256K1_EIP191',
      signature: '30440220487cdb8a88f2f4044b701cbb116075c4cabe5fe4657a6358b395c0aab70694db02203453a8057e442bd1aff0ecabe8a82c831f0edd7f2158b7c1feb3de9b1f20309b',
    });
    const sol = solWallet();
    const stamp = JSON.parse(Buffer.from(sol.stamp('MESSAGE'), 'base64url').toString());
    assert.equal(stamp.scheme, 'SIGNATURE_SCHEME_TK_API_ED25519');
    assert.match(stamp.signature, /^[0-9a-f]{128}$/);
    assert.ok(ed25519.verify(Buffer.from(stamp.signature, 'hex'), new TextEncoder().encode('MESSAGE'), Buffer.from(sol.publicKey, 'hex')));
  });
});

for (const kind of WALLETS) {
  describe(`/signup with ${kind.name}`, () => {
    test(`→ 200 {subOrganizationId, userId, wallet}; the root user holds wallet-auth:<publicKey> as ${kind.credentialType}, with no expiry`, async () => {
      const w = kind.make();
      const res = await s.post('/signup', { userName: 'wallet user', wallet: walletField(w), walletProof: await proofOf(w) });
      assert.equal(res.status, 200, JSON.stringify(res.json));
      const { subOrganizationId, userId, wallet } = res.json;
      assert.match(subOrganizationId, /^[0-9a-f-]{36}$/);
      assert.match(userId, /^[0-9a-f-]{36}$/);
      assert.equal(wallet.addresses.length, 2, 'the default embedded wallet (Ethereum and Solana accounts)');
      const { apiKeys } = await parent.getApiKeys({ organizationId: subOrganizationId, userId });
      assert.deepEqual(
        apiKeys.map((k) => ({ apiKeyName: k.apiKeyName, type: k.credential.type, publicKey: k.credential.publicKey, expirationSeconds: k.expirationSeconds })),
        [{ apiKeyName: `wallet-auth:${w.publicKey}`, type: kind.credentialType, publicKey: w.publicKey, expirationSeconds: undefined }],
      );
      assert.deepEqual(await subOrgsWithKey(w.publicKey), [subOrganizationId]);
    });

    test('/wallet-login-lookup finds the account; then the wallet logs in with no backend: stamp_login addressed to the parent is a session for the sub-organization', async () => {
      const w = kind.make();
      assert.deepEqual((await s.post('/wallet-login-lookup', { publicKey: w.publicKey })).json, {});
      const res = await s.post('/signup', { wallet: walletField(w), walletProof: await proofOf(w) });
      assert.equal(res.status, 200, JSON.stringify(res.json));
      const found = await s.post('/wallet-login-lookup', { publicKey: w.publicKey.toUpperCase() });
      assert.equal(found.status, 200, JSON.stringify(found.json));
      assert.deepEqual(found.json, { subOrganizationId: res.json.subOrganizationId });
      const onCurve = await s.post('/wallet-login-lookup', { publicKey: w.publicKey, curveType: w.curveType });
      assert.equal(onCurve.status, 200, JSON.stringify(onCurve.json));
      assert.deepEqual(onCurve.json, { subOrganizationId: res.json.subOrganizationId });

      const { claims, session } = await walletLogin(w);
      assert.equal(claims.organization_id, res.json.subOrganizationId);
      assert.equal(claims.user_id, res.json.userId);
      assert.equal(claims.public_key, session.publicKey);
      // The session key reads its own account.
      const sessionClient = new TurnkeyClient({ baseUrl: s.api.url }, new ApiKeyStamper({ apiPublicKey: session.publicKey, apiPrivateKey: session.privateKey }));
      assert.equal((await sessionClient.getWhoami({ organizationId: res.json.subOrganizationId })).userId, res.json.userId);
    });

    test('pre-signed, as the device SDK does it: the stamp_login is signed first, is /signup\'s walletProof, THEN the same signed request is sent as it is → accepted', async () => {
      const w = kind.make();
      const session = generateP256KeyPair();
      const signed = await new TurnkeyClient({ baseUrl: s.api.url }, walletStamper(w)).stampStampLogin(stampLoginBody(session.publicKey));
      const res = await s.post('/signup', { wallet: walletField(w), walletProof: proofFrom(signed) });
      assert.equal(res.status, 200, JSON.stringify(res.json));
      const sent = await fetch(signed.url, { method: 'POST', headers: { 'content-type': 'application/json', [signed.stamp.stampHeaderName]: signed.stamp.stampHeaderValue }, body: signed.body });
      const json = (await sent.json()) as any;
      assert.equal(sent.status, 200, JSON.stringify(json));
      const claims = sessionClaims(json.activity.result.stampLoginResult.session);
      assert.equal(claims.organization_id, res.json.subOrganizationId);
      assert.equal(claims.public_key, session.publicKey);
    });
  });
}

describe('/signup with a wallet and other credentials', () => {
  test('a wallet with a passkey → one account holding both; the wallet logs in', async () => {
    const w = ethWallet();
    const pk = noneAttestationPasskey();
    const res = await s.post('/signup', { wallet: walletField(w), walletProof: await proofOf(w), passkey: { challenge: pk.challenge, attestation: pk.attestation } });
    assert.equal(res.status, 200, JSON.stringify(res.json));
    const { user } = await parent.getUser({ organizationId: res.json.subOrganizationId, userId: res.json.userId });
    assert.deepEqual(user.authenticators.map((a) => a.credentialId), [pk.attestation.credentialId]);
    assert.deepEqual(user.apiKeys.map((k) => k.apiKeyName), [`wallet-auth:${w.publicKey}`]);
    assert.equal((await walletLogin(w)).claims.organization_id, res.json.subOrganizationId);
  });

  test('a wallet with an email needs its verification token (403 without); with it, the account has both', async () => {
    const email = uniqueEmail('wallet-email');
    const w = solWallet();
    const walletProof = await proofOf(w);
    refused(await s.post('/signup', { userEmail: email, wallet: walletField(w), walletProof }), 403, 'CONTACT_NOT_VERIFIED', /userEmail/);
    assert.deepEqual(await subOrgsWithKey(w.publicKey), []);
    const res = await s.post('/signup', { userEmail: email, verificationToken: await tokenFor(email), wallet: walletField(w), walletProof });
    assert.equal(res.status, 200, JSON.stringify(res.json));
    const { user } = await parent.getUser({ organizationId: res.json.subOrganizationId, userId: res.json.userId });
    assert.equal(user.userEmail, email);
    assert.deepEqual(user.apiKeys.map((k) => k.apiKeyName), [`wallet-auth:${w.publicKey}`]);
  });

  test('a token bound to a device key: its clientSignature must name the wallet key among the apiKeys, as it reaches the API', async () => {
    const email = uniqueEmail('wallet-bound');
    const w = ethWallet();
    const device = generateP256KeyPair();
    const stamper = new ApiKeyStamper({ apiPublicKey: device.publicKey, apiPrivateKey: device.privateKey });
    const verificationToken = await tokenFor(email, device.publicKey);
    const signedFor = async (apiKeys: unknown[]) => {
      const message = signupUsageMessage({ email, apiKeys, authenticators: [], oauthProviders: [] }, tokenId(verificationToken));
      return { publicKey: device.publicKey, scheme: 'CLIENT_SIGNATURE_SCHEME_API_P256' as const, message, signature: await stamper.sign(message, SignatureFormat.Raw) };
    };
    const walletProof = await proofOf(w);
    const without = await s.post('/signup', { userEmail: email, verificationToken, clientSignature: await signedFor([]), wallet: walletField(w), walletProof });
    refused(without, 401, 'CLIENT_SIGNATURE_INVALID', /API keys/);
    assert.deepEqual(await subOrgsWithKey(w.publicKey), []);
    const res = await s.post('/signup', { userEmail: email, verificationToken, clientSignature: await signedFor([walletApiKey(w)]), wallet: walletField(w), walletProof });
    assert.equal(res.status, 200, JSON.stringify(res.json));
    assert.equal((await walletLogin(w)).claims.organization_id, res.json.subOrganizationId);
  });
});

describe('/signup with a wallet refuses, and creates nothing', () => {
  test('the same wallet signed up twice → 409 CONTACT_EXISTS, also as an apiKeys entry; it keeps one account', async () => {
    const w = ethWallet();
    const first = await s.post('/signup', { wallet: walletField(w), walletProof: await proofOf(w) });
    assert.equal(first.status, 200, JSON.stringify(first.json));
    refused(await s.post('/signup', { wallet: walletField(w), walletProof: await proofOf(w) }), 409, 'CONTACT_EXISTS', /wallet: this wallet key already has an account/);
    refused(await s.post('/signup', { wallet: { ...walletField(w), publicKey: w.publicKey.toUpperCase() }, walletProof: await proofOf(w) }), 409, 'CONTACT_EXISTS');
    refused(await s.post('/signup', { apiKeys: [walletApiKey(w)], walletProof: await proofOf(w) }), 409, 'CONTACT_EXISTS', /apiKeys\[0\]/);
    assert.deepEqual(await subOrgsWithKey(w.publicKey), [first.json.subOrganizationId]);
  });

  test('two concurrent sign-ups of one wallet: one account, one 409', async () => {
    const w = solWallet();
    const [p1, p2] = [await proofOf(w), await proofOf(w)];
    const [a, b] = await Promise.all([s.post('/signup', { wallet: walletField(w), walletProof: p1 }), s.post('/signup', { wallet: walletField(w), walletProof: p2 })]);
    assert.deepEqual([a.status, b.status].sort(), [200, 409], JSON.stringify([a.json, b.json]));
    assert.equal((await subOrgsWithKey(w.publicKey)).length, 1);
  });

  test('a malformed key, or one that is no point of its curve → 400 VALIDATION_FAILED', async () => {
    const eth = ethWallet();
    const sol = solWallet();
    const offCurveSecp = notASecp256k1Point();
    const cases: [unknown, RegExp][] = [
      [{ publicKey: 'abc', curveType: 'API_KEY_CURVE_SECP256K1' }, /publicKey/],
      [{ publicKey: `04${eth.publicKey.slice(2)}`, curveType: 'API_KEY_CURVE_SECP256K1' }, /publicKey/],
      [{ publicKey: sol.publicKey, curveType: 'API_KEY_CURVE_SECP256K1' }, /wallet\.publicKey: not a compressed secp256k1 public key/],
      [{ publicKey: offCurveSecp, curveType: 'API_KEY_CURVE_SECP256K1' }, /wallet\.publicKey: not a compressed secp256k1 public key/],
      [{ publicKey: eth.publicKey, curveType: 'API_KEY_CURVE_ED25519' }, /wallet\.publicKey: not an ed25519 public key/],
      [{ publicKey: notAnEd25519Point(), curveType: 'API_KEY_CURVE_ED25519' }, /wallet\.publicKey: not an ed25519 public key/],
      [{ publicKey: eth.publicKey, curveType: 'API_KEY_CURVE_P256' }, /curveType/],
      [{ publicKey: eth.publicKey }, /curveType/],
      [{ ...walletField(eth), apiKeyName: 'mine' }, /additional properties/],
    ];
    // Each with a valid proof by a real wallet: the key is checked whatever the proof says.
    const walletProof = await proofOf(eth);
    for (const [wallet, message] of cases) refused(await s.post('/signup', { wallet, walletProof }), 400, 'VALIDATION_FAILED', message);
    refused(await s.post('/signup', { apiKeys: [{ apiKeyName: 'k', publicKey: offCurveSecp, curveType: 'API_KEY_CURVE_SECP256K1' }], walletProof }), 400, 'VALIDATION_FAILED', /apiKeys\[0\]\.publicKey/);
    assert.deepEqual(await subOrgsWithKey(eth.publicKey), []);
    assert.deepEqual(await subOrgsWithKey(sol.publicKey), []);
  });

  test('an apiKeys entry claiming P-256 for a secp256k1 key that is no P-256 point → 400', async () => {
    const w = ethWalletOffP256();
    const res = await s.post('/signup', { apiKeys: [{ apiKeyName: 'k', publicKey: w.publicKey, curveType: 'API_KEY_CURVE_P256' }] });
    refused(res, 400, 'VALIDATION_FAILED');
    assert.deepEqual(await subOrgsWithKey(w.publicKey), []);
  });

  test('the wallet and an identical apiKeys entry → 400, naming both', async () => {
    const w = ethWallet();
    const res = await s.post('/signup', { wallet: walletField(w), walletProof: await proofOf(w), apiKeys: [walletApiKey(w)] });
    refused(res, 400, 'VALIDATION_FAILED', /wallet\.publicKey is also apiKeys\[0\]\.publicKey/);
    assert.deepEqual(await subOrgsWithKey(w.publicKey), []);
  });
});

describe('/wallet-login-lookup', () => {
  test('an unknown key of each curve → {}; a malformed one → 400', async () => {
    for (const publicKey of [ethWallet().publicKey, solWallet().publicKey, generateP256KeyPair().publicKey]) {
      const res = await s.post('/wallet-login-lookup', { publicKey });
      assert.equal(res.status, 200, JSON.stringify(res.json));
      assert.deepEqual(res.json, {});
    }
    for (const publicKey of ['', 'xyz', 'ab'.repeat(33), `04${'ab'.repeat(32)}`, notAnEd25519Point(), 42]) {
      refused(await s.post('/wallet-login-lookup', { publicKey }), 400, 'VALIDATION_FAILED', /publicKey/);
    }
    refused(await s.post('/wallet-login-lookup', {}), 400, 'VALIDATION_FAILED');
  });

  test('curveType: a wallet curve is accepted ({} for an unknown key); any other value, or a key that is not of that curve → 400', async () => {
    for (const w of [ethWallet(), solWallet()]) {
      const res = await s.post('/wallet-login-lookup', { publicKey: w.publicKey, curveType: w.curveType });
      assert.equal(res.status, 200, JSON.stringify(res.json));
      assert.deepEqual(res.json, {});
    }
    const publicKey = ethWallet().publicKey;
    for (const curveType of ['API_KEY_CURVE_P256', 'API_KEY_CURVE_SECP256R1', 'secp256k1', '', 42, null]) {
      refused(await s.post('/wallet-login-lookup', { publicKey, curveType }), 400, 'VALIDATION_FAILED', /curveType/);
    }
    refused(await s.post('/wallet-login-lookup', { publicKey, curveType: 'API_KEY_CURVE_ED25519' }), 400, 'VALIDATION_FAILED', /publicKey/);
    refused(await s.post('/wallet-login-lookup', { publicKey: solWallet().publicKey, curveType: 'API_KEY_CURVE_SECP256K1' }), 400, 'VALIDATION_FAILED', /publicKey/);
    refused(await s.post('/wallet-login-lookup', { publicKey: SMALL_ORDER_ED25519[0], curveType: 'API_KEY_CURVE_ED25519' }), 400, 'VALIDATION_FAILED', /publicKey/);
  });

  test('rate limited per IP like every route: 429 RATE_LIMITED past the limit', async () => {
    const limited = await startSystem({ env: { RATE_LIMIT_IP_PER_MINUTE: '2' } });
    try {
      const publicKey = ethWallet().publicKey;
      for (let i = 0; i < 2; i++) assert.equal((await limited.post('/wallet-login-lookup', { publicKey })).status, 200);
      const res = await limited.post('/wallet-login-lookup', { publicKey });
      refused(res, 429, 'RATE_LIMITED');
      assert.ok(Number(res.headers.get('retry-after')) > 0);
    } finally {
      await limited.stop();
    }
  });
});

describe('the wallet key in core\'s apiKeys shape', () => {
  for (const route of ['/v1/signup_v2', '/v1/signup'] as const) {
    test(`${route} (core's signUpWithWallet) → {organizationId, userId}; /v1/account PUBLIC_KEY finds it; the wallet logs in on the parent`, async () => {
      for (const kind of WALLETS) {
        const w = kind.make();
        assert.deepEqual((await s.post('/v1/account', { filterType: 'PUBLIC_KEY', filterValue: w.publicKey })).json, {});
        const body = { userName: `user-${Date.now()}`, authenticators: [], apiKeys: [walletApiKey(w)], oauthProviders: [] } satisfies ProxyTSignupV2Body;
        const res = await s.post(route, body);
        assert.equal(res.status, 200, JSON.stringify(res.json));
        const { organizationId, userId } = res.json as ProxyTSignupV2Response;
        assert.match(organizationId, /^[0-9a-f-]{36}$/);
        assert.match(userId, /^[0-9a-f-]{36}$/);
        assert.deepEqual((await s.post('/v1/account', { filterType: 'PUBLIC_KEY', filterValue: w.publicKey })).json, { organizationId });
        const { apiKeys } = await parent.getApiKeys({ organizationId, userId });
        assert.deepEqual(apiKeys.map((k) => [k.apiKeyName, k.credential.type]), [[`wallet-auth:${w.publicKey}`, kind.credentialType]]);
        assert.equal((await walletLogin(w)).claims.organization_id, organizationId);
        // A second sign-up of the same wallet: the proxy's 409, our code in details.
        const again = await s.post(route, { ...body, userName: 'again' });
        assert.equal(again.status, 409, JSON.stringify(again.json));
        assert.equal(again.json.details[0].errorCode, 'CONTACT_EXISTS');
      }
    });
  }

  test('/auth/createSubOrg (Swift example) with the wallet key in apiKeys → {subOrganizationId}; the wallet logs in', async () => {
    const w = ethWallet();
    const res = await s.post('/auth/createSubOrg', { apiKeys: [walletApiKey(w)] });
    assert.equal(res.status, 200, JSON.stringify(res.json));
    assert.deepEqual(Object.keys(res.json), ['subOrganizationId']);
    assert.equal((await walletLogin(w)).claims.organization_id, res.json.subOrganizationId);
  });
});

describe('/signup\'s walletProof: the caller must hold the wallet', () => {
  const deviceKey = () => ({ apiKeyName: 'device', publicKey: generateP256KeyPair().publicKey, curveType: 'API_KEY_CURVE_P256' as const });

  test('a wallet key without walletProof → 401 WALLET_PROOF_INVALID (required), as `wallet` or as an apiKeys entry on a wallet curve; nothing created', async () => {
    for (const kind of WALLETS) {
      const w = kind.make();
      refused(await s.post('/signup', { wallet: walletField(w) }), 401, 'WALLET_PROOF_INVALID', /required with wallet: walletProof/);
      refused(await s.post('/signup', { apiKeys: [walletApiKey(w)] }), 401, 'WALLET_PROOF_INVALID', /required with apiKeys\[0\]/);
      const device = deviceKey();
      refused(await s.post('/signup', { apiKeys: [device, walletApiKey(w)] }), 401, 'WALLET_PROOF_INVALID', /required with apiKeys\[1\]/);
      assert.deepEqual(await subOrgsWithKey(w.publicKey), []);
      assert.deepEqual(await subOrgsWithKey(device.publicKey), []);
    }
  });

  test('with its proof, the wallet key may come as an apiKeys entry, and other credentials may sit beside it → 200, one account holding them; the wallet logs in', async () => {
    for (const kind of WALLETS) {
      const w = kind.make();
      const device = deviceKey();
      const res = await s.post('/signup', { apiKeys: [device, walletApiKey(w)], walletProof: await proofOf(w) });
      assert.equal(res.status, 200, JSON.stringify(res.json));
      const { apiKeys } = await parent.getApiKeys({ organizationId: res.json.subOrganizationId, userId: res.json.userId });
      assert.deepEqual(apiKeys.map((k) => [k.credential.publicKey, k.credential.type]).sort(), [[device.publicKey, 'CREDENTIAL_TYPE_API_KEY_P256'], [w.publicKey, kind.credentialType]].sort());
      assert.equal((await walletLogin(w)).claims.organization_id, res.json.subOrganizationId);
    }
  });

  for (const kind of WALLETS) {
    test(`${kind.name}: a proof that does not prove it → 401 WALLET_PROOF_INVALID, nothing created; then its valid proof → 200`, async () => {
      const w = kind.make();
      const other = kind.make();
      const loginBody = (o: { organizationId?: string; timestampMs?: number } = {}) => JSON.stringify(stampLoginBody(generateP256KeyPair().publicKey, o));
      const byHand = (body: string) => ({ body, stamp: w.stamp(body) });

      const signed = await signedLogin(w);
      const oneByteOff = signed.body.replace('"expirationSeconds":"900"', '"expirationSeconds":"901"');
      assert.notEqual(oneByteOff, signed.body);
      assert.equal(oneByteOff.length, signed.body.length);
      const whoami = await new TurnkeyClient({ baseUrl: s.api.url }, walletStamper(w)).stampGetWhoami({ organizationId: parentOrg });
      const createWallet = JSON.stringify({
        type: 'ACTIVITY_TYPE_CREATE_WALLET',
        timestampMs: String(Date.now()),
        organizationId: parentOrg,
        parameters: { walletName: 'w', accounts: [] },
      });
      const fresh = loginBody();
      const [stampKey, stampScheme] = [w.publicKey, JSON.parse(Buffer.from(w.stamp(fresh), 'base64url').toString()).scheme as string];
      const wrongScheme =
        kind.make === ethWallet
          ? // The key fits P-256's shape too: the stamp parses, and its scheme is not secp256k1's.
            { proof: { body: fresh, stamp: w.stamp(fresh, { scheme: 'SIGNATURE_SCHEME_TK_API_P256' }) }, message: /SIGNATURE_SCHEME_TK_API_P256 is not the scheme of API_KEY_CURVE_SECP256K1/ }
          : // A 64-hex key under the EIP-191 scheme is no stamp at all.
            { proof: { body: fresh, stamp: encodeStampHeader({ publicKey: w.publicKey, scheme: 'SIGNATURE_SCHEME_TK_API_SECP256K1_EIP191', signature: JSON.parse(Buffer.from(w.stamp(fresh), 'base64url').toString()).signature }) }, message: /stamp: publicKey is not a compressed secp256k1 key/ };

      const cases: [string, { body: string; stamp: string }, RegExp][] = [
        ['stamped by another wallet', await proofOf(other), /the stamp is not by this wallet's key/],
        ['naming this wallet\'s key, signed by another', { body: fresh, stamp: w.stamp(fresh, { signWith: other.secretKey }) }, /the signature does not verify over the body/],
        ['the body changed by one byte after signing', { body: oneByteOff, stamp: signed.stamp.stampHeaderValue }, /the signature does not verify over the body/],
        ['a signed getWhoami', proofFrom(whoami), /the body is not a stamp_login/],
        ['a signed create_wallet', byHand(createWallet), /the body is not a stamp_login/],
        ['a signed body that is no JSON', byHand('login please'), /the body is not JSON/],
        ['addressed to another organization', await proofOf(w, { organizationId: randomUUID() }), /not addressed to this backend's organization/],
        ['addressed to no organization', byHand(JSON.stringify({ ...JSON.parse(fresh), organizationId: undefined })), /not addressed to this backend's organization/],
        ['signed 6 minutes ago', await proofOf(w, { timestampMs: Date.now() - 6 * 60_000 }), /signed 360 s ago; it must be within 300 s/],
        ['dated 2 minutes ahead', await proofOf(w, { timestampMs: Date.now() + 2 * 60_000 }), /dated 120 s ahead of this server's clock; at most 60 s is allowed/],
        ['with no readable time', byHand(JSON.stringify({ ...JSON.parse(fresh), timestampMs: 'now' })), /timestampMs is not a time in milliseconds/],
        ['a malformed stamp', { body: fresh, stamp: 'not a stamp' }, /stamp: header is not base64url-encoded JSON/],
        ['a stamp with no signature', { body: fresh, stamp: Buffer.from(JSON.stringify({ publicKey: stampKey, scheme: stampScheme })).toString('base64url') }, /stamp: publicKey, scheme and signature must be strings/],
        ['a stamp of an unknown scheme', { body: fresh, stamp: encodeStampHeader({ publicKey: stampKey, scheme: 'SIGNATURE_SCHEME_NONE', signature: '00'.repeat(64) }) }, /stamp:/],
        ['the wallet\'s key under another curve\'s scheme', wrongScheme.proof, wrongScheme.message],
      ];
      for (const [what, walletProof, message] of cases) {
        const res = await s.post('/signup', { wallet: walletField(w), walletProof });
        assert.equal(res.status, 401, `${what}: ${JSON.stringify(res.json)}`);
        assert.equal(res.json.code, 'WALLET_PROOF_INVALID', what);
        assert.match(res.json.message, message, what);
      }
      assert.deepEqual(await subOrgsWithKey(w.publicKey), []);
      assert.deepEqual(await subOrgsWithKey(other.publicKey), []);
      const res = await s.post('/signup', { wallet: walletField(w), walletProof: await proofOf(w) });
      assert.equal(res.status, 200, JSON.stringify(res.json));
      assert.deepEqual(await subOrgsWithKey(w.publicKey), [res.json.subOrganizationId]);
    });
  }

  test('an Ethereum wallet\'s proof given for a Solana wallet\'s key, and the other way round → 401, nothing created', async () => {
    const eth = ethWallet();
    const sol = solWallet();
    refused(await s.post('/signup', { wallet: walletField(sol), walletProof: await proofOf(eth) }), 401, 'WALLET_PROOF_INVALID', /not by this wallet's key/);
    refused(await s.post('/signup', { wallet: walletField(eth), walletProof: await proofOf(sol) }), 401, 'WALLET_PROOF_INVALID', /not by this wallet's key/);
    assert.deepEqual(await subOrgsWithKey(eth.publicKey), []);
    assert.deepEqual(await subOrgsWithKey(sol.publicKey), []);
  });

  test('walletProof without any wallet key → 400 VALIDATION_FAILED; nothing created', async () => {
    const w = ethWallet();
    const device = deviceKey();
    const walletProof = await proofOf(w);
    refused(await s.post('/signup', { apiKeys: [device], walletProof }), 400, 'VALIDATION_FAILED', /walletProof is for a sign-up with a wallet key/);
    refused(await s.post('/signup', { userName: 'no wallet', walletProof }), 400, 'VALIDATION_FAILED', /walletProof is for a sign-up with a wallet key/);
    assert.deepEqual(await subOrgsWithKey(w.publicKey), []);
    assert.deepEqual(await subOrgsWithKey(device.publicKey), []);
  });

  test('two wallet keys in one sign-up → 400 (one wallet key per account), whichever has the proof; nothing created', async () => {
    const eth = ethWallet();
    const eth2 = ethWallet();
    const sol = solWallet();
    const cases = [
      { wallet: walletField(eth), walletProof: await proofOf(eth), apiKeys: [walletApiKey(sol)] },
      { wallet: walletField(eth), walletProof: await proofOf(sol), apiKeys: [walletApiKey(sol)] },
      { wallet: walletField(eth), walletProof: await proofOf(eth), apiKeys: [walletApiKey(eth2)] },
      { apiKeys: [walletApiKey(eth), walletApiKey(sol)], walletProof: await proofOf(eth) },
    ];
    for (const body of cases) refused(await s.post('/signup', body), 400, 'VALIDATION_FAILED', /one wallet key per account/);
    for (const w of [eth, eth2, sol]) assert.deepEqual(await subOrgsWithKey(w.publicKey), []);
  });
});

describe('the wallet key where the protocol has no proof (auth proxy, Swift example): alone, or refused', () => {
  const deviceKey = () => ({ apiKeyName: 'device', publicKey: generateP256KeyPair().publicKey, curveType: 'API_KEY_CURVE_P256' as const });

  for (const route of ['/v1/signup_v2', '/v1/signup'] as const) {
    test(`${route}: the wallet key beside another API key, a passkey, a verified email or a phone → 400 VALIDATION_FAILED (unproven); nothing created`, async () => {
      for (const kind of WALLETS) {
        const w = kind.make();
        const device = deviceKey();
        const email = uniqueEmail('unproven-wallet');
        const pk = noneAttestationPasskey();
        const base = { userName: 'squatter', authenticators: [], apiKeys: [walletApiKey(w)], oauthProviders: [] } satisfies ProxyTSignupV2Body;
        const cases: [string, ProxyTSignupV2Body, RegExp][] = [
          ['another API key', { ...base, apiKeys: [walletApiKey(w), device] }, /apiKeys\[0\]: unproven, a wallet account holds only the wallet's key, not another API key/],
          ['a passkey', { ...base, authenticators: [asParams(pk)] }, /unproven.*not a passkey/],
          ['a verified email', { ...base, userEmail: email, verificationToken: await tokenFor(email) }, /unproven.*not userEmail/],
          ['a phone number', { ...base, userPhoneNumber: '+14155550100' }, /unproven.*not userPhoneNumber/],
        ];
        for (const [what, body, message] of cases) {
          const res = await s.post(route, body);
          assert.equal(res.status, 400, `${what}: ${JSON.stringify(res.json)}`);
          proxyRefused(res, 400, 'VALIDATION_FAILED', message);
        }
        assert.deepEqual(await subOrgsWithKey(w.publicKey), []);
        assert.deepEqual(await subOrgsWithKey(device.publicKey), []);
        assert.deepEqual((await parent.getSubOrgIds({ organizationId: parentOrg, filterType: 'EMAIL', filterValue: email })).organizationIds, []);
      }
    });
  }

  test('/auth/createSubOrg (Swift example): the wallet key beside a P-256 key → 400 VALIDATION_FAILED (unproven); nothing created', async () => {
    const w = ethWallet();
    const device = deviceKey();
    refused(await s.post('/auth/createSubOrg', { apiKeys: [walletApiKey(w), device] }), 400, 'VALIDATION_FAILED', /unproven.*another API key/);
    assert.deepEqual(await subOrgsWithKey(w.publicKey), []);
    assert.deepEqual(await subOrgsWithKey(device.publicKey), []);
  });
});

describe('a wallet key is the wallet\'s on its own curve', () => {
  for (const via of ['/signup', '/v1/signup_v2'] as const) {
    test(`the same hex signed up first as a P-256 key (${via}) does not block the wallet: its /signup → 200, the lookup on its curve and its login find its own account`, async () => {
      const w = ethWalletOnP256();
      const squatKey = { apiKeyName: 'squat', publicKey: w.publicKey, curveType: 'API_KEY_CURVE_P256' as const };
      const squat = via === '/signup' ? await s.post('/signup', { apiKeys: [squatKey] }) : await s.post('/v1/signup_v2', { authenticators: [], apiKeys: [squatKey], oauthProviders: [] });
      assert.equal(squat.status, 200, JSON.stringify(squat.json));
      const squatOrg: string = squat.json.subOrganizationId ?? squat.json.organizationId;
      assert.match(squatOrg, /^[0-9a-f-]{36}$/);
      assert.deepEqual((await s.post('/wallet-login-lookup', { publicKey: w.publicKey, curveType: 'API_KEY_CURVE_SECP256K1' })).json, {});

      const res = await s.post('/signup', { wallet: walletField(w), walletProof: await proofOf(w) });
      assert.equal(res.status, 200, JSON.stringify(res.json));
      const walletOrg: string = res.json.subOrganizationId;
      assert.notEqual(walletOrg, squatOrg);
      assert.deepEqual((await subOrgsWithKey(w.publicKey)).sort(), [squatOrg, walletOrg].sort());
      const found = await s.post('/wallet-login-lookup', { publicKey: w.publicKey, curveType: 'API_KEY_CURVE_SECP256K1' });
      assert.equal(found.status, 200, JSON.stringify(found.json));
      assert.deepEqual(found.json, { subOrganizationId: walletOrg });
      const { claims } = await walletLogin(w);
      assert.equal(claims.organization_id, walletOrg);
      assert.equal(claims.user_id, res.json.userId);
      // The wallet's own account still counts as one: a second sign-up of it is a conflict.
      refused(await s.post('/signup', { wallet: walletField(w), walletProof: await proofOf(w) }), 409, 'CONTACT_EXISTS', /wallet: this wallet key already has an account/);
      assert.equal((await subOrgsWithKey(w.publicKey)).length, 2);
    });
  }

  test('an ed25519 key of small order (the identity, a point of order 8) → 400 VALIDATION_FAILED at /signup and /v1/signup_v2, even with a proof that verifies under it; nothing created', async () => {
    for (const key of SMALL_ORDER_ED25519) {
      // Under the identity key, R = identity and S = 0 verify for any message: a "proof" with no private key.
      const body = JSON.stringify(stampLoginBody(generateP256KeyPair().publicKey));
      const forged = { body, stamp: encodeStampHeader({ publicKey: key, scheme: 'SIGNATURE_SCHEME_TK_API_ED25519', signature: `01${'00'.repeat(63)}` }) };
      const walletProof = key.startsWith('01') ? forged : await proofOf(solWallet());
      const asWallet = { publicKey: key, curveType: 'API_KEY_CURVE_ED25519' };
      const asApiKey = { apiKeyName: `wallet-auth:${key}`, ...asWallet };
      refused(await s.post('/signup', { wallet: asWallet, walletProof }), 400, 'VALIDATION_FAILED', /wallet\.publicKey: not an ed25519 public key/);
      refused(await s.post('/signup', { apiKeys: [asApiKey], walletProof }), 400, 'VALIDATION_FAILED', /apiKeys\[0\]\.publicKey: not an ed25519 public key/);
      proxyRefused(await s.post('/v1/signup_v2', { authenticators: [], apiKeys: [asApiKey], oauthProviders: [] }), 400, 'VALIDATION_FAILED', /apiKeys\[0\]\.publicKey: not an ed25519 public key/);
      assert.deepEqual(await subOrgsWithKey(key), []);
    }
  });
});

/** An ordinary account anyone can make: their own P-256 key, by /signup or the proxy's /v1/signup_v2; its client stamps with that key. */
async function ordinaryAccount(via: '/signup' | '/v1/signup_v2' = '/signup', o: { organizationName?: string } = {}) {
  const key = generateP256KeyPair();
  const apiKeys = [{ apiKeyName: 'own key', publicKey: key.publicKey, curveType: 'API_KEY_CURVE_P256' as const }];
  const res = via === '/signup' ? await s.post('/signup', { apiKeys }) : await s.post('/v1/signup_v2', { authenticators: [], apiKeys, oauthProviders: [], ...o } satisfies ProxyTSignupV2Body);
  assert.equal(res.status, 200, JSON.stringify(res.json));
  const orgId: string = res.json.subOrganizationId ?? res.json.organizationId;
  const userId: string = res.json.userId;
  assert.match(orgId, /^[0-9a-f-]{36}$/);
  const client = new TurnkeyClient({ baseUrl: s.api.url }, new ApiKeyStamper({ apiPublicKey: key.publicKey, apiPrivateKey: key.privateKey }));
  return { orgId, userId, client };
}
type Account = Awaited<ReturnType<typeof ordinaryAccount>>;

/**
 * The reviewer's attack: the account's own root user adds the victim wallet's public key to ITS
 * OWN account (create_api_keys stamped by its own key, addressed to its own sub-organization),
 * named and typed as the wallet's key would be. The API accepts it: a public key is public.
 */
async function plant(a: Account, w: TestWallet) {
  const res = await a.client.createApiKeys({
    type: 'ACTIVITY_TYPE_CREATE_API_KEYS_V2',
    timestampMs: String(Date.now()),
    organizationId: a.orgId,
    parameters: { userId: a.userId, apiKeys: [walletApiKey(w)] },
  });
  assert.equal(res.activity.status, 'ACTIVITY_STATUS_COMPLETED');
  const held = (await parent.getApiKeys({ organizationId: a.orgId, userId: a.userId })).apiKeys.filter((k) => k.credential.publicKey === w.publicKey);
  assert.deepEqual(
    held.map((k) => [k.apiKeyName, k.credential.type]),
    [[`wallet-auth:${w.publicKey}`, w.curveType === 'API_KEY_CURVE_SECP256K1' ? 'CREDENTIAL_TYPE_API_KEY_SECP256K1' : 'CREDENTIAL_TYPE_API_KEY_ED25519']],
    'the planted key sits in the attacker\'s account on the wallet\'s curve',
  );
}

/** Every lookup of the wallet's key: /wallet-login-lookup without and with curveType, and the proxy's /v1/account PUBLIC_KEY. */
async function lookups(w: TestWallet) {
  const answers = {
    plain: await s.post('/wallet-login-lookup', { publicKey: w.publicKey }),
    onCurve: await s.post('/wallet-login-lookup', { publicKey: w.publicKey, curveType: w.curveType }),
    account: await s.post('/v1/account', { filterType: 'PUBLIC_KEY', filterValue: w.publicKey }),
  };
  for (const [what, r] of Object.entries(answers)) assert.equal(r.status, 200, `${what}: ${JSON.stringify(r.json)}`);
  return { plain: answers.plain.json, onCurve: answers.onCurve.json, account: answers.account.json };
}
const noAccount = { plain: {}, onCurve: {}, account: {} };
const accountIs = (subOrganizationId: string) => ({ plain: { subOrganizationId }, onCurve: { subOrganizationId }, account: { organizationId: subOrganizationId } });

/** Sends a signed request as it is, straight to the API. */
async function sendSigned(signed: TSignedRequest) {
  const res = await fetch(signed.url, { method: 'POST', headers: { 'content-type': 'application/json', [signed.stamp.stampHeaderName]: signed.stamp.stampHeaderValue }, body: signed.body });
  return { status: res.status, json: (await res.json()) as any };
}

/** The wallet's proven /signup → its account. */
async function walletSignup(w: TestWallet) {
  const res = await s.post('/signup', { wallet: walletField(w), walletProof: await proofOf(w) });
  assert.equal(res.status, 200, JSON.stringify(res.json));
  return { subOrganizationId: res.json.subOrganizationId as string, userId: res.json.userId as string };
}

describe('a wallet\'s key planted in someone else\'s account is not the wallet\'s account (only the account the backend tagged for it is)', () => {
  for (const kind of WALLETS) {
    test(`${kind.name}, planted BEFORE the victim signs up: every lookup → {}; the victim's /signup → a new account, which the lookups then answer; a login to the parent is Turnkey's 401, one addressed to the victim's sub-organization works`, async () => {
      const w = kind.make();
      const attacker = await ordinaryAccount();
      await plant(attacker, w);
      assert.deepEqual(await subOrgsWithKey(w.publicKey), [attacker.orgId], 'the API does say the attacker holds the key');
      assert.deepEqual(await lookups(w), noAccount);

      const victim = await walletSignup(w);
      assert.notEqual(victim.subOrganizationId, attacker.orgId);
      assert.deepEqual((await subOrgsWithKey(w.publicKey)).sort(), [attacker.orgId, victim.subOrganizationId].sort());
      assert.deepEqual(await lookups(w), accountIs(victim.subOrganizationId));
      const { apiKeys } = await parent.getApiKeys({ organizationId: victim.subOrganizationId, userId: victim.userId });
      assert.deepEqual(apiKeys.map((k) => [k.apiKeyName, k.credential.publicKey, k.credential.type]), [[`wallet-auth:${w.publicKey}`, w.publicKey, kind.credentialType]]);

      // The API resolves a parent-addressed stamp by the key alone, and two sub-organizations hold it:
      // Turnkey's 401 (the device SDK, told the account by the lookup, addresses its login there instead).
      const toParent = await sendSigned(await signedLogin(w));
      assert.equal(toParent.status, 401, JSON.stringify(toParent.json));
      assert.equal(toParent.json.message, 'more than one suborg associated with a public key');
      const session = generateP256KeyPair();
      const res = await new TurnkeyClient({ baseUrl: s.api.url }, walletStamper(w)).stampLogin(stampLoginBody(session.publicKey, { organizationId: victim.subOrganizationId }));
      assert.equal(res.activity.status, 'ACTIVITY_STATUS_COMPLETED');
      const claims = sessionClaims(res.activity.result.stampLoginResult!.session);
      assert.deepEqual([claims.organization_id, claims.user_id, claims.public_key], [victim.subOrganizationId, victim.userId, session.publicKey]);
    });

    test(`${kind.name}, planted AFTER the victim has an account: the lookups still answer the victim's; a second sign-up of the wallet → 409, nothing created`, async () => {
      const w = kind.make();
      const victim = await walletSignup(w);
      const attacker = await ordinaryAccount('/v1/signup_v2');
      await plant(attacker, w);
      assert.deepEqual((await subOrgsWithKey(w.publicKey)).sort(), [victim.subOrganizationId, attacker.orgId].sort());
      assert.deepEqual(await lookups(w), accountIs(victim.subOrganizationId));
      refused(await s.post('/signup', { wallet: walletField(w), walletProof: await proofOf(w) }), 409, 'CONTACT_EXISTS', /wallet: this wallet key already has an account/);
      assert.deepEqual((await subOrgsWithKey(w.publicKey)).sort(), [victim.subOrganizationId, attacker.orgId].sort());
    });

    test(`${kind.name}: 12 decoy accounts holding the key first (past the API's default page of 10) → the victim's /signup → 200, the lookups find it, a second sign-up → 409`, async () => {
      const w = kind.make();
      const decoys: string[] = [];
      for (let i = 0; i < 12; i++) {
        const a = await ordinaryAccount(i % 2 ? '/v1/signup_v2' : '/signup');
        await plant(a, w);
        decoys.push(a.orgId);
      }
      assert.deepEqual(await lookups(w), noAccount);
      const victim = await walletSignup(w);
      const holders = await subOrgsWithKey(w.publicKey);
      assert.deepEqual(holders, [...decoys, victim.subOrganizationId], 'in creation order: the victim\'s account comes 13th');
      const firstPage = (await parent.getSubOrgIds({ organizationId: parentOrg, filterType: 'PUBLIC_KEY', filterValue: w.publicKey })).organizationIds;
      assert.deepEqual(firstPage, decoys.slice(0, 10), 'a lookup reading one default page would not see it');
      assert.deepEqual(await lookups(w), accountIs(victim.subOrganizationId));
      refused(await s.post('/signup', { wallet: walletField(w), walletProof: await proofOf(w) }), 409, 'CONTACT_EXISTS', /wallet: this wallet key already has an account/);
      assert.deepEqual(await subOrgsWithKey(w.publicKey), holders);
    });

    test(`${kind.name}: the tag cannot be written by the attacker — a well-formed wrong tag, or another wallet's genuine one, in the account's name → not the wallet's account`, async () => {
      const w = kind.make();
      // A well-formed tag that is not this wallet's: the sub-organization's name, as the proxy lets anyone choose it.
      const forgedName = `wallet ${w.publicKey.slice(0, 16)} #tkw1.${'A'.repeat(22)}`;
      const forged = await ordinaryAccount('/v1/signup_v2', { organizationName: forgedName });
      assert.equal((await parent.getOrganization({ organizationId: forged.orgId })).organizationData.name, forgedName);
      await plant(forged, w);
      assert.deepEqual(await lookups(w), noAccount);

      // The attacker's OWN wallet account carries a genuine tag, of the attacker's wallet: neither that
      // account nor a copy of its name counts for the victim's key.
      const own = kind.make();
      const ownAccount = await walletSignup(own);
      const ownName = (await parent.getOrganization({ organizationId: ownAccount.subOrganizationId })).organizationData.name!;
      assert.match(ownName, / #tkw1\.[A-Za-z0-9_-]{22}$/);
      const copied = await ordinaryAccount('/v1/signup_v2', { organizationName: ownName });
      assert.equal((await parent.getOrganization({ organizationId: copied.orgId })).organizationData.name, ownName);
      await plant(copied, w);
      const ownClient = new TurnkeyClient({ baseUrl: s.api.url }, walletStamper(own));
      const added = await ownClient.createApiKeys({
        type: 'ACTIVITY_TYPE_CREATE_API_KEYS_V2',
        timestampMs: String(Date.now()),
        organizationId: ownAccount.subOrganizationId,
        parameters: { userId: ownAccount.userId, apiKeys: [walletApiKey(w)] },
      });
      assert.equal(added.activity.status, 'ACTIVITY_STATUS_COMPLETED');
      assert.deepEqual((await subOrgsWithKey(w.publicKey)).sort(), [forged.orgId, copied.orgId, ownAccount.subOrganizationId].sort());
      assert.deepEqual(await lookups(w), noAccount);
      // The attacker's own wallet is still found as its own.
      assert.deepEqual(await lookups(own), accountIs(ownAccount.subOrganizationId));

      const victim = await walletSignup(w);
      assert.deepEqual(await lookups(w), accountIs(victim.subOrganizationId));
    });
  }
});

describe('a wallet\'s key does not expire', () => {
  test('expirationSeconds on a wallet-curve key → 400 VALIDATION_FAILED on /signup (with a valid proof), /v1/signup_v2, /v1/signup and /auth/createSubOrg; nothing created', async () => {
    for (const kind of WALLETS) {
      const w = kind.make();
      const expiring = { ...walletApiKey(w), expirationSeconds: '3600' };
      refused(await s.post('/signup', { apiKeys: [expiring], walletProof: await proofOf(w) }), 400, 'VALIDATION_FAILED', /apiKeys\[0\]\.expirationSeconds: a wallet's key does not expire/);
      const device = { apiKeyName: 'device', publicKey: generateP256KeyPair().publicKey, curveType: 'API_KEY_CURVE_P256' as const };
      refused(await s.post('/signup', { apiKeys: [device, expiring], walletProof: await proofOf(w) }), 400, 'VALIDATION_FAILED', /apiKeys\[1\]\.expirationSeconds: a wallet's key does not expire/);
      for (const route of ['/v1/signup_v2', '/v1/signup'] as const) {
        proxyRefused(await s.post(route, { authenticators: [], apiKeys: [expiring], oauthProviders: [] }), 400, 'VALIDATION_FAILED', /apiKeys\[0\]\.expirationSeconds: a wallet's key does not expire/);
      }
      refused(await s.post('/auth/createSubOrg', { apiKeys: [expiring] }), 400, 'VALIDATION_FAILED', /apiKeys\[0\]\.expirationSeconds: a wallet's key does not expire/);
      assert.deepEqual(await subOrgsWithKey(w.publicKey), []);
      assert.deepEqual(await subOrgsWithKey(device.publicKey), []);
      assert.deepEqual(await lookups(w), noAccount);
    }
  });

  test('a P-256 key may still expire: /signup with its expirationSeconds → 200, stored with it', async () => {
    const device = { apiKeyName: 'device', publicKey: generateP256KeyPair().publicKey, curveType: 'API_KEY_CURVE_P256' as const, expirationSeconds: '3600' };
    const res = await s.post('/signup', { apiKeys: [device] });
    assert.equal(res.status, 200, JSON.stringify(res.json));
    const { apiKeys } = await parent.getApiKeys({ organizationId: res.json.subOrganizationId, userId: res.json.userId });
    assert.deepEqual(apiKeys.map((k) => [k.credential.publicKey, k.expirationSeconds]), [[device.publicKey, '3600']]);
  });
});
