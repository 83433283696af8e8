/**
 * create_read_only_session — turnkey-wire.md §4.7.
 * Rules: any user, for themselves; the session is a notarizer-signed JWT of type
 * SESSION_TYPE_READ_ONLY (1 hour) that authenticates queries — never activities — in the
 * `X-Session` header; `sessionExpiry` is its expiry in unix seconds.
 */
import { Type } from '@sinclair/typebox';
import { defineActivity } from './activity.ts';
import { signSessionJwt } from '../enclave/sign.ts';

export const READ_ONLY_SECONDS = 3600;

export default defineActivity<Record<string, never>>({
  name: 'create_read_only_session',
  versions: [{ type: 'ACTIVITY_TYPE_CREATE_READ_ONLY_SESSION', intentKey: 'createReadOnlySessionIntent', resultKey: 'createReadOnlySessionResult', params: Type.Object({}) }],
  access: 'own-org',
  // sdk-browser's passkey READ_ONLY login sends it to the parent before it knows the sub-organization.
  resolvesSubOrganization: true,
  async run(ctx) {
    const p = ctx.scope.principal;
    const exp = Math.floor(ctx.now / 1000) + READ_ONLY_SECONDS;
    const session = signSessionJwt(
      { exp, public_key: p.publicKey, session_type: 'SESSION_TYPE_READ_ONLY', user_id: p.userId, organization_id: ctx.scope.organizationId },
      ctx.services.enclave.notarizer,
    );
    return { organizationId: ctx.scope.organizationId, organizationName: p.organizationName, userId: p.userId, username: p.userName, session, sessionExpiry: String(exp) };
  },
});
