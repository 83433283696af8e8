/**
 * Every activity the local API runs, in one visible table. Each route runs the same steps in
 * order: stamp signature over raw bytes → JSON parse → envelope + parameters schema → principal
 * and organization scope (`access`) → the activity's own rules and effect, in one transaction →
 * the activity record (turnkey-wire.md §3).
 */
import type { ActivityDefinition } from './activity.ts';
import createSubOrganization from './create-sub-organization.ts';
import createWallet from './create-wallet.ts';
import createWalletAccounts from './create-wallet-accounts.ts';
import createApiKeys from './create-api-keys.ts';
import deleteApiKeys from './delete-api-keys.ts';
import createUsers from './create-users.ts';
import createAuthenticators from './create-authenticators.ts';
import deleteAuthenticators from './delete-authenticators.ts';
import signRawPayload from './sign-raw-payload.ts';
import signRawPayloads from './sign-raw-payloads.ts';
import deleteSubOrganization from './delete-sub-organization.ts';
import initOtp from './init-otp.ts';
import verifyOtp from './verify-otp.ts';
import otpLogin from './otp-login.ts';
import oauthLogin from './oauth-login.ts';
import createOauthProviders from './create-oauth-providers.ts';
import stampLogin from './stamp-login.ts';
import createReadWriteSession from './create-read-write-session.ts';
import createReadOnlySession from './create-read-only-session.ts';

//                                  access
export const activities: readonly ActivityDefinition[] = [
  createSubOrganization, //         own-org (parent's root users)
  createWallet, //                  own-org
  createWalletAccounts, //          own-org
  createApiKeys, //                 own-org (root, or the user themself)
  deleteApiKeys, //                 own-org (root, or the user themself)
  createUsers, //                   own-org
  createAuthenticators, //          own-org (root, or the user themself)
  deleteAuthenticators, //          own-org (root, or the user themself)
  signRawPayload, //                own-org: a parent never signs with a sub-organization's keys
  signRawPayloads, //               own-org
  deleteSubOrganization, //         own-org (the sub-organization's root users)
  initOtp, //                       own-or-parent
  verifyOtp, //                     own-or-parent
  otpLogin, //                      own-or-parent: the parent logs its sub-organization's users in
  oauthLogin, //                    own-or-parent
  createOauthProviders, //          own-org (root, or the user themself)
  stampLogin, //                    own-org; also X-Stamp-Attested; a parent-addressed sub-org credential resolves its sub-org
  createReadWriteSession, //        own-org (the user themself, or root for another user)
  createReadOnlySession, //         own-org (the user themself); a parent-addressed sub-org credential resolves its sub-org
];
