/** Persistence: a restart on the same data dir keeps credentials, organizations, wallets and keys. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { ethereumAddress } from '../src/wallets/addresses.ts';
import { ETH_ACCOUNT, newKey, rootUser, SOL_ACCOUNT, uniqueEmail } from './helpers/fixtures.ts';
import { sdkFor, startTestApi, tempDataDir } from './helpers/local-api.ts';

test('a restart keeps every organization, wallet and credential, and secrets stay sealed at rest', async () => {
  const dataDir = tempDataDir();
  const key = newKey();
  const email = uniqueEmail('restart');

  const first = await startTestApi({ dataDir });
  const sub = await first.sdk.createSubOrganization({
    subOrganizationName: 'persisted',
    rootQuorumThreshold: 1,
    rootUsers: [rootUser(email, [key])],
    wallet: { walletName: 'Wallet 1', accounts: [ETH_ACCOUNT, SOL_ACCOUNT] },
  });
  const creds = first.api.credentials;
  await first.stop();

  const credFile = path.join(dataDir, 'credentials.json');
  assert.equal(fs.statSync(credFile).mode & 0o777, 0o600);
  assert.equal(fs.statSync(path.join(dataDir, 'master.key')).mode & 0o777, 0o600);
  assert.equal(fs.statSync(path.join(dataDir, 'tkauth.sqlite')).mode & 0o777, 0o600);
  const onDisk = JSON.parse(fs.readFileSync(credFile, 'utf8'));
  assert.deepEqual(Object.keys(onDisk).sort(), ['apiBaseUrl', 'apiPrivateKey', 'apiPublicKey', 'organizationId']);

  // Nothing secret in the clear in the store: sealed values only.
  const db = new SQLite(path.join(dataDir, 'tkauth.sqlite'), { readonly: true });
  const wallet = db.prepare('select sealed_mnemonic from wallets').get() as { sealed_mnemonic: string };
  const accounts = db.prepare('select sealed_private_key from wallet_accounts').all() as { sealed_private_key: string }[];
  db.close();
  assert.match(wallet.sealed_mnemonic, /^v1\.[A-Za-z0-9+/=]+$/);
  for (const a of accounts) assert.match(a.sealed_private_key, /^v1\.[A-Za-z0-9+/=]+$/);

  const second = await startTestApi({ dataDir });
  try {
    assert.equal(second.api.credentials.organizationId, creds.organizationId);
    assert.equal(second.api.credentials.apiPublicKey, creds.apiPublicKey);
    const found = await second.sdk.getSubOrgIds({ filterType: 'EMAIL', filterValue: email });
    assert.deepEqual(found.organizationIds, [sub.subOrganizationId]);
    const user = sdkFor(second.api.url, sub.subOrganizationId, key);
    const accountsAfter = await user.getWalletAccounts({ walletId: sub.wallet!.walletId });
    assert.deepEqual(accountsAfter.accounts.map((a) => a.address), sub.wallet!.addresses);
    // The sealed keys still open: signing works after the restart.
    const sig = await user.signRawPayload({ signWith: sub.wallet!.addresses[0]!, payload: 'after restart', encoding: 'PAYLOAD_ENCODING_TEXT_UTF8', hashFunction: 'HASH_FUNCTION_KECCAK256' });
    const pk = secp256k1.Signature.fromHex(sig.r + sig.s, 'compact').addRecoveryBit(Number(sig.v)).recoverPublicKey(keccak_256(new TextEncoder().encode('after restart')));
    assert.equal(ethereumAddress(pk.toBytes(true)), sub.wallet!.addresses[0]);
    // And new accounts derive from the same mnemonic.
    const more = await user.createWalletAccounts({ walletId: sub.wallet!.walletId, accounts: [{ ...ETH_ACCOUNT, path: "m/44'/60'/0'/0/1" }] });
    assert.equal(more.addresses.length, 1);
  } finally {
    await second.stop();
  }
});
