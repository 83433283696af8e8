/**
 * The one client to the key-management API: @turnkey/sdk-server for the current activity
 * versions, @turnkey/http where a v1 type is needed (INIT_OTP_V2 and VERIFY_OTP take the plain
 * code a backend receives; the V3/V2 pair needs the device to encrypt it). Real Turnkey or the
 * local API is only a matter of the URL and keys in the config.
 */
import { TurnkeyApiClient } from '@turnkey/sdk-server';
import { TurnkeyClient } from '@turnkey/http';
import { createApiKeyStamper } from './api-key-stamper.ts';
import type { ServerConfig } from './config.ts';
import { fromUpstream } from './upstream-errors.ts';
import { BackendError, type ClientSignatureBody } from '@tkauth/wire';

export const DEFAULT_WALLET_ACCOUNTS = [
  { curve: 'CURVE_SECP256K1', pathFormat: 'PATH_FORMAT_BIP32', path: "m/44'/60'/0'/0/0", addressFormat: 'ADDRESS_FORMAT_ETHEREUM' },
  { curve: 'CURVE_ED25519', pathFormat: 'PATH_FORMAT_BIP32', path: "m/44'/501'/0'/0'", addressFormat: 'ADDRESS_FORMAT_SOLANA' },
] as const;

export interface NewSubOrg {
  userName: string;
  userEmail?: string;
  userPhoneNumber?: string;
  apiKeys?: { apiKeyName: string; publicKey: string; curveType: 'API_KEY_CURVE_P256' | 'API_KEY_CURVE_SECP256K1' | 'API_KEY_CURVE_ED25519'; expirationSeconds?: string }[];
  authenticators?: { authenticatorName: string; challenge: string; attestation: { credentialId: string; clientDataJson: string; attestationObject: string; transports: string[] } }[];
  oauthProviders?: { providerName: string; oidcToken: string }[];
  verificationToken?: string;
  /** Proves the device behind the verification token asked for exactly this sign-up (§4.4). */
  clientSignature?: ClientSignatureBody;
  /** Defaults to the contact (or user name) and the time. */
  subOrganizationName?: string;
  /** Defaults to an Ethereum and a Solana account. */
  wallet?: { walletName: string; accounts: readonly WalletAccountParams[]; mnemonicLength?: number };
}

/** How get_api_keys names the credential of a key registered on each curve. */
const CREDENTIAL_TYPE_OF_CURVE = {
  API_KEY_CURVE_P256: 'CREDENTIAL_TYPE_API_KEY_P256',
  API_KEY_CURVE_SECP256K1: 'CREDENTIAL_TYPE_API_KEY_SECP256K1',
  API_KEY_CURVE_ED25519: 'CREDENTIAL_TYPE_API_KEY_ED25519',
} as const;
// A public key held by more sub-organizations than this is refused rather than looked through further.
const MAX_KEY_HOLDERS_READ = 200;
const PAGE = 100;

export interface WalletAccountParams {
  curve: string;
  pathFormat: string;
  path: string;
  addressFormat: string;
  name?: string;
}


/**
 * A sign-up is done only when its activity COMPLETED and named the sub-organization: the SDK hands
 * back a FAILED, REJECTED or still-pending activity (consensus, polling ran out) without an error,
 * and answering success then would send the device to log in to an account that does not exist —
 * its temporary key's stamp_login would land on the parent organization (turnkey-wire-logins.md §1.3).
 */
function completedSubOrg(status: string, subOrganizationId: string | undefined): { subOrganizationId: string } {
  // The status is named only when it is one of the enum's words: upstream text stays out of our messages.
  if (status !== 'ACTIVITY_STATUS_COMPLETED') throw new BackendError('UPSTREAM_REJECTED', `the sub-organization was not created (activity ${/^ACTIVITY_STATUS_[A-Z_]{1,40}$/.test(String(status)) ? status : 'not completed'})`);
  if (!subOrganizationId) throw new BackendError('UPSTREAM_REJECTED', 'the sub-organization activity completed without a subOrganizationId');
  return { subOrganizationId };
}

