/**
 * Known-answer vectors: a registration and two assertions recorded once from Chromium's CDP virtual
 * authenticator (test/vectors/virtual-authenticator-es256.json, made by
 * client/test/helpers/record-passkey-vectors.ts), checked by the local API's own verifiers without a
 * server — what a real browser produced must keep verifying, and every change to it must not.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { ApiError } from '@tkauth/wire';
import { verifyRegistration } from '../src/webauthn/verify-registration.ts';
import { verifyAssertion } from '../src/webauthn/verify-assertion.ts';
import { RelyingParty } from '../src/webauthn/relying-party.ts';
import { verifyStamp } from '../src/auth/verify-stamp.ts';
import { P256KeyCache } from '../src/crypto/p256.ts';

const v = JSON.parse(fs.readFileSync(new URL('./vectors/virtual-authenticator-es256.json', import.meta.url), 'utf8'));
const rp = new RelyingParty([v.rpId], ['http://localhost:*']);
const keys = new P256KeyCache();

const passkeyStamp = (body: string, header: string, party = rp) => {
  const s = verifyStamp(keys, party, Buffer.from(body), { 'x-stamp-webauthn': header });
  assert.equal(s.kind, 'passkey');
  return s as Extract<typeof s, { kind: 'passkey' }>;
};
const refusedWith = (code: string) => (e: unknown) => e instanceof ApiError && e.code === code;

test('the recorded registration verifies, and yields the credential key the authenticator holds', async () => {
  const r = await verifyRegistration(rp, v.registration, 'registration');
  assert.equal(r.credentialId, v.credential.credentialId);
  assert.equal(r.fmt, 'none');
  const jwk = createPublicKey(createPrivateKey({ key: Buffer.from(v.credential.privateKeyPkcs8, 'base64url'), format: 'der', type: 'pkcs8' })).export({ format: 'jwk' });
  const y = Buffer.from(jwk.y!, 'base64url');
  const compressed = `0${2 + (y[31]! & 1)}${Buffer.from(jwk.x!, 'base64url').toString('hex')}`;
  assert.equal(r.p256PublicKey, compressed);
  assert.equal(r.transports.join(), 'AUTHENTICATOR_TRANSPORT_INTERNAL');
});

test('the recorded assertions verify in order, with their counters; a replay and any change do not', async () => {
  const reg = await verifyRegistration(rp, v.registration, 'registration');
  const first = passkeyStamp(v.assertion.body, v.assertion.stampHeaderValue);
  assert.equal(first.stamp.credentialId, v.credential.credentialId);
  const c1 = await verifyAssertion(rp, first.stamp, first.origin, first.challenge, { cosePublicKey: reg.cosePublicKey, signCount: reg.signCount });
  assert.equal(c1, v.assertion.signCount);
  const later = passkeyStamp(v.laterAssertion.body, v.laterAssertion.stampHeaderValue);
  assert.equal(await verifyAssertion(rp, later.stamp, later.origin, later.challenge, { cosePublicKey: reg.cosePublicKey, signCount: c1 }), v.laterAssertion.signCount);
  // The first assertion again, after the later one was seen: a replay.
  await assert.rejects(verifyAssertion(rp, first.stamp, first.origin, first.challenge, { cosePublicKey: reg.cosePublicKey, signCount: v.laterAssertion.signCount }), refusedWith('ERR_WEBAUTHN_COUNTER_NOT_INCREASED'));
  // One bit of the signature flipped.
  const sig = Uint8Array.from(first.stamp.signature);
  sig[sig.length - 1]! ^= 1;
  await assert.rejects(verifyAssertion(rp, { ...first.stamp, signature: sig }, first.origin, first.challenge, { cosePublicKey: reg.cosePublicKey, signCount: 0 }), refusedWith('ERR_WEBAUTHN_BAD_SIGNATURE'));
  // Another body under the same assertion: the challenge no longer fits.
  const tampered = v.assertion.body.replace('"900"', '"60"');
  assert.notEqual(tampered, v.assertion.body);
  assert.throws(() => passkeyStamp(tampered, v.assertion.stampHeaderValue), refusedWith('ERR_WEBAUTHN_BAD_SIGNATURE'));
  // The same assertion for a relying party that is not this page's.
  const other = new RelyingParty(['example.com'], ['https://example.com']);
  assert.throws(() => passkeyStamp(v.assertion.body, v.assertion.stampHeaderValue, other), refusedWith('ERR_WEBAUTHN_BAD_SIGNATURE'));
  await assert.rejects(verifyRegistration(other, v.registration, 'registration'), refusedWith('ERR_AUTHENTICATOR_ATTESTATION_INVALID'));
});
