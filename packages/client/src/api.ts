/**
 * The calls the context makes to the key-management API, through @turnkey/http's TurnkeyClient
 * stamped by the session key. Every failure comes out as an ApiRequestError with the API's own
 * stable code when it sent one.
 */
import { TurnkeyClient, TurnkeyRequestError, VERSION, type TSignedRequest } from '@turnkey/http';
import type { User, Wallet, WalletAccount } from '@tkauth/wire';
import { ApiRequestError, ApiUnreachableError, TurnkeyClientError } from './errors.ts';

export type ApiClient = TurnkeyClient;

export interface WalletWithAccounts extends Wallet {
  accounts: WalletAccount[];
}

export async function call<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    // The stamper's own errors (a passkey prompt cancelled, a key not found) stay what they are.
    if (e instanceof TurnkeyClientError) throw e;
    const err = e as { code?: unknown; details?: unknown; message?: string; name?: string };
    // No answer at all: browsers' fetch and undici throw a TypeError, node-fetch (under
    // @turnkey/http in Node) a FetchError. An answer the API refused is a TurnkeyRequestError.
    if (e instanceof TypeError || err.name === 'FetchError') throw new ApiUnreachableError(what, { cause: e });
    const details = Array.isArray(err.details) ? (err.details as { errorCode?: unknown }[]) : [];
    const errorCode = details.map((d) => d?.errorCode).find((c): c is string => typeof c === 'string');
    const grpcCode = typeof err.code === 'number' ? err.code : undefined;
    throw new ApiRequestError(`${what} failed: ${err.message ?? String(e)}`, grpcCode, errorCode, { cause: e });
  }
}

const ts = () => String(Date.now());

/** Activities are synchronous on the local API and for single-approver orgs on Turnkey; anything else is an error here. */
// The result shapes are @turnkey/http's generated types, narrowed by each caller's pick.
function completed<A extends { status: string; result: object }, R>(what: string, res: { activity: A }, pick: (r: A['result']) => R): R {
  if (res.activity.status !== 'ACTIVITY_STATUS_COMPLETED') throw new ApiRequestError(`${what} did not complete (${res.activity.status})`);
  return pick(res.activity.result);
}

export async function fetchUser(client: ApiClient, organizationId: string, userId: string): Promise<User> {
  return call('get_user', async () => (await client.getUser({ organizationId, userId })).user as unknown as User);
}

/** Every wallet with all of its accounts, following the API's pages to the end. */
export async function fetchWallets(client: ApiClient, organizationId: string): Promise<WalletWithAccounts[]> {
  const { wallets } = await call('list_wallets', () => client.getWallets({ organizationId }));
  return Promise.all(
    (wallets as unknown as Wallet[]).map(async (w) => {
      const accounts: WalletAccount[] = [];
      for (let after: string | undefined; ; ) {
        const page = await call('list_wallet_accounts', () =>
          client.getWalletAccounts({ organizationId, walletId: w.walletId, paginationOptions: { limit: '100', ...(after ? { after } : {}) } }),
        );
        const got = page.accounts as unknown as WalletAccount[];
        accounts.push(...got);
        if (got.length < 100) break;
        after = got[got.length - 1]!.walletAccountId;
      }
      return { ...w, accounts };
    }),
  );
}

/** stamp_login signed by the current session key: a new session for `publicKey` (turnkey-wire.md §4.6). */
export async function stampLogin(client: ApiClient, organizationId: string, publicKey: string, expirationSeconds: number): Promise<string> {
  const res = await call('stamp_login', () =>
    client.stampLogin({
      type: 'ACTIVITY_TYPE_STAMP_LOGIN',
      timestampMs: ts(),
      organizationId,
      parameters: { publicKey, expirationSeconds: String(expirationSeconds), invalidateExisting: false },
    }),
  );
  return completed('stamp_login', res, (r) => r.stampLoginResult!.session);
}

/**
 * A stamp_login body for `publicKey`, stamped by `client`'s stamper but not sent
 * (@turnkey/core's buildWalletLoginRequest): a wallet signs once, the sign-up runs, then it is sent.
 */
