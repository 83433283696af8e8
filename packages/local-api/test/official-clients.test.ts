/**
 * The official @turnkey clients are the judge: @turnkey/sdk-server (apiClient()) and @turnkey/http
 * (TurnkeyClient + ApiKeyStamper) against a real local API on loopback.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { ed25519 } from '@noble/curves/ed25519.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { base58 } from '@scure/base';
import { ethereumAddress } from '../src/wallets/addresses.ts';
import { ETH_ACCOUNT, newKey, rootUser, SOL_ACCOUNT, uniqueEmail } from './helpers/fixtures.ts';
import { httpFor, sdkFor, startTestApi, type TestApi } from './helpers/local-api.ts';

/** The address whose key made {r, s, v} over `digest` (v is the recovery id, turnkey-wire.md §4.10). */
function recoverEthAddress(digest: Uint8Array, sig: { r: string; s: string; v: string }): string {
  const pk = secp256k1.Signature.fromHex(sig.r + sig.s, 'compact').addRecoveryBit(Number(sig.v)).recoverPublicKey(digest);
  return ethereumAddress(pk.toBytes(true));
}

let t: TestApi;
before(async () => {
  t = await startTestApi();
});
after(() => t.stop());

async function createSubOrg(email: string, keys: { publicKey: string }[] = []) {
  return t.sdk.createSubOrganization({
    subOrganizationName: `org for ${email}`,
    rootQuorumThreshold: 1,
    rootUsers: [rootUser(email, keys)],
    wallet: { walletName: 'Wallet 1', accounts: [ETH_ACCOUNT, SOL_ACCOUNT] },
  });
}

