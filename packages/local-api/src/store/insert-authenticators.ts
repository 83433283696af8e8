/**
 * Registers passkeys for a user inside the caller's transaction: each attestation verified
 * (webauthn/verify-registration.ts) before anything is written, at most 10 per user (Turnkey's
 * limit), and a credential id registered once across the whole API — a second registration of the
 * same credential could only be a replay of someone's public attestation, and would make a
 * parent-addressed login ambiguous.
 */
import { ApiError } from '@tkauth/wire';
import type { UserDeps } from './insert-user.ts';
import { type NewAuthenticator, type VerifiedRegistration, verifyRegistration } from '../webauthn/verify-registration.ts';

export const MAX_AUTHENTICATORS_PER_USER = 10;

export async function insertAuthenticators(d: UserDeps, orgId: string, userId: string, authenticators: readonly NewAuthenticator[], where: string): Promise<string[]> {
  if (authenticators.length === 0) return [];
  const verified: VerifiedRegistration[] = [];
  for (const [i, a] of authenticators.entries()) verified.push(await verifyRegistration(d.webauthn, a, `${where}/${i}`));
  const ids = verified.map((v) => v.credentialId);
  if (new Set(ids).size !== ids.length) throw new ApiError('ERR_AUTHENTICATOR_DUPLICATE', `${where}: the same credential twice`);
  const have = await d.trx.selectFrom('authenticators').select(({ fn }) => fn.countAll<number>().as('n')).where('user_id', '=', userId).executeTakeFirstOrThrow();
  if (Number(have.n) + verified.length > MAX_AUTHENTICATORS_PER_USER) throw new ApiError('ERR_AUTHENTICATOR_LIMIT', `at most ${MAX_AUTHENTICATORS_PER_USER} per user`);
  const taken = await d.trx.selectFrom('authenticators').select('credential_id').where('credential_id', 'in', ids).executeTakeFirst();
  if (taken) throw new ApiError('ERR_AUTHENTICATOR_DUPLICATE', taken.credential_id);
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
