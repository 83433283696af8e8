/**
 * OAuth login (issue 3 §5): a token from the dev OpenID provider's real authorization-code flow
 * logs in through @turnkey/sdk-server; forged, mismatched and expired tokens are refused.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { verifySessionJwtSignature } from '@turnkey/crypto';
import { newKey, rootUser, uniqueEmail } from './helpers/fixtures.ts';
import { httpFor, startTestApi, type TestApi } from './helpers/local-api.ts';
import { devIdToken, startTestIssuer, type TestIssuer } from './helpers/oidc.ts';
import { wellKnown } from './helpers/otp.ts';
import { oidcNonceFor } from '../src/oidc/verify-id-token.ts';

let t: TestApi;
let other: TestIssuer;
before(async () => {
  other = await startTestIssuer();
  t = await startTestApi({ config: { oidcIssuers: [{ issuer: other.issuer, jwksUri: other.jwksUri, audiences: ['app-1'] }] } });
});
after(async () => {
  await t.stop();
  await other.close();
});

const rpc = (code: number, text: string) => (e: any) => {
  assert.equal(e.code, code, e.message);
  assert.ok(e.message.includes(text), `"${e.message}" should contain "${text}"`);
  return true;
};

async function oauthUser(email: string) {
  const { issuer, clientId } = t.api.oidc!;
  const signupToken = await devIdToken(issuer, clientId, email, 'signup');
  const sub = await t.sdk.createSubOrganization({
    subOrganizationName: `oauth ${email}`,
    rootQuorumThreshold: 1,
    rootUsers: [rootUser(email, [], [{ providerName: 'dev', oidcToken: signupToken }])],
  });
  return sub;
}

describe('oauth_login', () => {
  test('the nonce is sha256 of the UTF-8 public-key hex (turnkey-wire.md §6.3 docs example)', () => {
    assert.equal(oidcNonceFor('0394e549c71fa99dd5cf752fba623090be314949b74e4cdf7ca72031dd638e281a'), '1663bba492a323085b13895634a3618792c4ec6896f3c34ef3c26396df22ef82');
  });

  test('dev provider token (real authorization-code flow) → oauthLogin → session key works; OIDC_TOKEN filter finds the sub-org', async () => {
    const email = uniqueEmail('oauth');
    const sub = await oauthUser(email);
    const device = newKey();
    const { issuer, clientId } = t.api.oidc!;
    const oidcToken = await devIdToken(issuer, clientId, email, oidcNonceFor(device.publicKey));

    const found = await t.sdk.getSubOrgIds({ filterType: 'OIDC_TOKEN', filterValue: oidcToken });
    assert.deepEqual(found.organizationIds, [sub.subOrganizationId]);

    const login = await t.sdk.oauthLogin({ organizationId: sub.subOrganizationId, oidcToken, publicKey: device.publicKey });
    const keys = await wellKnown(t.api.url);
    assert.equal(await verifySessionJwtSignature(login.session, keys.notarizerSignPublicKey), true);
    const who = await httpFor(t.api.url, device).getWhoami({ organizationId: sub.subOrganizationId });
    assert.equal(who.userId, sub.rootUserIds![0]);
  });

  test('refusals: nonce for another key, wrong audience, expired, untrusted issuer, alg none, unknown identity', async () => {
    const email = uniqueEmail('oauth-refuse');
    const sub = await oauthUser(email);
    const device = newKey();
    const { issuer, clientId } = t.api.oidc!;
    const login = (oidcToken: string) => t.sdk.oauthLogin({ organizationId: sub.subOrganizationId, oidcToken, publicKey: device.publicKey });

    const otherKeyNonce = await devIdToken(issuer, clientId, email, oidcNonceFor(newKey().publicKey));
    await assert.rejects(login(otherKeyNonce), rpc(16, 'nonce does not match'));

    const nonce = oidcNonceFor(device.publicKey);
    await assert.rejects(login(await other.mint({ sub: email, aud: 'someone-else', nonce })), rpc(16, 'claim aud'));
    await assert.rejects(login(await other.mint({ sub: email, aud: 'app-1', nonce }, { expiresIn: Math.floor(Date.now() / 1000) - 60 })), rpc(16, 'expired'));

    const stranger = await startTestIssuer();
    try {
      await assert.rejects(login(await stranger.mint({ sub: email, aud: 'app-1', nonce })), rpc(16, 'issuer is not trusted'));
    } finally {
      await stranger.close();
    }
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const unsigned = `${b64({ alg: 'none' })}.${b64({ iss: other.issuer, sub: email, aud: 'app-1', nonce, exp: Math.floor(Date.now() / 1000) + 600 })}.`;
    await assert.rejects(login(unsigned), rpc(16, 'invalid oidc token'));

    // Valid token from a trusted issuer, but no user of this sub-organization has that identity.
    await assert.rejects(login(await other.mint({ sub: email, aud: 'app-1', nonce })), rpc(7, 'no user of this organization has this OAuth identity'));
  });

  test('create_oauth_providers V2 adds an identity that then logs in; forged id_tokens are refused at sign-up', async () => {
    const key = newKey();
    const email = uniqueEmail('oauth-add');
    const sub = await t.sdk.createSubOrganization({
      subOrganizationName: 'add provider',
      rootQuorumThreshold: 1,
      rootUsers: [rootUser(email, [key])],
    });
    const asUser = httpFor(t.api.url, key);
    const added = await asUser.createOauthProviders({
      type: 'ACTIVITY_TYPE_CREATE_OAUTH_PROVIDERS_V2',
      timestampMs: String(Date.now()),
      organizationId: sub.subOrganizationId,
      parameters: { userId: sub.rootUserIds![0]!, oauthProviders: [{ providerName: 'app', oidcToken: await other.mint({ sub: 'user-42', aud: 'app-1' }) }] },
    });
    assert.equal((added.activity.result as any).createOauthProvidersResultV2.providerIds.length, 1);
    const device = newKey();
    const login = await t.sdk.oauthLogin({ organizationId: sub.subOrganizationId, oidcToken: await other.mint({ sub: 'user-42', aud: 'app-1', tknonce: oidcNonceFor(device.publicKey) }), publicKey: device.publicKey });
    assert.ok(login.session);

    const forged = `${Buffer.from('{"alg":"RS256"}').toString('base64url')}.${Buffer.from(JSON.stringify({ iss: t.api.oidc!.issuer, sub: 'x', aud: 'tkauth-dev' })).toString('base64url')}.c2ln`;
    await assert.rejects(
      t.sdk.createSubOrganization({ subOrganizationName: 'forged', rootQuorumThreshold: 1, rootUsers: [{ userName: 'f', apiKeys: [], authenticators: [], oauthProviders: [{ providerName: 'dev', oidcToken: forged }] }] }),
      rpc(16, 'invalid oidc token'),
    );
  });
});
