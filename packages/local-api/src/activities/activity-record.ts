/** An activity as stored, and as the wire shows it (turnkey-wire.md §3.2). */
import { type Activity, type ActivityStatus, toWireTimestamp } from '@tkauth/wire';
import type { ActivitiesTable } from '../store/schema.ts';

export function toWireActivity(r: ActivitiesTable): Activity {
  return {
    id: r.id,
    organizationId: r.organization_id,
    status: r.status as ActivityStatus,
    type: r.type,
    intent: JSON.parse(r.intent) as Record<string, unknown>,
    result: JSON.parse(r.result) as Record<string, unknown>,
    votes: [],
    fingerprint: r.fingerprint,
    canApprove: false,
    canReject: false,
    createdAt: toWireTimestamp(Number(r.created_at)),
    updatedAt: toWireTimestamp(Number(r.updated_at)),
  };
}
