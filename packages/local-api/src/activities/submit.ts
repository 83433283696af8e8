/** Runs one activity request: envelope, parameters, scope, effect and record, all or nothing. */
import { Type } from '@sinclair/typebox';
import { createHash } from 'node:crypto';
import { type Activity, ApiError, freshness } from '@tkauth/wire';
import type { ActivitiesTable } from '../store/schema.ts';
import { toWireActivity } from './activity-record.ts';
import { type ActivityDefinition, type ActivityVersion, CommittedRefusal } from './activity.ts';
import { compileValidator, type Validator } from '../http/validate.ts';
import type { Services } from '../services.ts';
import type { VerifiedStamp } from '../auth/verify-stamp.ts';
import { nextSeq } from '../store/seq.ts';
import { lockNamed } from '../store/lock.ts';
import { announceChange } from '../store/changes.ts';
import { admitStamp, type StampRules, whoIsThis } from '../auth/who-is-this.ts';

const Envelope = compileValidator(
  Type.Object({
    type: Type.String({ maxLength: 128 }),
    timestampMs: Type.String({ pattern: '^[0-9]{1,15}$' }),
    organizationId: Type.String({ minLength: 1, maxLength: 64 }),
    parameters: Type.Object({}),
    generateAppProofs: Type.Optional(Type.Boolean()),
  }),
);

interface CompiledVersion extends ActivityVersion {
  validate: Validator<ActivityVersion['params']>;
}

const redact = (params: Record<string, unknown>, keys: readonly string[] | undefined) =>
  keys ? Object.fromEntries(Object.entries(params).map(([k, v]) => [k, keys.includes(k) ? '<redacted>' : v])) : params;

export type SubmitHandler = (s: Services, rawBody: Buffer, body: unknown, stamp: VerifiedStamp) => Promise<{ activity: Activity }>;

export function compileActivity(def: ActivityDefinition): SubmitHandler {
  const byType = new Map<string, CompiledVersion>(def.versions.map((v) => [v.type, { ...v, validate: compileValidator(v.params) }]));
  const accepted = def.versions.map((v) => v.type).join(', ');
  const rules: StampRules = { acceptsAttested: def.acceptsAttested === true, acceptsReadOnlySession: false, resolvesSubOrganization: def.resolvesSubOrganization === true };

  return async (s, rawBody, body, stamp) => {
    // Authentication comes before anything else is said about the request.
    admitStamp(stamp, rules);
    const env = Envelope(body, '');
    const version = byType.get(env.type);
    if (!version) throw new ApiError('ERR_ACTIVITY_TYPE_UNKNOWN', `${env.type.slice(0, 128)} is not accepted at ${def.name}; accepted: ${accepted}`);
    const params = version.validate(env.parameters, 'parameters');
    const now = s.rt.now();
    if (def.freshness) {
      const { fresh, ageMs } = freshness(env.timestampMs, now, def.freshness);
      if (!fresh) {
        throw new ApiError('ERR_STAMP_LOGIN_NOT_FRESH', `${def.freshness.pastMs / 1000} s before to ${def.freshness.futureMs / 1000} s after the server's clock; this one is ${Math.round(ageMs / 1000)} s old`);
      }
    }
    const scope = await whoIsThis(s, stamp, env.organizationId, now, rules);
    if (scope.viaParent && def.access !== 'own-or-parent') throw new ApiError('ERR_AUTH_ORGANIZATION_MISMATCH');

    let refusal: ApiError | undefined;
    const response = await s.db.transaction().execute(async (trx) => {
      // One activity at a time per organization (or per what it names), on any engine and across instances (store/lock.ts).
      await lockNamed(trx, ...(def.locks ? def.locks(scope, params as never) : [`org:${scope.organizationId}`]));
      const ctx = { trx, scope, rt: s.rt, sealer: s.sealer, now, services: s };
      let result: Record<string, unknown>;
      try {
        result = { [version.resultKey]: await def.run(ctx, params as never, version) };
      } catch (e) {
        // Kept, then refused: the transaction commits what the activity counted (CommittedRefusal).
        if (!(e instanceof CommittedRefusal)) throw e;
        refusal = e.error;
        return undefined;
      }
      const intent = { [version.intentKey]: redact(env.parameters, def.redactIntent) };
      const record: ActivitiesTable = {
        id: s.rt.uuid(),
        seq: def.persist !== false ? await nextSeq(trx, 'activities') : 0,
        // The organization it ran in: a parent-addressed login resolved to its sub-organization.
        organization_id: scope.organizationId,
        type: env.type,
        status: 'ACTIVITY_STATUS_COMPLETED',
        intent: JSON.stringify(intent),
        result: JSON.stringify(result),
        fingerprint: `sha256:${createHash('sha256').update(rawBody).digest('hex')}`,
        created_at: now,
        updated_at: now,
      };
      if (def.persist !== false) await trx.insertInto('activities').values(record).execute();
      await announceChange(trx);
      return { activity: toWireActivity(record, { intent, result }) };
    });
    if (refusal) throw refusal;
    // Keys, users or organizations may have changed: forget what the hot path remembered.
    s.credentials.clear();
    return response!;
  };
}
