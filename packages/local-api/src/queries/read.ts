/** Runs one query request: schema, scope, read. */
import { ApiError } from '@tkauth/wire';
import type { QueryDefinition } from './query.ts';
import { compileValidator } from '../http/validate.ts';
import type { Services } from '../services.ts';
import type { VerifiedStamp } from '../auth/verify-stamp.ts';
import { admitStamp, type StampRules, whoIsThis } from '../auth/who-is-this.ts';

export type QueryHandler = (s: Services, body: unknown, stamp: VerifiedStamp) => Promise<object>;

export function compileQuery(def: QueryDefinition): QueryHandler {
  const validate = compileValidator(def.request);
  const rules: StampRules = { acceptsAttested: def.acceptsAttested === true, acceptsReadOnlySession: true, resolvesSubOrganization: def.resolvesSubOrganization === true };
  return async (s, raw, stamp) => {
    admitStamp(stamp, rules);
    const body = validate(raw, '') as { organizationId: string };
    const scope = await whoIsThis(s, stamp, body.organizationId, s.rt.now(), rules);
    if (scope.viaParent && def.access !== 'own-or-parent') throw new ApiError('ERR_AUTH_ORGANIZATION_MISMATCH');
    return def.run({ db: s.db, scope, services: s }, body as never);
  };
}
