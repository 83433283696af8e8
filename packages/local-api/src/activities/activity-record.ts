/** An activity as stored, and as the wire shows it (turnkey-wire.md §3.2). */
import { type Activity, type ActivityStatus, toWireTimestamp } from '@tkauth/wire';
import type { ActivitiesTable } from '../store/schema.ts';

/**
 * The wire form of a stored activity. `parsed` passes intent and result already as objects (the
 * activity that just ran has them), so they are not parsed back from the JSON just written.
 */
export function toWireActivity(r: ActivitiesTable, parsed?: { intent: Record<string, unknown>; result: Record<string, unknown> }): Activity {
  return {
    id: r.id,
    organizationId: r.organization_id,
    status: r.status as ActivityStatus,
    type: r.type,
    intent: parsed?.intent ?? (JSON.parse(r.intent) as Record<string, unknown>),
    result: parsed?.result ?? (JSON.parse(r.result) as Record<string, unknown>),
    votes: [],
    fingerprint: r.fingerprint,
    canApprove: false,
    canReject: false,
    createdAt: toWireTimestamp(Number(r.created_at)),
    updatedAt: toWireTimestamp(Number(r.updated_at)),
  };
}
