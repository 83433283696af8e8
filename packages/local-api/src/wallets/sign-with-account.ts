/** Opens one account's sealed key, signs each payload, and lets the key go. */
import { ApiError } from '@tkauth/wire';
import type { ActivityContext } from '../activities/activity.ts';
import { findSigningAccount } from '../store/find.ts';
import { decodePayload, InvalidPayloadError, type RawSignature, signRaw } from './sign-raw-payload.ts';

export async function signWithAccount(ctx: ActivityContext, signWith: string, payloads: string[], encoding: string, hashFunction: string): Promise<RawSignature[]> {
  const account = await findSigningAccount(ctx.trx, ctx.scope.organizationId, signWith);
  let messages: Uint8Array[];
  try {
    messages = payloads.map((p) => decodePayload(p, encoding));
  } catch (e) {
    if (e instanceof InvalidPayloadError) throw new ApiError('ERR_SIGN_INVALID_PAYLOAD', e.message);
    throw e;
  }
  const key = ctx.sealer.open(account.sealed_private_key, account.id);
  try {
    return messages.map((m) => signRaw(account.curve, key, m, hashFunction));
  } catch (e) {
    if (e instanceof InvalidPayloadError) throw new ApiError('ERR_SIGN_INVALID_PAYLOAD', e.message);
    throw e;
  } finally {
    key.fill(0);
  }
}
