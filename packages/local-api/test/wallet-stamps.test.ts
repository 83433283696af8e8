/**
 * External-wallet keys on the local API (turnkey-wire-logins.md §2): secp256k1 and ed25519 API
 * keys stored and shown with their credential types; X-Stamp with the EIP-191 and ed25519 schemes
 * on any route through @turnkey/http, with the same authorization as a P-256 key; parent-addressed
 * logins resolved by public key; stamp_login's freshness window (a login signed before its
 * sign-up is accepted for 5 minutes); and every refusal a 401/400 with nothing written. The
 * official @turnkey/wallet-stamper is judged in client/test/official-wallet-stamper.test.ts.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { TurnkeyClient } from '@turnkey/http';
import { decodeJwtClaims, type SessionClaims } from '@tkauth/wire';
import { ETH_ACCOUNT, newKey } from './helpers/fixtures.ts';
import { p256 } from '@noble/curves/nist.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { httpFor, manualClock, rawPost, stampHeader, startTestApi, type TestApi } from './helpers/local-api.ts';
import { ethWallet, solWallet, walletApiKey, walletStamper, type TestWallet } from './helpers/wallets.ts';
import { rowCounts } from './helpers/db-counts.ts';

const clock = manualClock();
let t: TestApi;
let parent: string;
before(async () => {
  t = await startTestApi({ rt: clock });
  parent = t.api.credentials.organizationId;
});
after(() => t.stop());

let n = 0;
const now = () => String(clock.now());
const claimsOf = (jwt: string) => decodeJwtClaims(jwt) as unknown as SessionClaims;

/** A sub-organization whose root user's API key is the wallet's, as the backend creates it. */
async function subOrgOf(w: TestWallet) {
  const sub = await t.sdk.createSubOrganization({
    subOrganizationName: `wallet org ${++n}`,
    rootQuorumThreshold: 1,
    rootUsers: [{ userName: `wallet user ${n}`, apiKeys: [walletApiKey(w)], authenticators: [], oauthProviders: [] }],
    wallet: { walletName: 'embedded', accounts: [ETH_ACCOUNT] },
  });
  return { orgId: sub.subOrganizationId, userId: sub.rootUserIds![0]! };
}

const walletClient = (w: TestWallet) => new TurnkeyClient({ baseUrl: t.api.url }, walletStamper(w));
const stampLoginBody = (orgId: string, publicKey: string, timestampMs = now()) =>
  JSON.stringify({ parameters: { publicKey, expirationSeconds: '900' }, organizationId: orgId, timestampMs, type: 'ACTIVITY_TYPE_STAMP_LOGIN' });

async function refused(route: string, body: string, stamp: string, status: number, message: RegExp) {
  const before = await rowCounts(t.dataDir);
  const r = await rawPost(t.api.url, route, body, { 'X-Stamp': stamp });
  assert.equal(r.status, status, JSON.stringify(r.json));
  assert.match(r.json.message, message);
  assert.deepEqual(await rowCounts(t.dataDir), before, 'nothing written');
}

