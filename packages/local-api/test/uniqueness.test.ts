/**
 * Uniqueness the product relies on is a constraint of the store (issue 14), so it holds however
 * many instances write: one user per email in an organization (any letter case), one verification
 * token per one-time code, and — where the app asks for it — one sub-organization per verified
 * contact under a parent. A duplicate is the caller's 4xx with a code, nothing written — never a
 * 5xx — also when the duplicates arrive at once. Runs on SQLite and on PostgreSQL (npm test).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { newKey, rootUser, uniqueEmail } from './helpers/fixtures.ts';
import { sdkFor, startTestApi, type TestApi } from './helpers/local-api.ts';
import { rowCounts } from './helpers/db-counts.ts';
import { verificationTokenFor } from './helpers/otp.ts';

let t: TestApi;
before(async () => {
  t = await startTestApi();
});
after(() => t.stop());

/** A sub-organization and a client for it, stamped by its root user's key. */
async function subOrg(email = uniqueEmail('root')) {
  const key = newKey();
  const sub = await t.sdk.createSubOrganization({ subOrganizationName: `uniq ${email}`, rootQuorumThreshold: 1, rootUsers: [rootUser(email, [key])] });
  return { orgId: sub.subOrganizationId, client: sdkFor(t.api.url, sub.subOrganizationId, key) };
}

const userWith = (userEmail: string) => ({ userName: userEmail, userEmail, userTags: [], apiKeys: [], authenticators: [], oauthProviders: [] });
const duplicate = (e: any) => e.code === 3 && /a user with this email already exists in this organization/.test(e.message);

test('a second user with an email the organization has (in another letter case) → 400 ERR_USER_EMAIL_DUPLICATE, nothing written', async () => {
  const { client } = await subOrg();
  const email = uniqueEmail('dup');
  await client.createUsers({ users: [userWith(email)] });
  const before = await rowCounts(t.dataDir);
  await assert.rejects(client.createUsers({ users: [userWith(email.toUpperCase())] }), duplicate);
  await assert.rejects(client.createUsers({ users: [userWith(uniqueEmail('fresh')), userWith(email)] }), duplicate, 'a batch with one duplicate writes none of its users');
  assert.deepEqual(await rowCounts(t.dataDir), before);
});

test('the same email in two organizations is two users; users without an email are not one another\'s duplicates', async () => {
  const email = uniqueEmail('shared');
  for (const { client } of [await subOrg(), await subOrg()]) {
    const made = await client.createUsers({ users: [userWith(email)] });
    assert.equal(made.userIds.length, 1);
  }
  const { client } = await subOrg();
  const blank = { userName: 'no email', userTags: [], apiKeys: [], authenticators: [], oauthProviders: [] };
  assert.equal((await client.createUsers({ users: [blank, { ...blank, userName: 'no email either' }] })).userIds.length, 2);
});

test('ten users with one email at once: exactly one is made, the others are 400 ERR_USER_EMAIL_DUPLICATE', async () => {
  const { orgId, client } = await subOrg();
  const email = uniqueEmail('race');
  const results = await Promise.allSettled(Array.from({ length: 10 }, () => client.createUsers({ users: [userWith(email)] })));
  assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1, JSON.stringify(results.map((r) => (r.status === 'rejected' ? String((r.reason as Error).message).slice(0, 80) : 'ok'))));
  for (const r of results) if (r.status === 'rejected') assert.ok(duplicate(r.reason), String((r.reason as Error).message));
  const { users } = await t.sdk.getUsers({ organizationId: orgId });
  assert.equal(users.filter((u) => u.userEmail?.toLowerCase() === email.toLowerCase()).length, 1);
});

test('oneSubOrgPerVerifiedContact: a second sub-organization for a verified email is 409 ERR_CONTACT_HAS_SUBORG, also five at once; off, Turnkey\'s behaviour (both made)', async () => {
  const strict = await startTestApi({ config: { oneSubOrgPerVerifiedContact: true } });
  try {
    const signUp = (email: string, verificationToken: string) =>
      strict.sdk.createSubOrganization({ subOrganizationName: `verified ${email} ${Math.random()}`, rootQuorumThreshold: 1, rootUsers: [rootUser(email)], verificationToken });
    const email = uniqueEmail('verified-once');
    await signUp(email, await verificationTokenFor(strict, email));
    const second = await verificationTokenFor(strict, email);
    const before = await rowCounts(strict.dataDir);
    await assert.rejects(signUp(email, second), (e: any) => e.code === 6 && /already holds this verified contact/.test(e.message));
    assert.deepEqual(await rowCounts(strict.dataDir), before, 'nothing written');
    const race = uniqueEmail('verified-race');
    // One after the other: the outbox is read by contact, newest first.
    const tokens: string[] = [];
    for (let i = 0; i < 5; i++) tokens.push(await verificationTokenFor(strict, race));
    const results = await Promise.allSettled(tokens.map((verificationToken, i) => strict.sdk.createSubOrganization({ subOrganizationName: `race ${i}`, rootQuorumThreshold: 1, rootUsers: [rootUser(race)], verificationToken })));
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1, JSON.stringify(results.map((r) => (r.status === 'rejected' ? String((r.reason as Error).message).slice(0, 90) : 'ok'))));
    assert.deepEqual((await strict.sdk.getVerifiedSubOrgIds({ filterType: 'EMAIL', filterValue: race })).organizationIds.length, 1);
  } finally {
    await strict.stop();
  }
  const email = uniqueEmail('verified-twice');
  for (let i = 0; i < 2; i++) {
    await t.sdk.createSubOrganization({ subOrganizationName: `twice ${i}`, rootQuorumThreshold: 1, rootUsers: [rootUser(email)], verificationToken: await verificationTokenFor(t, email) });
  }
  assert.equal((await t.sdk.getVerifiedSubOrgIds({ filterType: 'EMAIL', filterValue: email })).organizationIds.length, 2);
});
