/**
 * A stamp addressed to a parent organization that names a credential of one of its
 * sub-organizations answers for that sub-organization (turnkey-wire-logins.md §3.2): exactly one
 * match, or Turnkey's 401s for none and for several. One row per kind of credential; wallet keys
 * add theirs here when they arrive.
 */
import { ApiError, type ErrorCode } from '@tkauth/wire';

export type CredentialKind = 'api-key' | 'passkey' | 'verification-token' | 'oidc';

const REFUSALS: Record<CredentialKind, { none: ErrorCode; several: ErrorCode }> = {
  'api-key': { none: 'ERR_STAMP_KEY_NOT_IN_SUBORGS', several: 'ERR_STAMP_KEY_IN_SEVERAL_SUBORGS' },
  passkey: { none: 'ERR_WEBAUTHN_CREDENTIAL_NOT_FOUND', several: 'ERR_WEBAUTHN_CREDENTIAL_IN_SEVERAL_SUBORGS' },
  'verification-token': { none: 'ERR_TOKEN_CONTACT_NOT_IN_SUBORGS', several: 'ERR_TOKEN_CONTACT_IN_SEVERAL_SUBORGS' },
  oidc: { none: 'ERR_OIDC_IDENTITY_NOT_IN_SUBORGS', several: 'ERR_OIDC_IDENTITY_IN_SEVERAL_SUBORGS' },
};

/** The one sub-organization among `orgIds` (distinct ids), or the credential kind's refusal. */
export function onlySubOrg(kind: CredentialKind, orgIds: readonly string[]): string {
  if (orgIds.length === 1) return orgIds[0]!;
  throw new ApiError(orgIds.length === 0 ? REFUSALS[kind].none : REFUSALS[kind].several);
}
