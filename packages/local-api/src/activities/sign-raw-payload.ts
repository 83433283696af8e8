/**
 * sign_raw_payload (V2) — turnkey-wire.md §4.10.
 * Rules: root users of the organization that holds the key — never a parent organization's
 * credential (access `own-org`); secp256k1 with KECCAK256 / SHA256 / NO_OP (a 32-byte digest),
 * ed25519 with NOT_APPLICABLE; the private key is opened only for the signature.
 */
import { Type, type Static } from '@sinclair/typebox';
import { defineActivity, requireRoot } from './activity.ts';
import { signWithAccount } from '../wallets/sign-with-account.ts';

export const SignParams = {
  signWith: Type.String({ maxLength: 256 }),
  encoding: Type.String({ maxLength: 64 }),
  hashFunction: Type.String({ maxLength: 64 }),
};
const Params = Type.Object({ ...SignParams, payload: Type.String({ maxLength: 65536 }) });

export default defineActivity<Static<typeof Params>>({
  name: 'sign_raw_payload',
  versions: [{ type: 'ACTIVITY_TYPE_SIGN_RAW_PAYLOAD_V2', intentKey: 'signRawPayloadIntentV2', resultKey: 'signRawPayloadResult', params: Params }],
  access: 'own-org',
  async run(ctx, p) {
    requireRoot(ctx);
    const [signature] = await signWithAccount(ctx, p.signWith, [p.payload], p.encoding, p.hashFunction);
    return { ...signature };
  },
});
