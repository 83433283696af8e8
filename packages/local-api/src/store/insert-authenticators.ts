/**
 * Registers and retires passkeys inside the caller's transaction. Registration: each attestation
 * verified (webauthn/verify-registration.ts) before anything is written, at most 10 per user
 * (Turnkey's limit), and a credential id held by one user only, across the whole API — while it is
 * registered and after it was removed (retired_credentials). A credential's id and public key are
 * public and a "none" attestation is unsigned, so a second registration by anyone else could only
 * be a forgery around someone's passkey, waiting to catch its owner's parent-addressed login.
 */
import type { Kysely } from 'kysely';
import { ApiError } from '@tkauth/wire';
import type { Database } from './schema.ts';
import { lockNamed } from './lock.ts';
import type { UserDeps } from './insert-user.ts';
import { type NewAuthenticator, type VerifiedRegistration, verifyRegistration } from '../webauthn/verify-registration.ts';

export const MAX_AUTHENTICATORS_PER_USER = 10;

export async function insertAuthenticators(d: UserDeps, orgId: string, userId: string, authenticators: readonly NewAuthenticator[], where: string): Promise<string[]> {
  if (authenticators.length === 0) return [];
  const verified: VerifiedRegistration[] = [];
  for (const [i, a] of authenticators.entries()) verified.push(await verifyRegistration(d.webauthn, a, `${where}/${i}`));
  const ids = verified.map((v) => v.credentialId);
  if (new Set(ids).size !== ids.length) throw new ApiError('ERR_AUTHENTICATOR_DUPLICATE', `${where}: the same credential twice`);
  // The organization's lock does not cover another organization registering the same credential.
  await lockNamed(d.trx, ...ids.map((id) => `credential:${id}`));
  const have = await d.trx.selectFrom('authenticators').select(({ fn }) => fn.countAll<number>().as('n')).where('user_id', '=', userId).executeTakeFirstOrThrow();
  if (Number(have.n) + verified.length > MAX_AUTHENTICATORS_PER_USER) throw new ApiError('ERR_AUTHENTICATOR_LIMIT', `at most ${MAX_AUTHENTICATORS_PER_USER} per user`);
  const taken = await d.trx.selectFrom('authenticators').select('credential_id').where('credential_id', 'in', ids).executeTakeFirst();
  if (taken) throw new ApiError('ERR_AUTHENTICATOR_DUPLICATE', taken.credential_id);
  const retired = await d.trx.selectFrom('retired_credentials').select('credential_id').where('credential_id', 'in', ids).where('user_id', '!=', userId).executeTakeFirst();
  if (retired) throw new ApiError('ERR_AUTHENTICATOR_DUPLICATE', `${retired.credential_id} (a removed passkey of another user)`);
  const out: string[] = [];
  for (const [i, v] of verified.entries()) {
    const a = authenticators[i]!;
    const id = d.rt.uuid();
    out.push(id);
    await d.trx
      .insertInto('authenticators')
      .values({
        id,
        organization_id: orgId,
        user_id: userId,
        name: a.authenticatorName,
        credential_id: v.credentialId,
        transports: JSON.stringify(v.transports),
        attestation: JSON.stringify(a.attestation),
        challenge: a.challenge,
        aaguid: v.aaguid,
        cose_public_key: v.cosePublicKey,
        public_key: v.p256PublicKey,
        sign_count: v.signCount,
        attestation_fmt: v.fmt,
        created_at: d.now,
        updated_at: d.now,
      })
      .execute();
  }
  return out;
}

/** Removes passkeys and remembers whose they were: see the header. */
export async function retireAuthenticators(trx: Kysely<Database>, rows: { ids?: readonly string[]; organizationId?: string }, now: number): Promise<void> {
  let q = trx.selectFrom('authenticators').select(['id', 'credential_id', 'user_id']);
  if (rows.ids) q = q.where('id', 'in', rows.ids);
  if (rows.organizationId) q = q.where('organization_id', '=', rows.organizationId);
  const found = await q.execute();
  if (found.length === 0) return;
  await trx
    .insertInto('retired_credentials')
    .values(found.map((a) => ({ credential_id: a.credential_id, user_id: a.user_id, retired_at: now })))
    .onConflict((oc) => oc.column('credential_id').doUpdateSet({ user_id: (eb) => eb.ref('excluded.user_id'), retired_at: now }))
    .execute();
  await trx.deleteFrom('authenticators').where('id', 'in', found.map((a) => a.id)).execute();
}