for (const [name, make, credentialType] of [
  ['Ethereum (secp256k1, EIP-191)', ethWallet, 'CREDENTIAL_TYPE_API_KEY_SECP256K1'],
  ['Solana (ed25519)', solWallet, 'CREDENTIAL_TYPE_API_KEY_ED25519'],
] as const) {
  describe(`${name} wallet keys`, () => {
    test('stored with their credential type, shown by get_user and get_api_keys; list_suborgs finds them by PUBLIC_KEY', async () => {
      const w = make();
      const sub = await subOrgOf(w);
      const { apiKeys } = await t.http.getApiKeys({ organizationId: sub.orgId, userId: sub.userId });
      assert.deepEqual(
        apiKeys.map((k) => [k.apiKeyName, k.credential.publicKey, k.credential.type]),
        [[`wallet-auth:${w.publicKey}`, w.publicKey, credentialType]],
      );
      const { user } = await t.http.getUser({ organizationId: sub.orgId, userId: sub.userId });
      assert.equal(user.apiKeys[0]!.credential.type, credentialType);
      const found = await t.http.getSubOrgIds({ organizationId: parent, filterType: 'PUBLIC_KEY', filterValue: w.publicKey.toUpperCase() });
      assert.deepEqual(found.organizationIds, [sub.orgId]);
    });

    test('stamp_login and whoami addressed to the parent answer for the sub-organization; any route takes the stamp', async () => {
      const w = make();
      const sub = await subOrgOf(w);
      const client = walletClient(w);
      const whoami = await client.getWhoami({ organizationId: parent });
      assert.deepEqual([whoami.organizationId, whoami.userId], [sub.orgId, sub.userId]);
      const session = newKey();
      const r = await client.stampLogin({ type: 'ACTIVITY_TYPE_STAMP_LOGIN', timestampMs: now(), organizationId: parent, parameters: { publicKey: session.publicKey, expirationSeconds: '900' } });
      const claims = claimsOf(r.activity.result.stampLoginResult!.session);
      assert.deepEqual([claims.organization_id, claims.user_id, claims.public_key], [sub.orgId, sub.userId, session.publicKey]);
      assert.equal((await httpFor(t.api.url, session).getWhoami({ organizationId: sub.orgId })).userId, sub.userId);
      const wallet = await client.createWallet({ type: 'ACTIVITY_TYPE_CREATE_WALLET', timestampMs: now(), organizationId: sub.orgId, parameters: { walletName: 'by the wallet key', accounts: [ETH_ACCOUNT] } });
      assert.equal(wallet.activity.status, 'ACTIVITY_STATUS_COMPLETED');
      // Outside the login routes, the parent is not the wallet's organization.
      await assert.rejects(client.getUsers({ organizationId: parent }), (e: any) => e.code === 7 && /ORGANIZATION_MISMATCH/.test(e.message));
    });

    test('create_api_keys and create_users take the curve too: stored with the credential type, and the new key stamps', async () => {
      const w = make();
      const sub = await subOrgOf(w);
      const client = walletClient(w);
      const second = make();
      const keys = await client.createApiKeys({
        type: 'ACTIVITY_TYPE_CREATE_API_KEYS_V2',
        timestampMs: now(),
        organizationId: sub.orgId,
        parameters: { userId: sub.userId, apiKeys: [walletApiKey(second)] },
      });
      assert.equal(keys.activity.status, 'ACTIVITY_STATUS_COMPLETED');
      const third = make();
      const users = await client.createUsers({
        type: 'ACTIVITY_TYPE_CREATE_USERS_V4',
        timestampMs: now(),
        organizationId: sub.orgId,
        parameters: { users: [{ userName: `second user ${++n}`, userTags: [], apiKeys: [walletApiKey(third)], authenticators: [], oauthProviders: [] }] },
      });
      const newUserId = users.activity.result.createUsersResult!.userIds[0]!;
      const keysOf = async (userId: string) => (await t.http.getApiKeys({ organizationId: sub.orgId, userId })).apiKeys.map((k) => [k.credential.publicKey, k.credential.type]).sort();
      assert.deepEqual(await keysOf(sub.userId), [[w.publicKey, credentialType], [second.publicKey, credentialType]].sort());
      assert.deepEqual(await keysOf(newUserId), [[third.publicKey, credentialType]]);
      // Each new key is a credential of its user, in its own scheme.
      assert.equal((await walletClient(second).getWhoami({ organizationId: sub.orgId })).userId, sub.userId);
      assert.equal((await walletClient(third).getWhoami({ organizationId: sub.orgId })).userId, newUserId);
    });

    test('one wallet key in two sub-organizations: a login to the parent is refused (Turnkey\'s 401), addressed to either sub-organization it works', async () => {
      const w = make();
      const a = await subOrgOf(w);
      const b = await subOrgOf(w);
      const body = stampLoginBody(parent, newKey().publicKey);
      await refused('/public/v1/submit/stamp_login', body, w.stamp(body), 401, /^more than one suborg associated with a public key$/);
      for (const sub of [a, b]) assert.equal((await walletClient(w).getWhoami({ organizationId: sub.orgId })).organizationId, sub.orgId);
    });

    test('refusals: a tampered body, another key\'s signature, another organization\'s key, a key nobody holds', async () => {
      const w = make();
      const a = await subOrgOf(w);
      const b = await subOrgOf(make());
      const body = stampLoginBody(parent, newKey().publicKey);
      await refused('/public/v1/submit/stamp_login', body.replace('"900"', '"901"'), w.stamp(body), 401, /^could not verify api key signature$/);
      await refused('/public/v1/submit/stamp_login', body, w.stamp(body, { signWith: make().secretKey }), 401, /^could not verify api key signature$/);
      await refused('/public/v1/submit/stamp_login', body, w.stamp(body, { signed: `${body} ` }), 401, /^could not verify api key signature$/);
      const toB = stampLoginBody(b.orgId, newKey().publicKey);
      await refused('/public/v1/submit/stamp_login', toB, w.stamp(toB), 403, /organization mismatch/);
      const stranger = make();
      // A key no organization holds: the message core maps to SESSION_EXPIRED (turnkey-wire-logins.md §3.2).
      await refused('/public/v1/submit/stamp_login', body, stranger.stamp(body), 401, /^could not find public key in organization or its parent organization$/);
      assert.ok(a.orgId);
    });
  });
}

