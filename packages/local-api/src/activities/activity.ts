/**
 * What an activity is: the versions it accepts (type → intent key, result key, parameters schema),
 * who may run it, and its effect. One activity per file; the table is in registry.ts.
 */
import type { TSchema } from '@sinclair/typebox';
import type { Kysely } from 'kysely';
import { ApiError } from '@tkauth/wire';
import type { Runtime } from '../config.ts';
import type { Sealer } from '../crypto/sealer.ts';
import type { Scope } from '../auth/principal.ts';
import type { Database } from '../store/schema.ts';
import type { Services } from '../services.ts';

export interface ActivityVersion {
  type: string;
  intentKey: string;
  resultKey: string;
  params: TSchema;
}

/**
 * - `own-org`: only a credential of the addressed organization.
 * - `own-or-parent`: also the parent organization's credentials on its sub-organizations.
 */
export type Access = 'own-org' | 'own-or-parent';

export interface ActivityContext {
  trx: Kysely<Database>;
  scope: Scope;
  rt: Runtime;
  sealer: Sealer;
  /** Activity creation time (ms), shared by every row the activity writes. */
  now: number;
  /** The server's long-lived parts (enclave keys, delivery, config) for activities that need them. */
  services: Services;
}

/**
 * Thrown by an activity whose refusal must keep what it wrote: the transaction commits (a wrong
 * OTP try stays counted, in the same transaction that checked the count — so tries sent at once
 * cannot all read the old count), then the request is refused with `error`.
 */
export class CommittedRefusal extends Error {
  constructor(readonly error: ApiError) {
    super(error.message);
  }
}

export interface ActivityDefinition {
  /** The path segment after /public/v1/submit/. */
  name: string;
  versions: readonly ActivityVersion[];
  access: Access;
  /** False only where the activity removes the organization that would hold its record. */
  persist?: boolean;
  /** True only for stamp_login: an X-Stamp-Attested device key may run it (turnkey-wire.md §2.3). */
  acceptsAttested?: boolean;
  /** Addressed to a parent, a sub-organization's credential runs it in that sub-organization (auth/who-is-this.ts). */
  resolvesSubOrganization?: boolean;
  /**
   * Refuses a request whose `timestampMs` is further than this from the server's clock. Only
   * stamp_login sets it: a login must be fresh, yet a wallet login is signed before the sign-up it
   * follows (turnkey-wire-logins.md §2.3), so "fresh" is minutes, not milliseconds.
   */
  freshness?: { pastMs: number; futureMs: number };
  /** Parameters never kept in the stored intent (codes, tokens). */
  redactIntent?: readonly string[];
  /**
   * What the activity's transaction locks first (store/lock.ts): by default its organization, so
   * its checks-then-writes run one at a time there. An activity whose invariants are narrower
   * locks only those, and leaves its organization (often the parent of every sign-up) free.
   */
  locks?(scope: { organizationId: string }, params: never): string[];
  run(ctx: ActivityContext, params: never, version: ActivityVersion): Promise<Record<string, unknown>>;
}

export const defineActivity = <P>(def: Omit<ActivityDefinition, 'run'> & {
  run(ctx: ActivityContext, params: P, version: ActivityVersion): Promise<Record<string, unknown>>;
}): ActivityDefinition => def as ActivityDefinition;

/** Root users act for the organization; there is no policy engine yet, so other users may not. */
export function requireRoot(ctx: ActivityContext): void {
  if (!ctx.scope.principal.isRoot) throw new ApiError('ERR_AUTH_NOT_PERMITTED', 'only root users may run this activity');
}

/** Root users, or a user managing their own credentials. */
export function requireRootOrSelf(ctx: ActivityContext, userId: string): void {
  const p = ctx.scope.principal;
  if (!p.isRoot && !(p.userId === userId && !ctx.scope.viaParent)) {
    throw new ApiError('ERR_AUTH_NOT_PERMITTED', 'only root users may manage another user\'s credentials');
  }
}
