/**
 * The judge of the external-wallet wire format: Turnkey's own @turnkey/wallet-stamper, with
 * EthereumWallet- and SolanaWallet-shaped objects backed by local keys (viem's personal_sign and
 * noble's ed25519, what MetaMask and Phantom compute), and @turnkey/http's TurnkeyClient, against
 * a local API started here. The sub-organization is created from node with the parent's key,
 * holding the wallet key as Turnkey's sign-up does (`wallet-auth:<publicKey>`). whoami and
 * stamp_login addressed to the PARENT, and create_wallet on the sub-organization, are accepted.
 * The SDK's ExternalWalletStamper writes the same stamp over the same body (byte for byte where
 * the official DER is minimal), and the official stamper's published vector comes out of ours.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ed25519 } from '@noble/curves/ed25519.js';
import { TurnkeyClient } from '@turnkey/http';
import { generateP256KeyPair } from '@turnkey/crypto';
import { WalletStamper, WalletType, type WalletInterface } from '@turnkey/wallet-stamper';
import { base64urlToBytes, bytesToUtf8, decodeJwtClaims, derToCompact, type SessionClaims } from '@tkauth/wire';
import { rawPost, startTestApi, type TestApi } from '../../local-api/test/helpers/local-api.ts';
import { ExternalWalletStamper } from '../src/index.ts';
import { testEthWallet, testSolWallet, type TestEthWallet, type TestSolWallet } from './helpers/wallets.ts';

let t: TestApi;
let parent: string;
before(async () => {
  t = await startTestApi();
  parent = t.api.credentials.organizationId;
});
after(() => t?.stop());

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const decodeStamp = (value: string) => JSON.parse(bytesToUtf8(base64urlToBytes(value))) as { publicKey: string; scheme: string; signature: string };

/** The official interfaces (types.d.ts), backed by the test wallets' keys. */
const officialEth = (w: TestEthWallet): WalletInterface => ({
  type: WalletType.Ethereum,
  signMessage: (message: string) => w.account.signMessage({ message }),
  getPublicKey: async () => w.publicKey,
});
const officialSol = (w: TestSolWallet): WalletInterface => ({
  type: WalletType.Solana,
  signMessage: async (message: string) => hex(ed25519.sign(new TextEncoder().encode(message), w.secretKey)),
  getPublicKey: async () => w.publicKey,
});

/** Whether a DER (r, s) has an INTEGER with a 00 byte that no high bit needs (X.690 §8.3.2 forbids it). */
function needlessZero(derHex: string): boolean {
  const der = Buffer.from(derHex, 'hex');
  const r = der.subarray(4, 4 + der[3]!);
  const s = der.subarray(6 + r.length);
  return [r, s].some((i) => i.length > 1 && i[0] === 0 && i[1]! < 0x80);
}

let n = 0;
async function subOrgHolding(publicKey: string, curveType: 'API_KEY_CURVE_SECP256K1' | 'API_KEY_CURVE_ED25519') {
  const sub = await t.sdk.createSubOrganization({
    subOrganizationName: `official wallet stamper ${++n}`,
    rootQuorumThreshold: 1,
    rootUsers: [{ userName: `wallet user ${n}`, apiKeys: [{ apiKeyName: `wallet-auth:${publicKey}`, publicKey, curveType }], authenticators: [], oauthProviders: [] }],
  });
  return { organizationId: sub.subOrganizationId, userId: sub.rootUserIds![0]! };
}

