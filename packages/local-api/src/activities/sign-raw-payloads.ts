/**
 * sign_raw_payloads — turnkey-wire.md §4.10. The rules of sign_raw_payload, for up to 100 payloads;
 * one bad payload fails the whole activity.
 */
import { Type, type Static } from '@sinclair/typebox';
import { defineActivity, requireRoot } from './activity.ts';
import { SignParams } from './sign-raw-payload.ts';
import { signWithAccount } from '../wallets/sign-with-account.ts';

const Params = Type.Object({ ...SignParams, payloads: Type.Array(Type.String({ maxLength: 65536 }), { minItems: 1, maxItems: 100 }) });

export default defineActivity<Static<typeof Params>>({
  name: 'sign_raw_payloads',
  versions: [{ type: 'ACTIVITY_TYPE_SIGN_RAW_PAYLOADS', intentKey: 'signRawPayloadsIntent', resultKey: 'signRawPayloadsResult', params: Params }],
  access: 'own-org',
  async run(ctx, p) {
    requireRoot(ctx);
    return { signatures: await signWithAccount(ctx, p.signWith, p.payloads, p.encoding, p.hashFunction) };
  },
});
