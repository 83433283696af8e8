/** X-Stamp authentication (turnkey-wire.md §2.1, §7): every refusal is a 401 with Turnkey's verbatim message. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { p256 } from '@noble/curves/nist.js';
import { encodeStampHeader } from '@tkauth/wire';
import { ETH_ACCOUNT, newKey, rootUser, uniqueEmail } from './helpers/fixtures.ts';
import { httpFor, manualClock, rawPost, startTestApi, stampHeader, type TestApi } from './helpers/local-api.ts';

const clock = manualClock();
let t: TestApi;
let admin: { publicKey: string; privateKey: string };
let orgId: string;
before(async () => {
  t = await startTestApi({ rt: clock });
  admin = { publicKey: t.api.credentials.apiPublicKey, privateKey: t.api.credentials.apiPrivateKey };
  orgId = t.api.credentials.organizationId;
});
after(() => t.stop());

const whoamiBody = () => JSON.stringify({ organizationId: orgId });

function assertUnauthenticated(res: { status: number; json: any }, message: string) {
  assert.equal(res.status, 401);
  assert.equal(res.json.code, 16);
  assert.ok(res.json.message.includes(message), `"${res.json.message}" should contain "${message}"`);
  assert.ok(Array.isArray(res.json.details));
}

describe('X-Stamp', () => {
  test('a valid stamp is accepted, whatever the key order of the body', async () => {
    const body = JSON.stringify({ organizationId: orgId, extra: { b: 1, a: 2 } });
    const res = await rawPost(t.api.url, '/public/v1/query/whoami', body, await stampHeader(body, admin));
    assert.equal(res.status, 200);
    assert.equal(res.json.organizationId, orgId);
  });

  test('missing stamp', async () => {
    assertUnauthenticated(await rawPost(t.api.url, '/public/v1/query/whoami', whoamiBody(), {}), 'no valid authentication signature found for request');
  });

  test('tampered body: the signature covers the exact bytes', async () => {
    const body = whoamiBody();
    const stamp = await stampHeader(body, admin);
    const tampered = body.replace('{', '{ ');
    assertUnauthenticated(await rawPost(t.api.url, '/public/v1/query/whoami', tampered, stamp), 'could not verify api key signature');
  });

  test('wrong key: a valid signature by a key the organization does not hold', async () => {
    const body = whoamiBody();
    const res = await rawPost(t.api.url, '/public/v1/query/whoami', body, await stampHeader(body, newKey()));
    assertUnauthenticated(res, 'could not find public key in organization or its parent organization');
  });

  test('malformed stamps', async () => {
    const body = whoamiBody();
    const good = JSON.parse(Buffer.from((await stampHeader(body, admin))['X-Stamp']!, 'base64url').toString());
    const cases: Record<string, string> = {
      'not base64 JSON': 'not-a-stamp!',
      'JSON but not an object': Buffer.from('"x"').toString('base64url'),
      'missing signature': encodeStampHeader({ ...good, signature: undefined }),
      'unknown scheme': encodeStampHeader({ ...good, scheme: 'SIGNATURE_SCHEME_NOPE' }),
      'uncompressed public key': encodeStampHeader({ ...good, publicKey: '04' + 'ab'.repeat(64) }),
      'point not on the curve': encodeStampHeader({ ...good, publicKey: '02' + 'ff'.repeat(32) }),
      'signature not hex': encodeStampHeader({ ...good, signature: 'zz'.repeat(36) }),
    };
    for (const [name, header] of Object.entries(cases)) {
      const res = await rawPost(t.api.url, '/public/v1/query/whoami', body, { 'X-Stamp': header });
      assert.equal(res.status, 401, name);
      assert.ok(res.json.message.startsWith('malformed activity stamp'), `${name}: ${res.json.message}`);
    }
  });

  test('high-S and low-S signatures both verify (node:crypto and WebCrypto do not normalise S)', async () => {
    const body = whoamiBody();
    const msg = new TextEncoder().encode(body);
    const low = p256.Signature.fromBytes(p256.sign(msg, Buffer.from(admin.privateKey, 'hex'), { lowS: true }));
    const high = new p256.Signature(low.r, p256.Point.CURVE().n - low.s);
    for (const sig of [low, high]) {
      const header = encodeStampHeader({ publicKey: admin.publicKey, scheme: 'SIGNATURE_SCHEME_TK_API_P256', signature: sig.toHex('der') });
      const res = await rawPost(t.api.url, '/public/v1/query/whoami', body, { 'X-Stamp': header });
      assert.equal(res.status, 200);
    }
  });

  test('an expired key is refused with the verbatim message, through the official client', async () => {
    const key = newKey();
    const sub = await t.sdk.createSubOrganization({
      subOrganizationName: 'expiring',
      rootQuorumThreshold: 1,
      rootUsers: [rootUser(uniqueEmail('exp'), [{ publicKey: key.publicKey, expirationSeconds: '60' }])],
      wallet: { walletName: 'w', accounts: [ETH_ACCOUNT] },
    });
    const client = httpFor(t.api.url, key);
    const ok = await client.getWhoami({ organizationId: sub.subOrganizationId });
    assert.equal(ok.organizationId, sub.subOrganizationId);
    const keys = await t.sdk.getApiKeys({ organizationId: sub.subOrganizationId });
    assert.equal(keys.apiKeys[0]!.expirationSeconds, '60');

    clock.advance(61_000);
    await assert.rejects(client.getWhoami({ organizationId: sub.subOrganizationId }), (e: any) => {
      assert.equal(e.name, 'TurnkeyRequestError');
      assert.equal(e.code, 16);
      assert.ok(e.message.includes('Unauthenticated desc = expired api key publicKey'), e.message);
      assert.ok(e.message.includes('expired api key'));
      return true;
    });
  });
});