for (const chain of ['Ethereum', 'Solana'] as const) {
  describe(`${chain}: the official WalletStamper`, () => {
    const eth = chain === 'Ethereum' ? testEthWallet() : undefined;
    const sol = chain === 'Solana' ? testSolWallet() : undefined;
    const publicKey = (eth ?? sol)!.publicKey;
    const curveType = eth ? 'API_KEY_CURVE_SECP256K1' : 'API_KEY_CURVE_ED25519';
    const credentialType = eth ? 'CREDENTIAL_TYPE_API_KEY_SECP256K1' : 'CREDENTIAL_TYPE_API_KEY_ED25519';
    const official = () => new TurnkeyClient({ baseUrl: t.api.url }, new WalletStamper(eth ? officialEth(eth) : officialSol(sol!)));
    const ours = () => new ExternalWalletStamper(eth ? eth.provider : sol!.signer);
    let sub: { organizationId: string; userId: string };

    before(async () => {
      sub = await subOrgHolding(publicKey, curveType);
      const { apiKeys } = await t.http.getApiKeys({ organizationId: sub.organizationId, userId: sub.userId });
      assert.deepEqual(apiKeys.map((k) => [k.apiKeyName, k.credential.type]), [[`wallet-auth:${publicKey}`, credentialType]]);
    });

    test('whoami and stamp_login addressed to the parent answer for the sub-organization; create_wallet on it completes', async () => {
      const client = official();
      const whoami = await client.getWhoami({ organizationId: parent });
      assert.equal(whoami.organizationId, sub.organizationId);
      assert.equal(whoami.userId, sub.userId);

      const sessionKey = generateP256KeyPair();
      const login = await client.stampLogin({
        type: 'ACTIVITY_TYPE_STAMP_LOGIN',
        timestampMs: String(Date.now()),
        organizationId: parent,
        parameters: { publicKey: sessionKey.publicKey, expirationSeconds: '900' },
      });
      assert.equal(login.activity.status, 'ACTIVITY_STATUS_COMPLETED');
      const claims = decodeJwtClaims(login.activity.result.stampLoginResult!.session) as unknown as SessionClaims;
      assert.equal(claims.organization_id, sub.organizationId);
      assert.equal(claims.user_id, sub.userId);
      assert.equal(claims.public_key, sessionKey.publicKey);

      const created = await client.createWallet({
        type: 'ACTIVITY_TYPE_CREATE_WALLET',
        timestampMs: String(Date.now()),
        organizationId: sub.organizationId,
        parameters: { walletName: `stamped by the ${chain} wallet`, accounts: [{ curve: 'CURVE_SECP256K1', pathFormat: 'PATH_FORMAT_BIP32', path: "m/44'/60'/0'/0/0", addressFormat: 'ADDRESS_FORMAT_ETHEREUM' }] },
      });
      assert.equal(created.activity.status, 'ACTIVITY_STATUS_COMPLETED');
      const { wallets } = await t.http.getWallets({ organizationId: sub.organizationId });
      assert.ok(wallets.some((w) => w.walletId === created.activity.result.createWalletResult!.walletId));
    });

    test('the SDK’s ExternalWalletStamper over the same body: the same stamp, and the API accepts it', async () => {
      const body = JSON.stringify({ organizationId: parent });
      const theirs = decodeStamp((await new WalletStamper(eth ? officialEth(eth) : officialSol(sol!)).stamp(body)).stampHeaderValue);
      const stamped = await ours().stamp(body);
      assert.equal(stamped.stampHeaderName, 'X-Stamp');
      const mine = decodeStamp(stamped.stampHeaderValue);
      assert.deepEqual(Object.keys(mine), ['publicKey', 'scheme', 'signature'], 'the key order of the official header');
      assert.equal(mine.publicKey, theirs.publicKey);
      assert.equal(mine.scheme, theirs.scheme);
      // ed25519 and RFC 6979 ECDSA are deterministic: the same signature. (DER may differ only where
      // the official encoder leaves a leading zero in; compared as r‖s.)
      if (eth) assert.deepEqual(derToCompact(Buffer.from(mine.signature, 'hex')), derToCompact(Buffer.from(theirs.signature, 'hex')));
      else assert.equal(mine.signature, theirs.signature);

      const r = await rawPost(t.api.url, '/public/v1/query/whoami', body, { 'X-Stamp': stamped.stampHeaderValue });
      assert.equal(r.status, 200, JSON.stringify(r.json));
      assert.equal(r.json.organizationId, sub.organizationId);
    });
  });
}

test('Ethereum: where the official DER is non-minimal (a leading zero kept), both its header and the SDK’s minimal one are accepted', async () => {
  const eth = testEthWallet();
  const sub = await subOrgHolding(eth.publicKey, 'API_KEY_CURVE_SECP256K1');
  const stamper = new WalletStamper(officialEth(eth));
  // About 1 signature in 128 has r or s with a zero byte in front of one below 0x80: search for one.
  for (let i = 0; i < 4000; i++) {
    const body = JSON.stringify({ organizationId: parent, n: i });
    const theirs = (await stamper.stamp(body)).stampHeaderValue;
    if (!needlessZero(decodeStamp(theirs).signature)) continue;
    const mine = (await new ExternalWalletStamper(eth.provider).stamp(body)).stampHeaderValue;
    assert.equal(needlessZero(decodeStamp(mine).signature), false, 'the SDK writes minimal DER');
    assert.deepEqual(derToCompact(Buffer.from(decodeStamp(mine).signature, 'hex')), derToCompact(Buffer.from(decodeStamp(theirs).signature, 'hex')), 'of the same (r, s)');
    for (const stamp of [theirs, mine]) {
      const r = await rawPost(t.api.url, '/public/v1/query/whoami', body, { 'X-Stamp': stamp });
      assert.equal(r.status, 200, JSON.stringify(r.json));
      assert.equal(r.json.organizationId, sub.organizationId);
    }
    return;
  }
  assert.fail('no non-minimal DER in 4000 signatures');
});

test('the official stamper’s published vector (Hardhat #0, "MESSAGE") comes out of the SDK’s stamper, and out of theirs', async () => {
  const hardhat0 = testEthWallet('0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80');
  const expected = {
    publicKey: '038318535b54105d4a7aae60c08fc45f9687181b4fdfc625bd1a753fa7397fed75',
    scheme: 'SIGNATURE_SCHEME_TK_API_SECP256K1_EIP191',
    signature: '30440220487cdb8a88f2f4044b701cbb116075c4cabe5fe4657a6358b395c0aab70694db02203453a8057e442bd1aff0ecabe8a82c831f0edd7f2158b7c1feb3de9b1f20309b',
  };
  assert.deepEqual(decodeStamp((await new ExternalWalletStamper(hardhat0.provider).stamp('MESSAGE')).stampHeaderValue), expected);
  assert.deepEqual(decodeStamp((await new WalletStamper(officialEth(hardhat0)).stamp('MESSAGE')).stampHeaderValue), expected);
  // personal_sign got the bytes as 0x-hex (what viem's signMessage sends and MetaMask prefers).
  assert.deepEqual(hardhat0.calls, [['0x' + Buffer.from('MESSAGE').toString('hex'), hardhat0.account.address]]);
});
