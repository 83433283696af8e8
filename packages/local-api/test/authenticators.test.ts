/**
 * Passkeys registered with a real "none" attestation read back through @turnkey/http's
 * getAuthenticators and getUser with every field v1Authenticator requires, filled from the parsed
 * attestation object (AAGUID, model, the credential's compressed P-256 key, format). An
 * attestation that does not parse is 400 "invalid authenticator attestation" and writes nothing.
 */
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { newKey, rootUser, uniqueEmail } from './helpers/fixtures.ts';
import { sdkFor, startTestApi, type TestApi } from './helpers/local-api.ts';
import { asParams, attestationObjectOf, noneAttestationPasskey, type TestPasskey } from './helpers/passkey.ts';
import { rowCounts } from './helpers/db-counts.ts';

let t: TestApi;
before(async () => {
  t = await startTestApi();
});
after(() => t.stop());

const GOOGLE_PASSWORD_MANAGER = 'ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4';
// v1Authenticator's required fields (@turnkey/http public_api.types.d.ts).
const REQUIRED = ['transports', 'attestationType', 'aaguid', 'credentialId', 'model', 'credential', 'authenticatorId', 'authenticatorName', 'createdAt', 'updatedAt'];

const subOrgWith = (passkeys: Pick<TestPasskey, 'authenticatorName' | 'challenge' | 'attestation'>[], apiKeys: { publicKey: string }[] = []) =>
  t.sdk.createSubOrganization({
    subOrganizationName: 'passkeys',
    rootQuorumThreshold: 1,
    rootUsers: [{ ...rootUser(uniqueEmail('pk'), apiKeys), authenticators: passkeys }],
  });

describe('authenticator shapes', () => {
  test('getAuthenticators and getUser show what registration parsed', async () => {
    const google = noneAttestationPasskey({ name: 'phone', aaguid: GOOGLE_PASSWORD_MANAGER, signCount: 7 });
    const plain = noneAttestationPasskey({ name: 'laptop' });
    const sub = await subOrgWith([asParams(google), asParams(plain)]);
    const userId = sub.rootUserIds![0]!;

    const { authenticators } = await t.http.getAuthenticators({ organizationId: sub.subOrganizationId, userId });
    assert.equal(authenticators.length, 2);
    for (const a of authenticators) assert.deepEqual(REQUIRED.filter((k) => !(k in a)), [], `${a.authenticatorName}: every required field`);
    const byName = Object.fromEntries(authenticators.map((a) => [a.authenticatorName, a]));
    assert.deepEqual(
      { ...byName.phone, authenticatorId: '', createdAt: null, updatedAt: null },
      {
        transports: ['AUTHENTICATOR_TRANSPORT_INTERNAL'],
        attestationType: 'none',
        aaguid: GOOGLE_PASSWORD_MANAGER,
        credentialId: google.attestation.credentialId,
        model: 'Google Password Manager',
        credential: { publicKey: google.publicKey, type: 'CREDENTIAL_TYPE_WEBAUTHN_AUTHENTICATOR' },
        authenticatorId: '',
        authenticatorName: 'phone',
        createdAt: null,
        updatedAt: null,
      },
    );
    assert.match(byName.phone!.authenticatorId, /^[0-9a-f-]{36}$/);
    assert.equal(byName.laptop!.aaguid, '00000000-0000-0000-0000-000000000000');
    assert.equal(byName.laptop!.model, 'Unknown authenticator');
    assert.equal(byName.laptop!.credential.publicKey, plain.publicKey);
    assert.match(plain.publicKey, /^0[23][0-9a-f]{64}$/);

    const { user } = await t.http.getUser({ organizationId: sub.subOrganizationId, userId });
    assert.deepEqual(user.authenticators, authenticators);
  });

  test('create_users (V4) in a sub-organization parses its passkeys the same way', async () => {
    const admin = newKey();
    const sub = await subOrgWith([], [admin]);
    const pk = noneAttestationPasskey({ name: 'usb' });
    const asAdmin = sdkFor(t.api.url, sub.subOrganizationId, admin);
    const created = await asAdmin.createUsers({ users: [{ userName: 'second', userTags: [], apiKeys: [], authenticators: [asParams(pk)], oauthProviders: [] }] });
    const { authenticators } = await asAdmin.getAuthenticators({ userId: created.userIds[0]! });
    assert.equal(authenticators[0]!.credential.publicKey, pk.publicKey);
  });
});

describe('attestations that do not parse', () => {
  let counts: Record<string, number>;
  beforeEach(async () => {
    counts = await rowCounts(t.dataDir);
  });

  const refusedAt = async (attestation: TestPasskey['attestation'], detail: RegExp) => {
    await assert.rejects(subOrgWith([{ authenticatorName: 'bad', challenge: 'Y2hhbGxlbmdl', attestation }]), (e: any) => {
      assert.equal(e.code, 3);
      assert.match(e.message, /invalid authenticator attestation/);
      assert.match(e.message, detail);
      assert.ok(e.details.some((d: any) => d.errorCode === 'ERR_AUTHENTICATOR_ATTESTATION_INVALID'), JSON.stringify(e.details));
      return true;
    });
    assert.deepEqual(await rowCounts(t.dataDir), counts, 'no sub-organization, user or authenticator written');
  };

  test('garbage, no attested credential data, another credential id', async () => {
    const good = noneAttestationPasskey().attestation;
    await refusedAt({ ...good, attestationObject: Buffer.from('not cbor at all').toString('base64url') }, /rootUsers\/0\/authenticators\/0\/attestation\/attestationObject/);
    await refusedAt({ ...good, attestationObject: '!!!' }, /not base64url/);
    // authData of an assertion (flags without AT): nothing to register.
    const bare = Buffer.concat([createHash('sha256').update('localhost').digest(), Buffer.from([0x05]), Buffer.alloc(4)]);
    await refusedAt({ ...good, attestationObject: Buffer.from(attestationObjectOf(bare)).toString('base64url') }, /attested credential data/);
    await refusedAt({ ...good, credentialId: noneAttestationPasskey().attestation.credentialId }, /credentialId: differs/);
  });
});
