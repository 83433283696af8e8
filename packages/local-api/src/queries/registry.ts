/**
 * Every query the local API answers, in one visible table. Each route runs: stamp signature over
 * raw bytes → JSON parse → request schema → principal and organization scope (`access`) → read.
 */
import type { QueryDefinition } from './query.ts';
import whoami from './whoami.ts';
import getOrganization from './get-organization.ts';
import getUser from './get-user.ts';
import listUsers from './list-users.ts';
import listWallets from './list-wallets.ts';
import getWallet from './get-wallet.ts';
import listWalletAccounts from './list-wallet-accounts.ts';
import { listSuborgs, listVerifiedSuborgs } from './list-suborgs.ts';
import getApiKeys from './get-api-keys.ts';
import getActivity from './get-activity.ts';
import listActivities from './list-activities.ts';
import getAuthenticators from './get-authenticators.ts';

//                                        access
export const queries: readonly QueryDefinition[] = [
  whoami, //                              own-or-parent; also X-Stamp-Attested; resolves a sub-org's credential via the parent
  getOrganization, //                     own-or-parent
  getUser, //                             own-or-parent
  listUsers, //                           own-or-parent
  listWallets, //                         own-or-parent
  getWallet, //                           own-or-parent
  listWalletAccounts, //                  own-or-parent
  listSuborgs, //                         own-org (the parent lists its children)
  listVerifiedSuborgs, //                 own-org
  getApiKeys, //                          own-or-parent
  getActivity, //                         own-or-parent
  listActivities, //                      own-or-parent
  getAuthenticators, //                   own-or-parent
];
