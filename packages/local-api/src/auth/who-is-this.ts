/**
 * "Who is this?" (DESIGN.md "Growing the system"): the one place a verified stamp becomes a
 * principal and the organization the request runs in, before any activity or query runs. Each
 * route says what it admits (`StampRules`); activities and queries never look at headers.
 */
import { ApiError } from '@tkauth/wire';
import type { Services } from '../services.ts';
import type { VerifiedStamp } from './verify-stamp.ts';
import { resolveScope, type Scope } from './principal.ts';
import { resolveAttestedScope } from './attested-scope.ts';
import { resolveReadOnlyScope } from './read-only-session.ts';
import { resolvePasskeyScope } from './passkey-scope.ts';

export interface StampRules {
  /** X-Stamp-Attested (a device key vouched for by a verification token or an id_token) may authenticate. */
  acceptsAttested?: boolean;
  /** X-Session (a read-only session JWT) may authenticate: queries only. */
  acceptsReadOnlySession?: boolean;
  /**
   * Addressed to a parent organization, a credential of one of its sub-organizations answers for
   * that sub-organization (turnkey-wire-logins.md §3.2): stamp_login, whoami and
   * create_read_only_session. Elsewhere such a stamp stays ORGANIZATION_MISMATCH.
   */
  resolvesSubOrganization?: boolean;
}

/** Refuses a kind of stamp the route does not admit; runs before anything else is said about the request. */
export function admitStamp(stamp: VerifiedStamp, rules: StampRules): void {
  if (stamp.kind === 'attested' && !rules.acceptsAttested) throw new ApiError('ERR_STAMP_ATTESTED_NOT_ACCEPTED');
  if (stamp.kind === 'read-only-session' && !rules.acceptsReadOnlySession) throw new ApiError('ERR_SESSION_READ_ONLY');
}

/** The principal behind `stamp` and the organization the request runs in, addressed to `orgId`. */
export async function whoIsThis(s: Services, stamp: VerifiedStamp, orgId: string, now: number, rules: StampRules): Promise<Scope> {
  admitStamp(stamp, rules);
  const subOrgs = rules.resolvesSubOrganization === true;
  switch (stamp.kind) {
    case 'api-key':
      return resolveScope(s.db, s.credentials, stamp, orgId, now, subOrgs);
    case 'passkey':
      return resolvePasskeyScope(s, stamp, orgId, now, subOrgs);
    case 'attested':
      return resolveAttestedScope(s, stamp, orgId, now, subOrgs);
    case 'read-only-session':
      return resolveReadOnlyScope(s, stamp.jwt, orgId, now);
  }
}
