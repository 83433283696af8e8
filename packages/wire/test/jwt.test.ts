/** The JWT payload alphabet rule (turnkey-wire.md §6.1): no `-` or `_` in the payload segment, ever. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodeJwtClaims, jwtSigningInput } from '../src/index.ts';

test('payload segments avoid - and _ for any claims, and decode back to the same claims', () => {
  // Contacts may hold `?`, `~` and `>` (legal in an email local part): the characters that produce - and _.
  const risky = fc.string({ unit: fc.constantFrom('a', 'b', '?', '~', '>', '@', '.', '1', 'é'), maxLength: 40 });
  fc.assert(
    fc.property(risky, risky, fc.integer({ min: 0, max: 2 ** 40 }), (contact, id, exp) => {
      const claims = { exp: String(exp), id, organization_id: 'o', verification_type: 'OTP_TYPE_EMAIL', contact };
      const input = jwtSigningInput({ typ: 'JWT', alg: 'ES256' }, claims);
      const payload = input.split('.')[1]!;
      assert.match(payload, /^[A-Za-z0-9]+$/);
      assert.deepEqual(decodeJwtClaims(`${input}.sig`), claims);
      // What @turnkey/core does: atob (after dropping - and _, here none) and JSON.parse.
      assert.deepEqual(JSON.parse(Buffer.from(atob(payload.padEnd(Math.ceil(payload.length / 4) * 4, '=')), 'latin1').toString('utf8')), claims);
    }),
    { numRuns: 500 },
  );
});

test('claims that would produce - or _ are written with JSON escapes instead', () => {
  const claims = { contact: 'a??>~@example.com', name: 'Zoë ☃' };
  const plain = Buffer.from(JSON.stringify(claims)).toString('base64url');
  assert.match(plain, /[-_]/, 'this claim set does produce the bad characters when encoded naively');
  const payload = jwtSigningInput({ alg: 'ES256' }, claims).split('.')[1]!;
  assert.match(payload, /^[A-Za-z0-9]+$/);
  assert.deepEqual(decodeJwtClaims(`x.${payload}.y`), claims);
});
