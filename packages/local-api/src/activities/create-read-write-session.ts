/**
 * create_read_write_session (V2) — turnkey-wire.md §4.7.
 * Rules: a user opens one for themselves (root users also for another user of the organization);
 * a fresh P-256 key becomes a session API key (default 900 s) and its private half travels only
 * HPKE-encrypted to `targetPublicKey`, as bs58check(compressed encapped key ‖ ciphertext) — the
 * bundle @turnkey/crypto's decryptCredentialBundle opens.
 */
import { Type, type Static } from '@sinclair/typebox';
import { createBase58check } from '@scure/base';
import { sha256 } from '@noble/hashes/sha2.js';
import { p256 } from '@noble/curves/nist.js';
import { hpkeEncrypt } from '@turnkey/crypto';
import { ApiError, hexToBytes, isHex } from '@tkauth/wire';
import { defineActivity, requireRootOrSelf } from './activity.ts';
import { insertSessionKey } from '../sessions/create-session.ts';
import { findUser } from '../store/find.ts';
import { generateP256KeyPair } from '../crypto/p256.ts';

const bs58check = createBase58check(sha256);

const Params = Type.Object({
  targetPublicKey: Type.String({ maxLength: 130 }),
  userId: Type.Optional(Type.String({ maxLength: 64 })),
  apiKeyName: Type.Optional(Type.String({ maxLength: 256 })),
  expirationSeconds: Type.Optional(Type.String({ pattern: '^[0-9]{1,9}$' })),
  invalidateExisting: Type.Optional(Type.Boolean()),
});

function targetKey(hex: string): Uint8Array {
  if (!isHex(hex)) throw new ApiError('ERR_REQUEST_INVALID', 'parameters/targetPublicKey: not hex');
  try {
    // Uncompressed is what the clients send; a compressed key is accepted and expanded.
    return p256.Point.fromBytes(hexToBytes(hex)).toBytes(false);
  } catch {
    throw new ApiError('ERR_REQUEST_INVALID', 'parameters/targetPublicKey: not a P-256 public key');
  }
}

export default defineActivity<Static<typeof Params>>({
  name: 'create_read_write_session',
  versions: [{ type: 'ACTIVITY_TYPE_CREATE_READ_WRITE_SESSION_V2', intentKey: 'createReadWriteSessionIntentV2', resultKey: 'createReadWriteSessionResultV2', params: Params }],
  access: 'own-org',
  async run(ctx, p) {
    const userId = p.userId ?? ctx.scope.principal.userId;
    requireRootOrSelf(ctx, userId);
    const user = await findUser(ctx.trx, ctx.scope.organizationId, userId);
    const target = targetKey(p.targetPublicKey);
    const key = generateP256KeyPair();
    const { apiKeyId } = await insertSessionKey(ctx.trx, ctx.rt, ctx.now, {
      organizationId: ctx.scope.organizationId,
      userId,
      publicKey: key.publicKey,
      expirationSeconds: p.expirationSeconds,
      invalidateExisting: p.invalidateExisting,
      name: p.apiKeyName ?? 'Read Write Session',
    });
    const encrypted = hpkeEncrypt({ plainTextBuf: hexToBytes(key.privateKey), targetKeyBuf: target });
    const org = await ctx.trx.selectFrom('organizations').select('name').where('id', '=', ctx.scope.organizationId).executeTakeFirstOrThrow();
    return {
      organizationId: ctx.scope.organizationId,
      organizationName: org.name,
      userId,
      username: user.user_name,
      apiKeyId,
      credentialBundle: bs58check.encode(encrypted),
    };
  },
});
