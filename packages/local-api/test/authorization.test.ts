/**
 * Organization scoping: a credential acts in its own organization; a parent's credential may read
 * its sub-organizations but never write into them or sign with their keys; a sub-organization's
 * credential never reaches another sub-organization or the parent (403 ORGANIZATION_MISMATCH).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ETH_ACCOUNT, newKey, rootUser, uniqueEmail } from './helpers/fixtures.ts';
import { sdkFor, startTestApi, type TestApi } from './helpers/local-api.ts';

let t: TestApi;
const keyA = newKey();
const keyB = newKey();
let orgA: { subOrganizationId: string; wallet?: { walletId: string; addresses: string[] }; rootUserIds?: string[] };
let orgB: typeof orgA;
let a: ReturnType<typeof sdkFor>;

before(async () => {
  t = await startTestApi();
  const make = (key: { publicKey: string }) =>
    t.sdk.createSubOrganization({
      subOrganizationName: 'scoped',
      rootQuorumThreshold: 1,
      rootUsers: [rootUser(uniqueEmail('scope'), [key])],
      wallet: { walletName: 'w', accounts: [ETH_ACCOUNT] },
    });
  orgA = await make(keyA);
  orgB = await make(keyB);
  a = sdkFor(t.api.url, orgA.subOrganizationId, keyA);
});
after(() => t.stop());

const mismatch = (e: any) => {
  assert.equal(e.code, 7);
  assert.ok(e.message.includes('ORGANIZATION_MISMATCH'), e.message);
  assert.deepEqual(e.details[0], { '@type': 'type.googleapis.com/errors.v1.TurnkeyErrorDetail', turnkeyErrorCode: 'ORGANIZATION_MISMATCH' });
  return true;
};

describe('organization scoping', () => {
  test('a sub-organization credential cannot read another sub-organization', async () => {
    await assert.rejects(a.getWallets({ organizationId: orgB.subOrganizationId }), mismatch);
    await assert.rejects(a.getUser({ organizationId: orgB.subOrganizationId, userId: orgB.rootUserIds![0]! }), mismatch);
    await assert.rejects(a.getWalletAccounts({ organizationId: orgB.subOrganizationId, walletId: orgB.wallet!.walletId }), mismatch);
  });

  test('a sub-organization credential cannot write into another sub-organization or sign with its keys', async () => {
    await assert.rejects(a.createWallet({ organizationId: orgB.subOrganizationId, walletName: 'x', accounts: [ETH_ACCOUNT] }), mismatch);
    await assert.rejects(
      a.signRawPayload({ organizationId: orgB.subOrganizationId, signWith: orgB.wallet!.addresses[0]!, payload: 'x', encoding: 'PAYLOAD_ENCODING_TEXT_UTF8', hashFunction: 'HASH_FUNCTION_KECCAK256' }),
      mismatch,
    );
    // Naming its own organization does not let it reach another organization's account either.
    await assert.rejects(
      a.signRawPayload({ signWith: orgB.wallet!.addresses[0]!, payload: 'x', encoding: 'PAYLOAD_ENCODING_TEXT_UTF8', hashFunction: 'HASH_FUNCTION_KECCAK256' }),
      (e: any) => e.code === 5 && e.message.includes('wallet account not found'),
    );
  });

  test('a sub-organization credential cannot read or act on the parent', async () => {
    const parent = t.api.credentials.organizationId;
    await assert.rejects(a.getUsers({ organizationId: parent }), mismatch);
    await assert.rejects(a.getSubOrgIds({ organizationId: parent }), mismatch);
    await assert.rejects(
      a.createSubOrganization({ organizationId: parent, subOrganizationName: 'x', rootQuorumThreshold: 1, rootUsers: [rootUser(uniqueEmail())] }),
      mismatch,
    );
  });

  test('the parent reads its sub-organizations but does not write into them', async () => {
    const users = await t.sdk.getUsers({ organizationId: orgA.subOrganizationId });
    assert.equal(users.users.length, 1);
    await assert.rejects(t.sdk.createWallet({ organizationId: orgA.subOrganizationId, walletName: 'x', accounts: [ETH_ACCOUNT] }), mismatch);
    await assert.rejects(t.sdk.getSubOrgIds({ organizationId: orgA.subOrganizationId }), mismatch);
  });

  test('a non-root user may manage their own keys but not run root activities', async () => {
    const bobKey = newKey();
    const created = await a.createUsers({
      users: [{ userName: 'bob', userTags: [], apiKeys: [{ apiKeyName: 'bob', publicKey: bobKey.publicKey, curveType: 'API_KEY_CURVE_P256' }], authenticators: [], oauthProviders: [] }],
    });
    const bobId = created.userIds[0]!;
    const bob = sdkFor(t.api.url, orgA.subOrganizationId, bobKey);
    const notPermitted = (e: any) => e.code === 7 && e.message.includes('not permitted');
    await assert.rejects(bob.createWallet({ walletName: 'x', accounts: [ETH_ACCOUNT] }), notPermitted);
    await assert.rejects(
      bob.createApiKeys({ userId: orgA.rootUserIds![0]!, apiKeys: [{ apiKeyName: 'x', publicKey: newKey().publicKey, curveType: 'API_KEY_CURVE_P256' }] }),
      notPermitted,
    );
    const own = await bob.createApiKeys({ userId: bobId, apiKeys: [{ apiKeyName: 'second', publicKey: newKey().publicKey, curveType: 'API_KEY_CURVE_P256' }] });
    assert.equal(own.apiKeyIds.length, 1);
  });
});
