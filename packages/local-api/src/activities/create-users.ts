/**
 * create_users (V3, V4).
 * Rules: root users only; new users are not root users; contacts and credentials are validated
 * for every user before any is written.
 */
import { Type } from '@sinclair/typebox';
import { defineActivity, requireRoot } from './activity.ts';
import { UserParamsV3, UserParamsV4 } from './schemas.ts';
import { insertUser, type NewUser } from '../store/insert-user.ts';
import { userDeps } from './user-deps.ts';

const V3 = Type.Object({ users: Type.Array(UserParamsV3, { minItems: 1, maxItems: 100 }) });
const V4 = Type.Object({ users: Type.Array(UserParamsV4, { minItems: 1, maxItems: 100 }) });

export default defineActivity<{ users: NewUser[] }>({
  name: 'create_users',
  versions: [
    { type: 'ACTIVITY_TYPE_CREATE_USERS_V3', intentKey: 'createUsersIntentV3', resultKey: 'createUsersResult', params: V3 },
    { type: 'ACTIVITY_TYPE_CREATE_USERS_V4', intentKey: 'createUsersIntentV4', resultKey: 'createUsersResult', params: V4 },
  ],
  access: 'own-org',
  async run(ctx, p) {
    requireRoot(ctx);
    const userIds: string[] = [];
    for (const [i, u] of p.users.entries()) {
      userIds.push(await insertUser(userDeps(ctx), ctx.scope.organizationId, u, false, `parameters/users/${i}`));
    }
    return { userIds };
  },
});