/** Runs an upstream call; every failure comes out as a BackendError. */
async function upstream<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (e) {
    throw fromUpstream(e);
  }
}

export function createTurnkeyClient(c: ServerConfig) {
  const stamper = createApiKeyStamper(c.apiPublicKey, c.apiPrivateKey);
  const sdk = new TurnkeyApiClient({ stamper, apiBaseUrl: c.turnkeyApiUrl, organizationId: c.organizationId });
  const http = new TurnkeyClient({ baseUrl: c.turnkeyApiUrl }, stamper);
  const ts = () => String(Date.now());
  const org = c.organizationId;

  return {
    whoami: () => upstream(() => sdk.getWhoami({})),

    initOtp: (otpType: string, contact: string) =>
      upstream(async () => {
        const res = await http.initOtp({
          type: 'ACTIVITY_TYPE_INIT_OTP_V2' as 'ACTIVITY_TYPE_INIT_OTP_V3',
          timestampMs: ts(),
          organizationId: org,
          parameters: { otpType, contact, appName: c.appName, otpLength: c.otpLength, alphanumeric: c.otpAlphanumeric, expirationSeconds: String(c.otpExpirationSeconds) } as never,
        });
        return { otpId: (res.activity.result as { initOtpResult: { otpId: string } }).initOtpResult.otpId, activityId: res.activity.id };
      }),

    verifyOtp: (otpId: string, otpCode: string, publicKey: string | undefined) =>
      upstream(async () => {
        const res = await http.verifyOtp({
          type: 'ACTIVITY_TYPE_VERIFY_OTP' as 'ACTIVITY_TYPE_VERIFY_OTP_V2',
          timestampMs: ts(),
          organizationId: org,
          parameters: { otpId, otpCode, ...(publicKey ? { publicKey } : {}) } as never,
        });
        return { verificationToken: (res.activity.result as { verifyOtpResult: { verificationToken: string } }).verifyOtpResult.verificationToken, activityId: res.activity.id };
      }),

    /** INIT_OTP_V3: the device encrypts the code to the returned target bundle (VERIFY_OTP_V2). */
    initOtpForDevice: (otpType: string, contact: string, emailCustomization: { templateId?: string } | undefined) =>
      upstream(async () => {
        const res = await sdk.initOtp({
          otpType,
          contact,
          appName: c.appName,
          otpLength: c.otpLength,
          alphanumeric: c.otpAlphanumeric,
          expirationSeconds: String(c.otpExpirationSeconds),
          ...(emailCustomization ? { emailCustomization } : {}),
        });
        return { otpId: res.otpId, otpEncryptionTargetBundle: res.otpEncryptionTargetBundle, activityId: res.activity.id };
      }),

    verifyOtpBundle: (otpId: string, encryptedOtpBundle: string) =>
      upstream(async () => {
        const res = await sdk.verifyOtp({ otpId, encryptedOtpBundle });
        return { verificationToken: res.verificationToken, activityId: res.activity.id };
      }),

    findVerifiedSubOrg: (filterType: 'EMAIL' | 'PHONE_NUMBER', filterValue: string) =>
      upstream(async () => (await sdk.getVerifiedSubOrgIds({ filterType, filterValue })).organizationIds[0]),

    findSubOrg: (filterType: string, filterValue: string) => upstream(async () => (await sdk.getSubOrgIds({ filterType, filterValue })).organizationIds[0]),

    /**
     * The wallet's account: among the sub-organizations holding `publicKey` (the PUBLIC_KEY filter,
     * page by page), the one whose name carries the wallet's tag (wallet-account-tag.ts) and that
     * holds the key on `curveType` — not a look-alike P-256 key, nor the key added to someone
     * else's account. A key held by more accounts than anyone makes by chance is refused, not
     * searched without end.
     */
    findWalletAccount: (publicKey: string, curveType: keyof typeof CREDENTIAL_TYPE_OF_CURVE, isWalletAccount: (subOrganizationName: string) => boolean) =>
      upstream(async () => {
        let after: string | undefined;
        let read = 0;
        for (;;) {
          const { organizationIds } = await sdk.getSubOrgIds({ filterType: 'PUBLIC_KEY', filterValue: publicKey, paginationOptions: { limit: String(PAGE), ...(after ? { after } : {}) } });
          for (const organizationId of organizationIds) {
            if (++read > MAX_KEY_HOLDERS_READ) throw new BackendError('UPSTREAM_REJECTED', `more than ${MAX_KEY_HOLDERS_READ} accounts hold this public key`);
            const { organizationData } = await http.getOrganization({ organizationId });
            if (!isWalletAccount(organizationData.name ?? '')) continue;
            const users = organizationData.users as { apiKeys: { credential: { publicKey: string; type: string } }[] }[];
            const holds = users.some((u) => u.apiKeys.some((k) => k.credential.publicKey.toLowerCase() === publicKey && k.credential.type === CREDENTIAL_TYPE_OF_CURVE[curveType]));
            if (holds) return organizationId;
          }
          if (organizationIds.length < PAGE) return undefined;
          after = organizationIds.at(-1);
        }
      }),

    createSubOrg: (u: NewSubOrg) =>
      upstream(async () => {
        const res = await sdk.createSubOrganization({
          subOrganizationName: u.subOrganizationName ?? `${u.userEmail ?? u.userPhoneNumber ?? u.userName} ${new Date().toISOString()}`,
          rootQuorumThreshold: 1,
          rootUsers: [
            {
              userName: u.userName,
              ...(u.userEmail ? { userEmail: u.userEmail } : {}),
              ...(u.userPhoneNumber ? { userPhoneNumber: u.userPhoneNumber } : {}),
              apiKeys: u.apiKeys ?? [],
              authenticators: (u.authenticators ?? []) as never,
              oauthProviders: u.oauthProviders ?? [],
            },
          ],
          wallet: (u.wallet ?? { walletName: 'Default Wallet', accounts: DEFAULT_WALLET_ACCOUNTS }) as never,
          ...(u.verificationToken ? { verificationToken: u.verificationToken } : {}),
          ...(u.clientSignature ? { clientSignature: u.clientSignature } : {}),
        });
        return { ...completedSubOrg(res.activity.status, res.subOrganizationId), userId: res.rootUserIds?.[0] ?? '', wallet: res.wallet, activityId: res.activity.id };
      }),

    otpLogin: (subOrgId: string, verificationToken: string, publicKey: string, clientSignature: ClientSignatureBody | undefined, expirationSeconds: number, invalidateExisting = false) =>
      upstream(async () => {
        const invalidate = invalidateExisting ? { invalidateExisting: true } : {};
        if (clientSignature) {
          const res = await sdk.otpLogin({ organizationId: subOrgId, verificationToken, publicKey, clientSignature, expirationSeconds: String(expirationSeconds), ...invalidate });
          return { session: res.session, activityId: res.activity.id };
        }
        const res = await http.otpLogin({
          type: 'ACTIVITY_TYPE_OTP_LOGIN' as 'ACTIVITY_TYPE_OTP_LOGIN_V2',
          timestampMs: ts(),
          organizationId: subOrgId,
          parameters: { verificationToken, publicKey, expirationSeconds: String(expirationSeconds), ...invalidate } as never,
        });
        return { session: (res.activity.result as { otpLoginResult: { session: string } }).otpLoginResult.session, activityId: res.activity.id };
      }),

    oauthLogin: (subOrgId: string, oidcToken: string, publicKey: string, expirationSeconds: number, invalidateExisting = false) =>
      upstream(async () => {
        const res = await sdk.oauthLogin({ organizationId: subOrgId, oidcToken, publicKey, expirationSeconds: String(expirationSeconds), ...(invalidateExisting ? { invalidateExisting: true } : {}) });
        return { session: res.session, activityId: res.activity.id };
      }),
  };
}

export type TurnkeyApi = ReturnType<typeof createTurnkeyClient>;
