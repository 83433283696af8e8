/**
 * create_sub_organization (V7, V8) — turnkey-wire.md §4.1.
 * Rules:
 * - only a root user of a top-level (parent) organization; sub-organizations do not nest;
 * - 1 ≤ rootQuorumThreshold ≤ number of root users;
 * - every root user, credential and wallet account is validated before anything is written;
 * - a `verificationToken` (ours, unexpired) marks the root user's matching email or phone as
 *   verified — the only way a contact becomes verified besides an OTP login; a token naming no
 *   root user's contact is refused. A `clientSignature` must be by the token's key, over a
 *   USAGE_TYPE_SIGNUP message for that token naming these contacts and credentials; it is
 *   required when the token is bound to a device key and the root users carry credentials (API
 *   keys, authenticators, OAuth providers), so a leaked token cannot register its contact under
 *   someone else's key. (Turnkey requires it for every bound token; a sign-up with no credential
 *   gives nobody a way in but a new OTP login, and is how a backend creates the account it then
 *   logs the device into.)
 */
import { Type } from '@sinclair/typebox';
import { ApiError, signupUsageMismatch } from '@tkauth/wire';
import { type ActivityDefinition, defineActivity, requireRoot } from './activity.ts';
import { RootUserParamsV4, RootUserParamsV5, WalletParams } from './schemas.ts';
import { insertUser, type NewUser } from '../store/insert-user.ts';
import { userDeps } from './user-deps.ts';
import { createWallet } from '../wallets/create-wallet.ts';
import { nextSeq } from '../store/seq.ts';
import { checkVerificationToken } from '../otp/verification-token.ts';
import { checkClientSignature, type ClientSignature } from '../otp/client-signature.ts';

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
  verificationToken?: string;
  clientSignature?: ClientSignature;
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
      rootUserIds.push(await insertUser(userDeps(ctx), subOrganizationId, u, true, `parameters/rootUsers/${i}`));
    }
    if (p.verificationToken) await markVerified(ctx, p, subOrganizationId);
    const result: Record<string, unknown> = { subOrganizationId, rootUserIds };
    if (p.wallet) result.wallet = await createWallet(ctx, subOrganizationId, p.wallet, 'parameters/wallet');
    return result;
  },
});

async function markVerified(ctx: Parameters<ActivityDefinition['run']>[0], p: Params, subOrgId: string): Promise<void> {
  const { claims } = await checkVerificationToken(ctx.trx, p.verificationToken!, ctx.services.enclave.tlsFetcher, ctx.now, false);
  if (claims.organization_id !== ctx.scope.organizationId) throw new ApiError('ERR_TOKEN_INVALID', 'the token was issued for another organization');
  const credentials = {
    apiKeys: p.rootUsers.flatMap((u) => u.apiKeys),
    authenticators: p.rootUsers.flatMap((u) => u.authenticators),
    oauthProviders: p.rootUsers.flatMap((u) => u.oauthProviders),
  };
  const carriesCredentials = credentials.apiKeys.length + credentials.authenticators.length + credentials.oauthProviders.length > 0;
  if (p.clientSignature) {
    const byEmail = claims.verification_type === 'OTP_TYPE_EMAIL';
    const mismatch = signupUsageMismatch(p.clientSignature.message, claims.id, {
      ...credentials,
      // The contact the token proves, as one of the root users carries it.
      ...(byEmail ? { email: p.rootUsers.find((u) => u.userEmail?.toLowerCase() === claims.contact.toLowerCase())?.userEmail } : { phoneNumber: p.rootUsers.find((u) => u.userPhoneNumber === claims.contact)?.userPhoneNumber }),
    });
    if (mismatch) throw new ApiError('ERR_CLIENT_SIGNATURE_INVALID', mismatch);
    checkClientSignature(ctx.services.keys, p.clientSignature, p.clientSignature.message, claims.public_key);
  } else if (claims.public_key && carriesCredentials) {
    throw new ApiError('ERR_CLIENT_SIGNATURE_REQUIRED', 'the root users carry credentials');
  }
  const byEmail = claims.verification_type === 'OTP_TYPE_EMAIL';
  const updated = await ctx.trx
    .updateTable('users')
    .set(byEmail ? { email_verified: 1 } : { phone_verified: 1 })
    .where('organization_id', '=', subOrgId)
    .where('is_root', '=', 1)
    .where(byEmail ? (eb) => eb(eb.fn('lower', ['user_email']), '=', claims.contact.toLowerCase()) : (eb) => eb('user_phone', '=', claims.contact))
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) throw new ApiError('ERR_TOKEN_CONTACT_MISMATCH', 'no root user has the verified contact');
  // Where the app asks for it, the contact is the parent's once: a second sub-organization for it
  // fails on the key, whichever instance writes it (409 ERR_CONTACT_HAS_SUBORG).
  if (ctx.services.config.oneSubOrgPerVerifiedContact) {
    await ctx.trx
      .insertInto('verified_contacts')
      .values({ parent_id: ctx.scope.organizationId, contact_type: claims.verification_type, contact: byEmail ? claims.contact.toLowerCase() : claims.contact, organization_id: subOrgId, created_at: ctx.now })
      .execute();
  }
}
