/**
 * `Session` is @turnkey/sdk-types' Session: assignable to it (checked by `tsc`, which covers this
 * file), and filled with what @turnkey/core's own parseSession makes of the same JWT.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SessionType, type Session as SdkSession } from '@turnkey/sdk-types';
import type { Session } from '../src/index.ts';
import { parseSessionJwt } from '../src/session/session-jwt.ts';
import { coreParseSession as coreParse, sdkFields } from './helpers/core-session.ts';

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
function jwtOf(claims: Record<string, unknown>): string {
  const payload = b64(claims);
  // Core decodes with atob, which the Turnkey alphabet rule keeps free of `-` and `_` (turnkey-wire.md §6.1).
  assert.doesNotMatch(payload, /[-_]/, 'pick claims whose payload needs no - or _');
  return `${b64({ alg: 'ES256', typ: 'JWT' })}.${payload}.c2ln`;
}

test('our Session is assignable to @turnkey/sdk-types Session, field for field', () => {
  const ours: Session = parseSessionJwt(jwtOf({ exp: 2_000_000_000, public_key: '02' + 'ab'.repeat(32), session_type: 'SESSION_TYPE_READ_WRITE', user_id: 'u', organization_id: 'o' }), 'default', 0);
  // The compile-time half: `tsc` fails here if Session stops being an sdk-types Session.
  const sdk: SdkSession = ours;
  const type: SessionType = ours.sessionType;
  assert.equal(type, SessionType.READ_WRITE);
  assert.equal(sdk.expiry, 2_000_000_000);
});

test('the fields are what @turnkey/core parseSession returns for the same JWT (optional claims too), by the context clock', () => {
  const now = 1_900_000_000_123;
  const cases: Record<string, unknown>[] = [
    { exp: 1_900_000_900, public_key: '03' + '4f'.repeat(32), session_type: 'SESSION_TYPE_READ_WRITE', user_id: 'user-1', organization_id: 'org-1' },
    { exp: 1_900_000_010, public_key: '02' + '0c'.repeat(32), session_type: 'SESSION_TYPE_READ_ONLY', user_id: 'user-2', organization_id: 'org-2', session_profile_id: 'profile-1', scope: 'read' },
  ];
  for (const claims of cases) {
    const jwt = jwtOf(claims);
    const ours = parseSessionJwt(jwt, 'named', now);
    assert.deepEqual(sdkFields(ours), coreParse(jwt, now));
    assert.equal(ours.sessionKey, 'named');
    assert.deepEqual(ours.claims, claims, 'the raw claims stay reachable');
  }
  // Seconds left count from the clock given, not the machine's.
  const jwt = jwtOf(cases[0]!);
  assert.equal(parseSessionJwt(jwt, 'default', now + 100_000).expirationSeconds, coreParse(jwt, now + 100_000).expirationSeconds);
  assert.equal(parseSessionJwt(jwt, 'default', now + 100_000).expirationSeconds, '800');
});
