/**
 * create_sub_organization (V7, V8) — turnkey-wire.md §4.1.
 * Rules:
 * - only a root user of a top-level (parent) organization; sub-organizations do not nest;
 * - 1 ≤ rootQuorumThreshold ≤ number of root users;
 * - every root user, credential and wallet account is validated before anything is written;
 * - verificationToken / clientSignature are checked by the OTP part (issue 3); until then no
 *   contact is marked verified.
 */
import { Type } from '@sinclair/typebox';
import { ApiError } from '@tkauth/wire';
import { defineActivity, requireRoot } from './activity.ts';
import { RootUserParamsV4, RootUserParamsV5, WalletParams } from './schemas.ts';
import { insertUser, type NewUser } from '../store/insert-user.ts';
import { createWallet } from '../wallets/create-wallet.ts';
import { nextSeq } from '../store/seq.ts';

const common = {
  subOrganizationName: Type.String({ minLength: 1, maxLength: 256 }),
  rootQuorumThreshold: Type.Integer(),
  wallet: Type.Optional(WalletParams),
  disableEmailRecovery: Type.Optional(Type.Boolean()),
  disableEmailAuth: Type.Optional(Type.Boolean()),
  disableSmsAuth: Type.Optional(Type.Boolean()),
  disableOtpEmailAuth: Type.Optional(Type.Boolean()),
  verificationToken: Type.Optional(Type.String({ maxLength: 8192 })),
  clientSignature: Type.Optional(Type.Object({ publicKey: Type.String(), scheme: Type.String(), message: Type.String(), signature: Type.String() })),
};
const V7 = Type.Object({ ...common, rootUsers: Type.Array(RootUserParamsV4, { minItems: 1, maxItems: 100 }) });
const V8 = Type.Object({ ...common, rootUsers: Type.Array(RootUserParamsV5, { minItems: 1, maxItems: 100 }) });

interface Params {
  subOrganizationName: string;
  rootQuorumThreshold: number;
  rootUsers: NewUser[];
  wallet?: { walletName: string; accounts: { curve: string; pathFormat: string; path: string; addressFormat: string }[]; mnemonicLength?: number };
}

export default defineActivity<Params>({
  name: 'create_sub_organization',
  versions: [
    { type: 'ACTIVITY_TYPE_CREATE_SUB_ORGANIZATION_V7', intentKey: 'createSubOrganizationIntentV7', resultKey: 'createSubOrganizationResultV7', params: V7 },
    { type: 'ACTIVITY_TYPE_CREATE_SUB_ORGANIZATION_V8', intentKey: 'createSubOrganizationIntentV8', resultKey: 'createSubOrganizationResultV8', params: V8 },
  ],
  access: 'own-org',
  async run(ctx, p) {
    requireRoot(ctx);
    const { trx, rt, now } = ctx;
    const parent = await trx.selectFrom('organizations').select(['parent_id']).where('id', '=', ctx.scope.organizationId).executeTakeFirstOrThrow();
    if (parent.parent_id !== null) throw new ApiError('ERR_REQUEST_INVALID', 'a sub-organization cannot create sub-organizations');
    if (p.rootQuorumThreshold < 1 || p.rootQuorumThreshold > p.rootUsers.length) throw new ApiError('ERR_QUORUM_INVALID');

    const subOrganizationId = rt.uuid();
    await trx
      .insertInto('organizations')
      .values({
        id: subOrganizationId,
        seq: await nextSeq(trx, 'organizations'),
        name: p.subOrganizationName,
        parent_id: ctx.scope.organizationId,
        root_quorum_threshold: p.rootQuorumThreshold,
        created_at: now,
        updated_at: now,
      })
      .execute();
    const rootUserIds: string[] = [];
    for (const [i, u] of p.rootUsers.entries()) {
      rootUserIds.push(await insertUser(trx, subOrganizationId, u, true, rt, now, `parameters/rootUsers/${i}`));
    }
    const result: Record<string, unknown> = { subOrganizationId, rootUserIds };
    if (p.wallet) result.wallet = await createWallet(ctx, subOrganizationId, p.wallet, 'parameters/wallet');
    return result;
  },
});
