/** What writing users needs from an activity: its transaction, clock, ids and the id_token check, and the relying party passkeys are registered for. */
import type { ActivityContext } from './activity.ts';
import type { UserDeps } from '../store/insert-user.ts';

export const userDeps = (ctx: ActivityContext): UserDeps => ({
  trx: ctx.trx,
  rt: ctx.rt,
  now: ctx.now,
  checkOidcToken: (token) => ctx.services.idTokens.verify(token),
  webauthn: ctx.services.webauthn,
});
