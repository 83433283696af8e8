/** Runs one query request: schema, scope, read. */
import { ApiError } from '@tkauth/wire';
import type { QueryDefinition } from './query.ts';
import { compileValidator } from '../http/validate.ts';
import type { Services } from '../services.ts';
import { resolveScope } from '../auth/principal.ts';
import type { VerifiedStamp } from '../auth/verify-stamp.ts';
import { resolveReadOnlyScope } from '../auth/read-only-session.ts';

export type QueryHandler = (s: Services, body: unknown, stamp: VerifiedStamp) => Promise<object>;

export function compileQuery(def: QueryDefinition): QueryHandler {
  const validate = compileValidator(def.request);
  return async (s, raw, stamp) => {
    if (stamp.kind === 'attested') throw new ApiError('ERR_STAMP_ATTESTED_NOT_ACCEPTED');
    const body = validate(raw, '') as { organizationId: string };
    const scope =
      stamp.kind === 'api-key'
        ? await resolveScope(s.db, s.credentials, stamp.publicKey, body.organizationId, s.rt.now())
        : await resolveReadOnlyScope(s, stamp.jwt, body.organizationId, s.rt.now());
    if (scope.viaParent && def.access !== 'own-or-parent') throw new ApiError('ERR_AUTH_ORGANIZATION_MISMATCH');
    return def.run({ db: s.db, scope, services: s }, body as never);
  };
}