describe('schemes and curves', () => {
  // A compressed point's hex names a P-256 point and a secp256k1 point about a quarter of the time:
  // such a key, registered for one curve, lets a valid signature of the other scheme reach the curve check.
  const onBoth = (hex: string) => [p256, secp256k1].every((c) => {
    try {
      c.Point.fromHex(hex);
      return true;
    } catch {
      return false;
    }
  });

  test('a stamp whose scheme is not the curve its key was registered with is refused, both ways', async () => {
    let eth = ethWallet();
    while (!onBoth(eth.publicKey)) eth = ethWallet();
    let p = newKey();
    while (!onBoth(p.publicKey)) p = newKey();
    // The secp256k1 wallet key registered as a P-256 key, and a P-256 key registered as secp256k1.
    for (const [publicKey, curveType] of [[eth.publicKey, 'API_KEY_CURVE_P256'], [p.publicKey, 'API_KEY_CURVE_SECP256K1']] as const) {
      await t.sdk.createSubOrganization({ subOrganizationName: `mislabelled ${++n}`, rootQuorumThreshold: 1, rootUsers: [{ userName: 'm', apiKeys: [{ apiKeyName: 'm', publicKey, curveType }], authenticators: [], oauthProviders: [] }] });
    }
    const body = stampLoginBody(parent, newKey().publicKey);
    await refused('/public/v1/submit/stamp_login', body, eth.stamp(body), 401, /^the stamp scheme does not fit the curve this api key was registered with: SIGNATURE_SCHEME_TK_API_SECP256K1_EIP191 for a key registered as API_KEY_CURVE_P256$/);
    await refused('/public/v1/submit/stamp_login', body, (await stampHeader(body, p))['X-Stamp']!, 401, /does not fit the curve this api key was registered with: SIGNATURE_SCHEME_TK_API_P256 for a key registered as API_KEY_CURVE_SECP256K1/);
  });

  test('a P-256 scheme on a wallet key, an ed25519 scheme on a secp256k1 key: the signature cannot verify', async () => {
    const eth = ethWallet();
    await subOrgOf(eth);
    const body = stampLoginBody(parent, newKey().publicKey);
    await refused('/public/v1/submit/stamp_login', body, eth.stamp(body, { scheme: 'SIGNATURE_SCHEME_TK_API_P256' }), 401, /^(could not verify api key signature|malformed activity stamp: publicKey is not a point on P-256)$/);
    await refused('/public/v1/submit/stamp_login', body, eth.stamp(body, { scheme: 'SIGNATURE_SCHEME_TK_API_ED25519' }), 401, /^malformed activity stamp: publicKey is not a 32-byte ed25519 key in hex$/);
    await refused('/public/v1/submit/stamp_login', body, eth.stamp(body, { scheme: 'SIGNATURE_SCHEME_TK_API_SECP256K1' }), 401, /unsupported signature scheme/);
  });

  test('keys that are not points of their curve, or ed25519 keys of small order, are refused at registration', async () => {
    for (const [publicKey, curveType] of [
      [`02${'ff'.repeat(32)}`, 'API_KEY_CURVE_SECP256K1'],
      [`02${'ff'.repeat(32)}`, 'API_KEY_CURVE_P256'],
      // ed25519 points of small order (the identity, one of order 8): signatures under them need no private key.
      ['0100000000000000000000000000000000000000000000000000000000000000', 'API_KEY_CURVE_ED25519'],
      ['c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a', 'API_KEY_CURVE_ED25519'],
    ] as const) {
      await assert.rejects(
        t.sdk.createSubOrganization({ subOrganizationName: `bad key ${++n}`, rootQuorumThreshold: 1, rootUsers: [{ userName: 'b', apiKeys: [{ apiKeyName: 'b', publicKey, curveType }], authenticators: [], oauthProviders: [] }] }),
        (e: any) => e.code === 3 && new RegExp(`not a ${curveType} public key`).test(e.message),
      );
    }
  });

  test('non-minimal DER (as the official stamper writes about once in 256) and high-S both verify', async () => {
    const eth = ethWallet();
    const sub = await subOrgOf(eth);
    // Find a body whose signature has a leading zero in r or s below 0x80: the non-minimal case.
    let body = '';
    for (let i = 0; i < 5000; i++) {
      body = JSON.stringify({ organizationId: parent, nonce: i });
      const c = eth.sign(body);
      if ((c[0] === 0 && c[1]! < 0x80) || (c[32] === 0 && c[33]! < 0x80)) break;
    }
    const der = JSON.parse(Buffer.from(eth.stamp(body), 'base64url').toString()).signature as string;
    // What a strict DER parser refuses ("unnecessary leading zero"): the case to be lenient about.
    assert.throws(() => secp256k1.Signature.fromHex(der, 'der'), `a non-minimal DER (${der})`);
    const r = await rawPost(t.api.url, '/public/v1/query/whoami', body, { 'X-Stamp': eth.stamp(body) });
    assert.equal(r.status, 200, JSON.stringify(r.json));
    assert.equal(r.json.organizationId, sub.orgId);
    const high = await rawPost(t.api.url, '/public/v1/query/whoami', body, { 'X-Stamp': eth.stamp(body, { highS: true }) });
    assert.equal(high.status, 200, JSON.stringify(high.json));
  });
});

