/**
 * list_activities through @turnkey/http's getActivities: the stored activities in creation order,
 * in get_activity's shape, filtered by status and type, paged by limit / after / before; readable
 * by the organization and its parent only.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ETH_ACCOUNT, newKey, rootUser, uniqueEmail } from './helpers/fixtures.ts';
import { httpFor, startTestApi, type TestApi } from './helpers/local-api.ts';

let t: TestApi;
let subOrg: string;
let user: ReturnType<typeof httpFor>;
const ids: string[] = [];
before(async () => {
  t = await startTestApi();
  const key = newKey();
  subOrg = (await t.sdk.createSubOrganization({ subOrganizationName: 'activities', rootQuorumThreshold: 1, rootUsers: [rootUser(uniqueEmail('acts'), [key])] })).subOrganizationId;
  user = httpFor(t.api.url, key);
  for (let i = 0; i < 3; i++) {
    const res = await user.createWallet({ type: 'ACTIVITY_TYPE_CREATE_WALLET', timestampMs: String(Date.now()), organizationId: subOrg, parameters: { walletName: `w${i}`, accounts: [ETH_ACCOUNT] } });
    ids.push(res.activity.id);
    const walletId = (res.activity.result as any).createWalletResult.walletId as string;
    const more = await user.createWalletAccounts({
      type: 'ACTIVITY_TYPE_CREATE_WALLET_ACCOUNTS',
      timestampMs: String(Date.now()),
      organizationId: subOrg,
      parameters: { walletId, accounts: [{ ...ETH_ACCOUNT, path: "m/44'/60'/0'/0/1" }] },
    });
    ids.push(more.activity.id);
  }
});
after(() => t.stop());

test('every activity of the organization, in creation order and in get_activity\'s shape', async () => {
  const { activities } = await user.getActivities({ organizationId: subOrg });
  assert.deepEqual(activities.map((a) => a.id), ids);
  const one = await user.getActivity({ organizationId: subOrg, activityId: ids[0]! });
  assert.deepEqual(activities[0], one.activity);
  assert.equal(activities[0]!.organizationId, subOrg);
  assert.equal(activities[0]!.type, 'ACTIVITY_TYPE_CREATE_WALLET');
  assert.equal(activities[0]!.status, 'ACTIVITY_STATUS_COMPLETED');
});

test('filterByType and filterByStatus; empty lists filter nothing', async () => {
  const wallets = await user.getActivities({ organizationId: subOrg, filterByType: ['ACTIVITY_TYPE_CREATE_WALLET'] });
  assert.deepEqual(wallets.activities.map((a) => a.id), [ids[0], ids[2], ids[4]]);
  const both = await user.getActivities({ organizationId: subOrg, filterByType: ['ACTIVITY_TYPE_CREATE_WALLET', 'ACTIVITY_TYPE_CREATE_WALLET_ACCOUNTS'], filterByStatus: ['ACTIVITY_STATUS_COMPLETED'] });
  assert.deepEqual(both.activities.map((a) => a.id), ids);
  assert.deepEqual((await user.getActivities({ organizationId: subOrg, filterByStatus: ['ACTIVITY_STATUS_FAILED'] })).activities, []);
  assert.deepEqual((await user.getActivities({ organizationId: subOrg, filterByStatus: [], filterByType: [] })).activities.map((a) => a.id), ids);
});

test('paging: limit, after, before (alone: the page just before the cursor), and limits refused', async () => {
  const page = (paginationOptions: { limit?: string; after?: string; before?: string }) =>
    user.getActivities({ organizationId: subOrg, paginationOptions }).then((r) => r.activities.map((a) => a.id));
  assert.deepEqual(await page({ limit: '2' }), ids.slice(0, 2));
  assert.deepEqual(await page({ limit: '2', after: ids[1] }), ids.slice(2, 4));
  assert.deepEqual(await page({ limit: '100', after: ids[3] }), ids.slice(4));
  assert.deepEqual(await page({ limit: '2', before: ids[4] }), ids.slice(2, 4));
  assert.deepEqual(await page({ after: ids[0], before: ids[3] }), ids.slice(1, 3));
  const filtered = await user.getActivities({ organizationId: subOrg, filterByType: ['ACTIVITY_TYPE_CREATE_WALLET'], paginationOptions: { limit: '1', after: ids[0] } });
  assert.deepEqual(filtered.activities.map((a) => a.id), [ids[2]]);
  await assert.rejects(page({ limit: '101' }), (e: any) => e.code === 3 && /limit/.test(e.message));
  await assert.rejects(page({ after: '00000000-0000-4000-8000-000000000000' }), (e: any) => e.code === 3 && /after/.test(e.message));
});

test('the parent reads its sub-organization\'s activities; another sub-organization may not', async () => {
  assert.deepEqual((await t.http.getActivities({ organizationId: subOrg })).activities.map((a) => a.id), ids);
  const parentOwn = await t.http.getActivities({ organizationId: t.api.credentials.organizationId, filterByType: ['ACTIVITY_TYPE_CREATE_SUB_ORGANIZATION_V8'] });
  assert.ok(parentOwn.activities.length >= 1);
  assert.ok(parentOwn.activities.every((a) => a.organizationId === t.api.credentials.organizationId));

  const other = newKey();
  await t.sdk.createSubOrganization({ subOrganizationName: 'other', rootQuorumThreshold: 1, rootUsers: [rootUser(uniqueEmail('other'), [other])] });
  await assert.rejects(httpFor(t.api.url, other).getActivities({ organizationId: subOrg }), (e: any) => e.code === 7 && /ORGANIZATION_MISMATCH/.test(e.message));
});