export function signStampLogin(client: ApiClient, organizationId: string, publicKey: string, expirationSeconds: number): Promise<TSignedRequest> {
  return client.stampStampLogin({
    type: 'ACTIVITY_TYPE_STAMP_LOGIN',
    timestampMs: ts(),
    organizationId,
    parameters: { publicKey, expirationSeconds: String(expirationSeconds), invalidateExisting: false },
  });
}

/** Sends a stamp_login signed earlier (signStampLogin), as TurnkeyClient would have: its session JWT. */
export async function sendStampLogin(fetchFn: typeof fetch, signed: TSignedRequest): Promise<string> {
  const res = await call('stamp_login', async () => {
    const answer = await fetchFn(signed.url, { method: 'POST', headers: { [signed.stamp.stampHeaderName]: signed.stamp.stampHeaderValue, 'X-Client-Version': VERSION }, body: signed.body });
    const json = (await answer.json().catch(() => ({ code: undefined, message: `the API answered ${answer.status} with no JSON` }))) as { activity: { status: string; result: { stampLoginResult?: { session: string } } } };
    if (!answer.ok) throw new TurnkeyRequestError(json as never);
    return json;
  });
  return completed('stamp_login', res, (r) => {
    const session = r.stampLoginResult?.session;
    if (typeof session !== 'string') throw new ApiRequestError('stamp_login completed without a session');
    return session;
  });
}

/** Deletes the user's API key whose public key is `publicKey`, if there is one. */
export async function revokeKey(client: ApiClient, organizationId: string, userId: string, publicKey: string): Promise<boolean> {
  const { apiKeys } = await call('get_api_keys', () => client.getApiKeys({ organizationId, userId }));
  const ids = apiKeys.filter((k) => k.credential.publicKey.toLowerCase() === publicKey).map((k) => k.apiKeyId);
  if (ids.length === 0) return false;
  await call('delete_api_keys', () => client.deleteApiKeys({ type: 'ACTIVITY_TYPE_DELETE_API_KEYS', timestampMs: ts(), organizationId, parameters: { userId, apiKeyIds: ids } }));
  return true;
}

export interface SignRawPayloadInput {
  signWith: string;
  payload: string;
  encoding: 'PAYLOAD_ENCODING_HEXADECIMAL' | 'PAYLOAD_ENCODING_TEXT_UTF8';
  hashFunction: 'HASH_FUNCTION_NO_OP' | 'HASH_FUNCTION_SHA256' | 'HASH_FUNCTION_KECCAK256' | 'HASH_FUNCTION_NOT_APPLICABLE';
}

export interface RawSignature {
  r: string;
  s: string;
  v: string;
}

export async function signRawPayload(client: ApiClient, organizationId: string, p: SignRawPayloadInput): Promise<RawSignature> {
  const res = await call('sign_raw_payload', () => client.signRawPayload({ type: 'ACTIVITY_TYPE_SIGN_RAW_PAYLOAD_V2', timestampMs: ts(), organizationId, parameters: p }));
  return completed('sign_raw_payload', res, (r) => r.signRawPayloadResult as RawSignature);
}

export interface NewWalletAccount {
  curve: 'CURVE_SECP256K1' | 'CURVE_ED25519';
  pathFormat: 'PATH_FORMAT_BIP32';
  path: string;
  addressFormat: string;
}

export const DEFAULT_ACCOUNTS: NewWalletAccount[] = [
  { curve: 'CURVE_SECP256K1', pathFormat: 'PATH_FORMAT_BIP32', path: "m/44'/60'/0'/0/0", addressFormat: 'ADDRESS_FORMAT_ETHEREUM' },
  { curve: 'CURVE_ED25519', pathFormat: 'PATH_FORMAT_BIP32', path: "m/44'/501'/0'/0'", addressFormat: 'ADDRESS_FORMAT_SOLANA' },
];

export async function createWallet(client: ApiClient, organizationId: string, walletName: string, accounts: NewWalletAccount[]): Promise<{ walletId: string; addresses: string[] }> {
  const res = await call('create_wallet', () =>
    client.createWallet({ type: 'ACTIVITY_TYPE_CREATE_WALLET', timestampMs: ts(), organizationId, parameters: { walletName, accounts: accounts as never } }),
  );
  return completed('create_wallet', res, (r) => r.createWalletResult as { walletId: string; addresses: string[] });
}