describe('sub-organizations with @turnkey/sdk-server', () => {
  test('creates a sub-organization with an ETH + SOL wallet (V8) and reads it back', async () => {
    const email = uniqueEmail();
    const res = await createSubOrg(email);
    assert.match(res.subOrganizationId, /^[0-9a-f-]{36}$/);
    assert.equal(res.activity.status, 'ACTIVITY_STATUS_COMPLETED');
    assert.equal(res.activity.type, 'ACTIVITY_TYPE_CREATE_SUB_ORGANIZATION_V8');
    assert.equal(res.rootUserIds?.length, 1);
    const [eth, sol] = res.wallet!.addresses;
    assert.match(eth!, /^0x[0-9a-fA-F]{40}$/);
    assert.equal(base58.decode(sol!).length, 32);

    const accounts = await t.sdk.getWalletAccounts({ organizationId: res.subOrganizationId, walletId: res.wallet!.walletId });
    assert.deepEqual(accounts.accounts.map((a) => a.address), [eth, sol]);
    assert.deepEqual(accounts.accounts.map((a) => a.path), [ETH_ACCOUNT.path, SOL_ACCOUNT.path]);

    const org = await t.http.getOrganization({ organizationId: res.subOrganizationId });
    assert.equal(org.organizationData.rootQuorum?.threshold, 1);
    assert.deepEqual(org.organizationData.rootQuorum?.userIds, res.rootUserIds);
    assert.equal(org.organizationData.users?.[0]?.userEmail, email);
    assert.equal(org.organizationData.wallets?.[0]?.walletId, res.wallet!.walletId);

    const activity = await t.sdk.getActivity({ organizationId: t.api.credentials.organizationId, activityId: res.activity.id });
    assert.deepEqual(activity.activity.result, res.activity.result);
    assert.equal(activity.activity.fingerprint, res.activity.fingerprint);
  });

  test('list_suborgs finds the sub-organization by email, and by wallet address, username and name', async () => {
    const email = uniqueEmail('find');
    const res = await createSubOrg(email);
    await createSubOrg(uniqueEmail('other'));
    const byEmail = await t.sdk.getSubOrgIds({ filterType: 'EMAIL', filterValue: email.toUpperCase() });
    assert.deepEqual(byEmail.organizationIds, [res.subOrganizationId]);
    const byAddress = await t.sdk.getSubOrgIds({ filterType: 'WALLET_ACCOUNT_ADDRESS', filterValue: res.wallet!.addresses[0]! });
    assert.deepEqual(byAddress.organizationIds, [res.subOrganizationId]);
    const byUser = await t.sdk.getSubOrgIds({ filterType: 'USERNAME', filterValue: email });
    assert.deepEqual(byUser.organizationIds, [res.subOrganizationId]);
    const byName = await t.sdk.getSubOrgIds({ filterType: 'NAME', filterValue: `org for ${email}` });
    assert.deepEqual(byName.organizationIds, [res.subOrganizationId]);
    const none = await t.sdk.getSubOrgIds({ filterType: 'EMAIL', filterValue: uniqueEmail('nobody') });
    assert.deepEqual(none.organizationIds, []);
    // Never proven by OTP, so not verified.
    const verified = await t.sdk.getVerifiedSubOrgIds({ filterType: 'EMAIL', filterValue: email });
    assert.deepEqual(verified.organizationIds, []);
  });

  test('an API key added to the sub-organization user stamps whoami (@turnkey/http)', async () => {
    const first = newKey();
    const email = uniqueEmail('key');
    const res = await createSubOrg(email, [first]);
    const subOrg = res.subOrganizationId;
    const userId = res.rootUserIds![0]!;
    const device = newKey();

    // The parent may not write credentials into a sub-organization…
    await assert.rejects(
      t.sdk.createApiKeys({ organizationId: subOrg, userId, apiKeys: [{ apiKeyName: 'device', publicKey: device.publicKey, curveType: 'API_KEY_CURVE_P256' }] }),
      (e: any) => e.code === 7 && /ORGANIZATION_MISMATCH/.test(e.message),
    );
    // …the sub-organization's own user may.
    const asUser = httpFor(t.api.url, first);
    const added = await asUser.createApiKeys({
      type: 'ACTIVITY_TYPE_CREATE_API_KEYS_V2',
      timestampMs: String(Date.now()),
      organizationId: subOrg,
      parameters: { userId, apiKeys: [{ apiKeyName: 'device', publicKey: device.publicKey, curveType: 'API_KEY_CURVE_P256' }] },
    });
    assert.equal(added.activity.status, 'ACTIVITY_STATUS_COMPLETED');
    const apiKeyId = (added.activity.result as any).createApiKeysResult.apiKeyIds[0];

    const whoami = await httpFor(t.api.url, device).getWhoami({ organizationId: subOrg });
    assert.deepEqual(whoami, { organizationId: subOrg, organizationName: `org for ${email}`, userId, username: email });

    const keys = await t.sdk.getApiKeys({ organizationId: subOrg, userId });
    assert.deepEqual(keys.apiKeys.map((k) => k.credential.publicKey).sort(), [first.publicKey, device.publicKey].sort());

    // Deleted, the key no longer stamps.
    await asUser.deleteApiKeys({ type: 'ACTIVITY_TYPE_DELETE_API_KEYS', timestampMs: String(Date.now()), organizationId: subOrg, parameters: { userId, apiKeyIds: [apiKeyId] } });
    await assert.rejects(httpFor(t.api.url, device).getWhoami({ organizationId: subOrg }), (e: any) =>
      e.message.includes('could not find public key in organization or its parent organization'),
    );
  });

  test("sign_raw_payload: the signature verifies against the account's address (ETH and SOL)", async () => {
    const key = newKey();
    const res = await createSubOrg(uniqueEmail('sign'), [key]);
    const [eth, sol] = res.wallet!.addresses as [string, string];
    const user = sdkFor(t.api.url, res.subOrganizationId, key);
    const message = 'hello from tkauth';

    const sig = await user.signRawPayload({ signWith: eth, payload: message, encoding: 'PAYLOAD_ENCODING_TEXT_UTF8', hashFunction: 'HASH_FUNCTION_KECCAK256' });
    assert.match(sig.r, /^[0-9a-f]{64}$/);
    assert.match(sig.s, /^[0-9a-f]{64}$/);
    assert.ok(sig.v === '00' || sig.v === '01');
    const digest = keccak_256(new TextEncoder().encode(message));
    assert.equal(recoverEthAddress(digest, sig), eth);

    const hex = Buffer.from(sha256(new TextEncoder().encode('digest me'))).toString('hex');
    const noop = await user.signRawPayload({ signWith: eth, payload: hex, encoding: 'PAYLOAD_ENCODING_HEXADECIMAL', hashFunction: 'HASH_FUNCTION_NO_OP' });
    assert.equal(recoverEthAddress(Buffer.from(hex, 'hex'), noop), eth);

    const solSig = await user.signRawPayload({ signWith: sol, payload: Buffer.from(message).toString('hex'), encoding: 'PAYLOAD_ENCODING_HEXADECIMAL', hashFunction: 'HASH_FUNCTION_NOT_APPLICABLE' });
    assert.equal(solSig.v, '00');
    assert.ok(ed25519.verify(Buffer.from(solSig.r + solSig.s, 'hex'), new TextEncoder().encode(message), base58.decode(sol)));

    const many = await user.signRawPayloads({ signWith: eth, payloads: ['a', 'b'], encoding: 'PAYLOAD_ENCODING_TEXT_UTF8', hashFunction: 'HASH_FUNCTION_SHA256' });
    assert.equal(many.signatures?.length, 2);
    for (const [i, m] of ['a', 'b'].entries()) {
      assert.equal(recoverEthAddress(sha256(new TextEncoder().encode(m)), many.signatures![i]!), eth);
    }

    // The parent organization never signs with a sub-organization's keys.
    await assert.rejects(
      t.sdk.signRawPayload({ organizationId: res.subOrganizationId, signWith: eth, payload: message, encoding: 'PAYLOAD_ENCODING_TEXT_UTF8', hashFunction: 'HASH_FUNCTION_KECCAK256' }),
      (e: any) => e.code === 7 && /ORGANIZATION_MISMATCH/.test(e.message),
    );
  });

  test('core-style pagination walks 150 accounts with limit "100" and after', async () => {
    const key = newKey();
    const res = await createSubOrg(uniqueEmail('page'), [key]);
    const user = sdkFor(t.api.url, res.subOrganizationId, key);
    const eth = (i: number) => ({ ...ETH_ACCOUNT, path: `m/44'/60'/0'/0/${i}` });
    // The wallet already holds 2 accounts; add 148 more in two activities.
    await user.createWalletAccounts({ walletId: res.wallet!.walletId, accounts: Array.from({ length: 100 }, (_, i) => eth(i + 1)) });
    await user.createWalletAccounts({ walletId: res.wallet!.walletId, accounts: Array.from({ length: 48 }, (_, i) => eth(i + 101)) });

    // The loop of @turnkey/core fetchAllWalletAccountsWithCursor (turnkey-wire.md §5).
    const all: any[] = [];
    let cursor: string | undefined;
    let pages = 0;
    for (;;) {
      const page = await t.http.getWalletAccounts({
        organizationId: res.subOrganizationId,
        includeWalletDetails: true,
        paginationOptions: { limit: '100', ...(cursor ? { after: cursor } : {}) },
      });
      pages++;
      all.push(...page.accounts);
      if (page.accounts.length !== 100) break;
      cursor = page.accounts[page.accounts.length - 1]!.walletAccountId;
    }
    assert.equal(pages, 2);
    assert.equal(all.length, 150);
    assert.equal(new Set(all.map((a) => a.walletAccountId)).size, 150);
    assert.equal(all[0].walletDetails.walletId, res.wallet!.walletId);
    assert.deepEqual(all.slice(2).map((a) => a.path), Array.from({ length: 148 }, (_, i) => `m/44'/60'/0'/0/${i + 1}`));
    // Default page size is 10; `before` pages backwards.
    const first = await t.http.getWalletAccounts({ organizationId: res.subOrganizationId });
    assert.equal(first.accounts.length, 10);
    const before = await t.http.getWalletAccounts({ organizationId: res.subOrganizationId, paginationOptions: { limit: '3', before: all[5].walletAccountId } });
    assert.deepEqual(before.accounts.map((a) => a.walletAccountId), all.slice(2, 5).map((a) => a.walletAccountId));
  });

  test('create_users and get_user / list_users / get_authenticators shapes', async () => {
    const key = newKey();
    const res = await createSubOrg(uniqueEmail('users'), [key]);
    const user = sdkFor(t.api.url, res.subOrganizationId, key);
    const created = await user.createUsers({
      users: [{ userName: 'bob', userEmail: 'bob@example.com', userPhoneNumber: '+14155550100', userTags: [], apiKeys: [], authenticators: [], oauthProviders: [{ providerName: 'google', oidcClaims: { iss: 'https://issuer.example', sub: 'bob-sub', aud: 'client-1' } }] }],
    });
    assert.equal(created.userIds.length, 1);
    const bob = await user.getUser({ userId: created.userIds[0]! });
    assert.equal(bob.user.userPhoneNumber, '+14155550100');
    assert.deepEqual(bob.user.oauthProviders.map((p) => [p.issuer, p.subject, p.audience]), [['https://issuer.example', 'bob-sub', 'client-1']]);
    const users = await user.getUsers({});
    assert.equal(users.users.length, 2);
    const auths = await user.getAuthenticators({ userId: created.userIds[0]! });
    assert.deepEqual(auths.authenticators, []);
    const wallets = await user.getWallets({});
    assert.equal(wallets.wallets.length, 1);
    const w = await user.getWallet({ walletId: res.wallet!.walletId });
    assert.equal(w.wallet.walletName, 'Wallet 1');
    const extra = await user.createWallet({ walletName: 'second', accounts: [ETH_ACCOUNT], mnemonicLength: 24 });
    assert.equal(extra.addresses.length, 1);
    assert.notEqual(extra.addresses[0], res.wallet!.addresses[0]);
  });

  test('delete_sub_organization by its own root user removes everything it held', async () => {
    const key = newKey();
    const res = await createSubOrg(uniqueEmail('delete'), [key]);
    const user = sdkFor(t.api.url, res.subOrganizationId, key);
    await assert.rejects(user.deleteSubOrganization({}), (e: any) => /never exported/.test(e.message));
    const del = await user.deleteSubOrganization({ deleteWithoutExport: true });
    assert.equal(del.subOrganizationUuid, res.subOrganizationId);
    const left = await t.sdk.getSubOrgIds({ filterType: 'WALLET_ACCOUNT_ADDRESS', filterValue: res.wallet!.addresses[0]! });
    assert.deepEqual(left.organizationIds, []);
  });
});
