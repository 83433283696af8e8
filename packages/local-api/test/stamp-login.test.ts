/**
 * stamp_login (turnkey-wire.md §4.6): refresh with the current session key in X-Stamp, and login
 * with X-Stamp-Attested carrying a verification token or an id_token (§2.3). @turnkey/core builds
 * the attested stamp in the browser; here it is built by hand from its documented parts, signed by
 * the official ApiKeyStamper.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiKeyStamper } from '@turnkey/api-key-stamper';
import { decodeJwtClaims, type SessionClaims } from '@tkauth/wire';
import { verifySessionJwtSignature } from '@turnkey/crypto';
import { newKey, rootUser, uniqueEmail } from './helpers/fixtures.ts';
import { httpFor, rawPost, startTestApi, type TestApi } from './helpers/local-api.ts';
import { loginClientSignature, tokenId, verificationTokenFor as tokenFromApi, wellKnown, type WellKnown } from './helpers/otp.ts';
import { devIdToken } from './helpers/oidc.ts';
import { oidcNonceFor } from '../src/oidc/verify-id-token.ts';

let t: TestApi;
let keys: WellKnown;
before(async () => {
  t = await startTestApi();
  keys = await wellKnown(t.api.url);
});
after(() => t.stop());

type Key = { publicKey: string; privateKey: string };
const claimsOf = (jwt: string) => decodeJwtClaims(jwt) as unknown as SessionClaims;

async function subOrgWithEmail(email: string, oidcToken?: string) {
  return t.sdk.createSubOrganization({
    subOrganizationName: email,
    rootQuorumThreshold: 1,
    rootUsers: [rootUser(email, [], oidcToken ? [{ providerName: 'dev', oidcToken }] : [])],
  });
}

const verificationTokenFor = (email: string, device: Key) => tokenFromApi(t, email, device);

/** POSTs a stamp_login with an X-Stamp-Attested header signed by `device`. */
async function attestedStampLogin(orgId: string, device: Key, attestation: string, scheme: string, encoding: 'base64url' | 'json' = 'base64url', route = '/public/v1/submit/stamp_login') {
  const body = JSON.stringify({ parameters: { publicKey: device.publicKey }, organizationId: orgId, timestampMs: String(Date.now()), type: 'ACTIVITY_TYPE_STAMP_LOGIN' });
  const xStamp = (await new ApiKeyStamper({ apiPublicKey: device.publicKey, apiPrivateKey: device.privateKey }).stamp(body)).stampHeaderValue;
  const { signature } = JSON.parse(Buffer.from(xStamp, 'base64url').toString());
  const json = JSON.stringify({ publicKeyAttestation: attestation, scheme, publicKey: device.publicKey, signature });
  return rawPost(t.api.url, route, body, { 'X-Stamp-Attested': encoding === 'json' ? json : Buffer.from(json).toString('base64url') });
}

