/** Creates a wallet (new mnemonic) or adds accounts to one; secrets are sealed before they are stored. */
import type { Kysely } from 'kysely';
import { ApiError } from '@tkauth/wire';
import type { Database } from '../store/schema.ts';
import type { Runtime } from '../config.ts';
import type { Sealer } from '../crypto/sealer.ts';
import { nextSeq } from '../store/seq.ts';
import { type AccountParams, checkAccountParams, deriveAccount, InvalidPathError, UnsupportedAccountError } from './derive-account.ts';
import { MNEMONIC_LENGTHS, mnemonicToSeed, newMnemonic } from './mnemonic.ts';

interface Deps {
  trx: Kysely<Database>;
  rt: Runtime;
  sealer: Sealer;
  now: number;
}

function checkAll(accounts: AccountParams[], where: string): void {
  const seen = new Set<string>();
  accounts.forEach((a, i) => {
    try {
      checkAccountParams(a);
    } catch (e) {
      if (e instanceof UnsupportedAccountError) throw new ApiError('ERR_WALLET_UNSUPPORTED', `${where}/accounts/${i}: ${e.message}`);
      if (e instanceof InvalidPathError) throw new ApiError('ERR_WALLET_INVALID_PATH', `${where}/accounts/${i}: ${e.message}`);
      throw e;
    }
    const k = `${a.path}|${a.addressFormat}`;
    if (seen.has(k)) throw new ApiError('ERR_WALLET_ACCOUNT_DUPLICATE', `${where}/accounts/${i}: ${a.path} ${a.addressFormat}`);
    seen.add(k);
  });
}

async function insertAccounts(d: Deps, orgId: string, walletId: string, seed: Uint8Array, accounts: AccountParams[]): Promise<string[]> {
  const addresses: string[] = [];
  for (const a of accounts) {
    const derived = deriveAccount(seed, a);
    const id = d.rt.uuid();
    await d.trx
      .insertInto('wallet_accounts')
      .values({
        id,
        seq: await nextSeq(d.trx, 'wallet_accounts'),
        organization_id: orgId,
        wallet_id: walletId,
        curve: a.curve,
        path_format: a.pathFormat,
        path: a.path,
        address_format: a.addressFormat,
        address: derived.address,
        public_key: derived.publicKey,
        sealed_private_key: d.sealer.seal(derived.privateKey, id),
        created_at: d.now,
        updated_at: d.now,
      })
      .execute();
    addresses.push(derived.address);
  }
  return addresses;
}

export async function createWallet(
  d: Deps,
  orgId: string,
  p: { walletName: string; accounts: AccountParams[]; mnemonicLength?: number },
  where: string,
): Promise<{ walletId: string; addresses: string[] }> {
  const words = p.mnemonicLength ?? 12;
  if (!(MNEMONIC_LENGTHS as readonly number[]).includes(words)) {
    throw new ApiError('ERR_REQUEST_INVALID', `${where}/mnemonicLength: must be 12, 15, 18, 21 or 24`);
  }
  checkAll(p.accounts, where);
  const mnemonic = newMnemonic(words);
  const walletId = d.rt.uuid();
  await d.trx
    .insertInto('wallets')
    .values({
      id: walletId,
      organization_id: orgId,
      name: p.walletName,
      sealed_mnemonic: d.sealer.seal(new TextEncoder().encode(mnemonic), walletId),
      exported: 0,
      imported: 0,
      created_at: d.now,
      updated_at: d.now,
    })
    .execute();
  const addresses = await insertAccounts(d, orgId, walletId, mnemonicToSeed(mnemonic), p.accounts);
  return { walletId, addresses };
}

export async function addWalletAccounts(
  d: Deps,
  orgId: string,
  walletId: string,
  accounts: AccountParams[],
  where: string,
  persist = true,
): Promise<string[]> {
  const wallet = await d.trx
    .selectFrom('wallets')
    .select(['id', 'sealed_mnemonic'])
    .where('id', '=', walletId)
    .where('organization_id', '=', orgId)
    .executeTakeFirst();
  if (!wallet) throw new ApiError('ERR_WALLET_NOT_FOUND', walletId);
  checkAll(accounts, where);
  const existing = await d.trx.selectFrom('wallet_accounts').select(['path', 'address_format']).where('wallet_id', '=', walletId).execute();
  const taken = new Set(existing.map((e) => `${e.path}|${e.address_format}`));
  accounts.forEach((a, i) => {
    if (taken.has(`${a.path}|${a.addressFormat}`)) throw new ApiError('ERR_WALLET_ACCOUNT_DUPLICATE', `${where}/accounts/${i}: ${a.path} ${a.addressFormat}`);
  });
  const seed = mnemonicToSeed(new TextDecoder().decode(d.sealer.open(wallet.sealed_mnemonic, walletId)));
  if (!persist) return accounts.map((a) => deriveAccount(seed, a).address);
  return insertAccounts(d, orgId, walletId, seed, accounts);
}
