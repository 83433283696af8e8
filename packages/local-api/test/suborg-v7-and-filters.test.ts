/**
 * create_sub_organization V7 through @turnkey/http (the version older apps send), with every kind of
 * root-user credential (the passkey a real "none" attestation), and every list_suborgs filter.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ETH_ACCOUNT, newKey, uniqueEmail } from './helpers/fixtures.ts';
import { startTestApi, type TestApi } from './helpers/local-api.ts';
import { devIdToken } from './helpers/oidc.ts';
import { asParams, noneAttestationPasskey } from './helpers/passkey.ts';

let t: TestApi;
before(async () => {
  t = await startTestApi();
});
after(() => t.stop());

test('V7 with phone, API key, passkey and OAuth provider; every list_suborgs filter finds it', async () => {
  const email = uniqueEmail('v7');
  const phone = `+1415555${String(Date.now() % 10000).padStart(4, '0')}`;
  const key = newKey();
  const passkey = noneAttestationPasskey();
  const credentialId = passkey.attestation.credentialId;
  const orgId = t.api.credentials.organizationId;
  const { issuer, clientId } = t.api.oidc!;
  const idToken = await devIdToken(issuer, clientId, `google-${email}`, 'any-nonce');

  const res = await t.http.createSubOrganization({
    // @turnkey/http 6.x types name only V8; older apps still send V7 on the same path.
    type: 'ACTIVITY_TYPE_CREATE_SUB_ORGANIZATION_V7' as 'ACTIVITY_TYPE_CREATE_SUB_ORGANIZATION_V8',
    timestampMs: String(Date.now()),
    organizationId: orgId,
    parameters: {
      subOrganizationName: `v7 ${email}`,
      rootQuorumThreshold: 1,
      rootUsers: [
        {
          userName: 'v7 user',
          userEmail: email,
          userPhoneNumber: phone,
          apiKeys: [{ apiKeyName: 'k', publicKey: key.publicKey, curveType: 'API_KEY_CURVE_P256' }],
          authenticators: [asParams(passkey)],
          oauthProviders: [{ providerName: 'google', oidcToken: idToken }],
        },
      ],
      wallet: { walletName: 'w', accounts: [ETH_ACCOUNT] },
    },
  });
  const result = (res.activity.result as any).createSubOrganizationResultV7;
  assert.ok(result.subOrganizationId);
  assert.equal(res.activity.type, 'ACTIVITY_TYPE_CREATE_SUB_ORGANIZATION_V7');
  assert.ok((res.activity.intent as any).createSubOrganizationIntentV7.rootUsers);
  const sub = result.subOrganizationId as string;

  const find = async (filterType: string, filterValue: string) =>
    (await t.http.getSubOrgIds({ organizationId: orgId, filterType, filterValue })).organizationIds;
  assert.deepEqual(await find('EMAIL', email), [sub]);
  assert.deepEqual(await find('PHONE_NUMBER', phone), [sub]);
  assert.deepEqual(await find('USERNAME', 'v7 user'), [sub]);
  assert.deepEqual(await find('NAME', `v7 ${email}`), [sub]);
  assert.deepEqual(await find('PUBLIC_KEY', key.publicKey), [sub]);
  assert.deepEqual(await find('CREDENTIAL_ID', credentialId), [sub]);
  assert.deepEqual(await find('WALLET_ACCOUNT_ADDRESS', result.wallet.addresses[0]), [sub]);
  await assert.rejects(find('FAVOURITE_COLOUR', 'blue'), (e: any) => e.code === 3 && /FAVOURITE_COLOUR is not supported/.test(e.message));
  await assert.rejects(
    t.http.getVerifiedSubOrgIds({ organizationId: orgId, filterType: 'USERNAME', filterValue: 'v7 user' }),
    (e: any) => e.code === 3 && /use one of EMAIL, PHONE_NUMBER/.test(e.message),
  );

  const user = (await t.http.getUser({ organizationId: sub, userId: result.rootUserIds[0] })).user;
  assert.equal(user.userPhoneNumber, phone);
  assert.deepEqual(user.authenticators.map((a) => [a.credentialId, a.authenticatorName, a.transports]), [[credentialId, 'laptop', ['AUTHENTICATOR_TRANSPORT_INTERNAL']]]);
  assert.deepEqual(user.oauthProviders.map((p) => [p.providerName, p.issuer, p.subject, p.audience]), [['google', issuer, `google-${email}`, clientId]]);
  assert.deepEqual(await find('OIDC_TOKEN', idToken), [sub]);
  const auths = await t.http.getAuthenticators({ organizationId: sub, userId: user.userId });
  assert.equal(auths.authenticators[0]!.credentialId, credentialId);
});

test('list_suborgs pages with limit and after', async () => {
  const orgId = t.api.credentials.organizationId;
  for (let i = 0; i < 3; i++) {
    await t.sdk.createSubOrganization({ subOrganizationName: `page ${i}`, rootQuorumThreshold: 1, rootUsers: [{ userName: `p${i}`, apiKeys: [], authenticators: [], oauthProviders: [] }] });
  }
  const all = (await t.http.getSubOrgIds({ organizationId: orgId, paginationOptions: { limit: '100' } })).organizationIds;
  const firstTwo = (await t.http.getSubOrgIds({ organizationId: orgId, paginationOptions: { limit: '2' } })).organizationIds;
  assert.deepEqual(firstTwo, all.slice(0, 2));
  assert.ok(all.length >= 4);
  const next = (await t.http.getSubOrgIds({ organizationId: orgId, paginationOptions: { limit: '2', after: firstTwo[1]! } })).organizationIds;
  assert.deepEqual(next, all.slice(2, 4));
  await assert.rejects(t.http.getSubOrgIds({ organizationId: orgId, paginationOptions: { limit: '101' } }), (e: any) => e.code === 3);
});