describe('stamp_login freshness (a wallet login is signed before its sign-up)', () => {
  test('pre-signed, then the sub-organization is created, then sent: accepted within 5 minutes, refused after', async () => {
    for (const [waitMs, accepted] of [
      [4 * 60_000, true],
      [6 * 60_000, false],
    ] as const) {
      const w = ethWallet();
      const session = newKey();
      const body = stampLoginBody(parent, session.publicKey);
      const stamp = w.stamp(body);
      await subOrgOf(w);
      clock.advance(waitMs);
      if (accepted) {
        const r = await rawPost(t.api.url, '/public/v1/submit/stamp_login', body, { 'X-Stamp': stamp });
        assert.equal(r.status, 200, JSON.stringify(r.json));
      } else {
        await refused('/public/v1/submit/stamp_login', body, stamp, 400, /^timestampMs is outside the window a login is accepted in: 300 s before to 60 s after/);
      }
    }
  });

  test('a timestamp more than a minute ahead of the server is refused', async () => {
    const w = solWallet();
    await subOrgOf(w);
    const body = stampLoginBody(parent, newKey().publicKey, String(clock.now() + 2 * 60_000));
    await refused('/public/v1/submit/stamp_login', body, w.stamp(body), 400, /outside the window/);
  });
});

describe('property: no forged wallet stamp is ever accepted', () => {
  test('random bodies, random keys, one-byte changes: a stamp verifies only over the bytes it signed, by the key it names', async () => {
    const eth = ethWallet();
    const sol = solWallet();
    await subOrgOf(eth);
    await subOrgOf(sol);
    const forgery = fc.oneof(
      // The body changed after signing.
      fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), flip: fc.integer({ min: 1, max: 255 }) }),
      // A random other key signs, the stamp names the account's key.
      fc.record({ kind: fc.constant('other-key' as const), seed: fc.uint8Array({ minLength: 32, maxLength: 32 }) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(eth, sol), fc.string({ minLength: 1, maxLength: 40 }), forgery, async (w, text, f) => {
        const body = JSON.stringify({ organizationId: parent, text });
        let sent = body;
        let stamp: string;
        if (f.kind === 'flip') {
          const bytes = Buffer.from(body);
          const i = f.at % bytes.length;
          bytes[i] = bytes[i]! ^ f.flip;
          sent = bytes.toString('latin1');
          stamp = w.stamp(body);
        } else {
          // A seed that is not a valid secret key for the curve (zero, or ≥ n) is skipped.
          const key = w === eth ? (secp256k1.utils.isValidSecretKey(f.seed) ? f.seed : null) : f.seed;
          if (!key) return true;
          stamp = w.stamp(body, { signWith: key });
        }
        const r = await rawPost(t.api.url, '/public/v1/query/whoami', sent, { 'X-Stamp': stamp });
        return r.status === 401 || r.status === 400;
      }),
      { numRuns: 200 },
    );
  });
});