describe('stamp_login', () => {
  test('refresh: the current session key stamps a login for a new key', async () => {
    const email = uniqueEmail('refresh');
    const sub = await subOrgWithEmail(email);
    const first = newKey();
    const token = await verificationTokenFor(email, first);
    await t.sdk.otpLogin({ organizationId: sub.subOrganizationId, verificationToken: token, publicKey: first.publicKey, clientSignature: await loginClientSignature(first, first.publicKey, tokenId(token)) });

    const next = newKey();
    const res = await httpFor(t.api.url, first).stampLogin({
      type: 'ACTIVITY_TYPE_STAMP_LOGIN',
      timestampMs: String(Date.now()),
      organizationId: sub.subOrganizationId,
      parameters: { publicKey: next.publicKey, expirationSeconds: '1800' },
    });
    const session = (res.activity.result as any).stampLoginResult.session as string;
    assert.equal(await verifySessionJwtSignature(session, keys.notarizerSignPublicKey), true);
    const claims = claimsOf(session);
    assert.equal(claims.public_key, next.publicKey);
    assert.equal(claims.user_id, sub.rootUserIds![0]);
    assert.ok(claims.exp > Date.now() / 1000 + 1700);
    assert.equal((await httpFor(t.api.url, next).getWhoami({ organizationId: sub.subOrganizationId })).userId, sub.rootUserIds![0]);
  });

  test('X-Stamp-Attested with a verification token (base64url and plain JSON forms); the token works once', async () => {
    const email = uniqueEmail('attested');
    const sub = await subOrgWithEmail(email);
    const device = newKey();
    const token = await verificationTokenFor(email, device);
    const res = await attestedStampLogin(sub.subOrganizationId, device, token, 'STAMP_ATTESTED_SCHEME_P256_VERIFICATION_TOKEN');
    assert.equal(res.status, 200, JSON.stringify(res.json));
    assert.equal(claimsOf(res.json.activity.result.stampLoginResult.session).public_key, device.publicKey);
    assert.equal((await httpFor(t.api.url, device).getWhoami({ organizationId: sub.subOrganizationId })).userId, sub.rootUserIds![0]);

    const again = await attestedStampLogin(sub.subOrganizationId, device, token, 'STAMP_ATTESTED_SCHEME_P256_VERIFICATION_TOKEN', 'json');
    assert.equal(again.status, 401);
    assert.match(again.json.message, /already been used/);

    const device2 = newKey();
    const fresh = await verificationTokenFor(email, device2);
    const plain = await attestedStampLogin(sub.subOrganizationId, device2, fresh, 'STAMP_ATTESTED_SCHEME_P256_VERIFICATION_TOKEN', 'json');
    assert.equal(plain.status, 200, JSON.stringify(plain.json));
  });

  test('X-Stamp-Attested with an id_token whose nonce is sha256(device key)', async () => {
    const email = uniqueEmail('attested-oidc');
    const { issuer, clientId } = t.api.oidc!;
    const sub = await subOrgWithEmail(email, await devIdToken(issuer, clientId, email, 'signup'));
    const device = newKey();
    const idToken = await devIdToken(issuer, clientId, email, oidcNonceFor(device.publicKey));
    const res = await attestedStampLogin(sub.subOrganizationId, device, idToken, 'STAMP_ATTESTED_SCHEME_P256_OIDC');
    assert.equal(res.status, 200, JSON.stringify(res.json));
    assert.equal((await httpFor(t.api.url, device).getWhoami({ organizationId: sub.subOrganizationId })).userId, sub.rootUserIds![0]);
  });

  test('refusals: a token for another key, a nonce for another key, attested stamps anywhere but stamp_login', async () => {
    const email = uniqueEmail('attested-refuse');
    const { issuer, clientId } = t.api.oidc!;
    const sub = await subOrgWithEmail(email, await devIdToken(issuer, clientId, email, 'signup'));
    const device = newKey();
    const tokenForOther = await verificationTokenFor(email, newKey());
    const a = await attestedStampLogin(sub.subOrganizationId, device, tokenForOther, 'STAMP_ATTESTED_SCHEME_P256_VERIFICATION_TOKEN');
    assert.equal(a.status, 401);
    assert.match(a.json.message, /does not vouch for the stamp public key/);

    const otherNonce = await devIdToken(issuer, clientId, email, oidcNonceFor(newKey().publicKey));
    const b = await attestedStampLogin(sub.subOrganizationId, device, otherNonce, 'STAMP_ATTESTED_SCHEME_P256_OIDC');
    assert.equal(b.status, 401);
    assert.match(b.json.message, /nonce does not match/);

    const good = await verificationTokenFor(email, device);
    const c = await attestedStampLogin(sub.subOrganizationId, device, good, 'STAMP_ATTESTED_SCHEME_P256_VERIFICATION_TOKEN', 'base64url', '/public/v1/submit/create_wallet');
    assert.equal(c.status, 401);
    assert.match(c.json.message, /accepted only by stamp_login/);
  });
});
