/**
 * External wallets on the web page, in real Chromium, against `tkauth dev` started here. The page
 * gets a test wallet injected before its scripts run (page.addInitScript), as a browser extension
 * injects one: window.ethereum (EIP-1193, personal_sign signed in node by viem's
 * privateKeyToAccount — what MetaMask computes) or window.solana (Phantom's shape: publicKey null
 * until connect(), signMessage → {signature}, signed in node with ed25519), reached through
 * page.exposeFunction. One button creates the account (the backend's /wallet-login-lookup finds
 * none, /signup makes it) and, after logout, signs in to the same one. The parent's key confirms
 * the sub-organization holds the wallet key as `wallet-auth:<publicKey>` of the right credential
 * type; a declined signature is said in words and creates nothing.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ed25519 } from '@noble/curves/ed25519.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { base58 } from '@scure/base';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../client/test/helpers/browser.ts';
import { startDev, type DevSystem } from '../../cli/test/helpers/dev.ts';
import { parentClient } from './helpers/parent.ts';

const OUT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../test-output');
let dev: DevSystem;
let browser: Browser;

before(async () => {
  dev = await startDev();
  browser = await launchChromium();
  fs.mkdirSync(OUT, { recursive: true });
});
after(async () => {
  await browser?.close();
  const code = await dev?.stop();
  assert.equal(code, 0, `tkauth dev did not stop cleanly:\n${dev?.output()}`);
});

type Answer = { result?: unknown; error?: { code: number; message: string } };
const REJECTED = { code: 4001, message: 'User rejected the request.' };
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

/** A wallet in node whose answers the page's injected provider relays; `reject` makes the person decline. */
interface TestWallet {
  chain: 'ethereum' | 'solana';
  publicKey: string;
  address: string;
  credentialType: string;
  reject: boolean;
  /** Signature requests seen. */
  prompts: number;
  install(page: Page): Promise<void>;
}

// Init scripts are source text, not functions: the test runner's transform would add helpers
// (__name) that the page lacks.
const ETHEREUM_PROVIDER = `window.ethereum = {
  isMetaMask: true,
  async request({ method, params }) {
    const answer = await window.testEthereumRequest(method, params ?? []);
    // As wallets throw it: an object with the EIP-1193 code.
    if (answer.error) throw answer.error;
    return answer.result;
  },
};`;

function ethereumWallet(): TestWallet {
  const account = privateKeyToAccount(generatePrivateKey());
  const w: TestWallet = {
    chain: 'ethereum',
    publicKey: hex(secp256k1.Point.fromHex(account.publicKey.slice(2)).toBytes(true)),
    address: account.address,
    credentialType: 'CREDENTIAL_TYPE_API_KEY_SECP256K1',
    reject: false,
    prompts: 0,
    async install(page) {
      await page.exposeFunction('testEthereumRequest', async (method: string, params: unknown[]): Promise<Answer> => {
        if (method === 'eth_requestAccounts') return { result: [account.address] };
        if (method !== 'personal_sign') return { error: { code: 4200, message: `${method} is not supported` } };
        w.prompts++;
        if (w.reject) return { error: REJECTED };
        const [message, from] = params as [`0x${string}`, string];
        if (from.toLowerCase() !== account.address.toLowerCase()) return { error: { code: 4100, message: 'unknown account' } };
        return { result: await account.signMessage({ message: { raw: message } }) };
      });
      await page.addInitScript({ content: ETHEREUM_PROVIDER });
    },
  };
  return w;
}

function solanaWallet(): TestWallet {
  const secretKey = ed25519.utils.randomSecretKey();
  const pk = ed25519.getPublicKey(secretKey);
  const w: TestWallet = {
    chain: 'solana',
    publicKey: hex(pk),
    address: base58.encode(pk),
    credentialType: 'CREDENTIAL_TYPE_API_KEY_ED25519',
    reject: false,
    prompts: 0,
    async install(page) {
      await page.exposeFunction('testSolanaSign', async (messageHex: string): Promise<Answer> => {
        w.prompts++;
        if (w.reject) return { error: REJECTED };
        return { result: hex(ed25519.sign(Buffer.from(messageHex, 'hex'), secretKey)) };
      });
      await page.addInitScript({
        content: `(() => {
          const key = Uint8Array.from(${JSON.stringify([...pk])});
          const publicKey = { toBytes: () => Uint8Array.from(key), toString: () => 'PublicKey' };
          const toHex = (b) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
          const fromHex = (s) => Uint8Array.from(s.match(/../g), (x) => parseInt(x, 16));
          // Phantom's shape: no key until connect(), and a request method beside signMessage.
          const solana = {
            isPhantom: true,
            publicKey: null,
            async connect() { solana.publicKey = publicKey; return { publicKey }; },
            async request() { throw { code: 4200, message: 'not supported by the test wallet' }; },
            async signMessage(message) {
              const answer = await window.testSolanaSign(toHex(message));
              if (answer.error) throw answer.error;
              return { signature: fromHex(answer.result), publicKey };
            },
          };
          window.solana = solana;
        })();`,
      });
    },
  };
  return w;
}

async function open(wallet: TestWallet): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await wallet.install(page);
  await page.goto(dev.web);
  await signedIn(page, /^(un)?authenticated$/).catch((e: Error) => {
    throw new Error(`the page did not start (${errors.join('; ')}): ${e.message}`);
  });
  return { page, errors };
}

const signedIn = (page: Page, state: RegExp | string = 'authenticated') =>
  page.waitForFunction((s) => new RegExp(s).test(document.querySelector('[data-testid=auth-state]')?.getAttribute('data-state') ?? ''), typeof state === 'string' ? `^${state}$` : state.source, { timeout: 20_000 });

const text = async (page: Page, selector: string) => ((await page.textContent(selector)) ?? '').trim();
const parent = () => parentClient(dev);
const allSubOrgs = async () => (await parent().getSubOrgIds({ organizationId: dev.credentials().organizationId })).organizationIds;
const subOrgsHolding = async (publicKey: string) =>
  (await parent().getSubOrgIds({ organizationId: dev.credentials().organizationId, filterType: 'PUBLIC_KEY', filterValue: publicKey })).organizationIds;

/** The connected wallet's address and the embedded wallet's, as the signed-in view shows them. */
async function shownAddresses(page: Page): Promise<{ connected: string[]; embedded: string }> {
  const embedded = page.locator('li[data-format=ADDRESS_FORMAT_ETHEREUM] .address').first();
  await embedded.waitFor();
  const connected = page.locator('[data-testid=connected-wallets] li .address');
  await connected.first().waitFor();
  return { connected: (await connected.allTextContents()).map((s) => s.trim()), embedded: ((await embedded.textContent()) ?? '').trim() };
}

for (const [name, make, label, other] of [
  ['an Ethereum wallet (window.ethereum)', ethereumWallet, 'Sign in with an Ethereum wallet', 'solana'],
  ['a Solana wallet (window.solana)', solanaWallet, 'Sign in with a Solana wallet', 'ethereum'],
] as const) {
  describe(name, () => {
    test('the button creates the account, the signed-in view shows the wallet beside the embedded one; logout, and it signs in to the same account', async () => {
      const wallet = make();
      const { page, errors } = await open(wallet);
      const button = page.locator(`[data-testid=wallet-login-${wallet.chain}]`);
      assert.equal((await button.innerText()).trim(), label);
      assert.equal(await page.locator(`[data-testid=wallet-login-${other}]`).count(), 0, 'only the wallet the browser has is offered');
      assert.deepEqual(await subOrgsHolding(wallet.publicKey), [], 'no account yet');

      await button.click();
      await signedIn(page);
      assert.equal(wallet.prompts, 1, 'one signature: the login signed before the sign-up');
      const organizationId = await text(page, '[data-testid=organization-id]');
      const userId = await text(page, '[data-testid=user-id]');
      assert.notEqual(organizationId, dev.credentials().organizationId, 'a sub-organization, not the parent');
      const shown = await shownAddresses(page);
      assert.deepEqual(shown.connected, [wallet.address]);
      assert.match(shown.embedded, /^0x[0-9a-fA-F]{40}$/);
      assert.notEqual(shown.embedded.toLowerCase(), wallet.address.toLowerCase(), 'the embedded wallet is the account’s own');

      // With the parent's key: the sub-organization holds the wallet key, named and typed as Turnkey's sign-up does.
      assert.deepEqual(await subOrgsHolding(wallet.publicKey), [organizationId]);
      const { apiKeys } = await parent().getApiKeys({ organizationId, userId });
      const walletKeys = apiKeys.filter((k) => k.credential.publicKey === wallet.publicKey);
      assert.deepEqual(walletKeys.map((k) => [k.apiKeyName, k.credential.type]), [[`wallet-auth:${wallet.publicKey}`, wallet.credentialType]]);
      const { wallets } = await parent().getWallets({ organizationId });
      assert.equal(wallets.length, 1, 'the default embedded wallet');
      await page.screenshot({ path: path.join(OUT, `web-wallet-${wallet.chain}-signed-up.png`), fullPage: true });

      await page.click('button:has-text("Log out")');
      await signedIn(page, 'unauthenticated');
      await page.locator(`[data-testid=wallet-login-${wallet.chain}]`).click();
      await signedIn(page);
      assert.equal(wallet.prompts, 2);
      assert.equal(await text(page, '[data-testid=organization-id]'), organizationId);
      assert.equal(await text(page, '[data-testid=user-id]'), userId);
      assert.deepEqual((await shownAddresses(page)).connected, [wallet.address]);
      assert.deepEqual(await subOrgsHolding(wallet.publicKey), [organizationId], 'no second account');

      await page.reload();
      await signedIn(page);
      assert.deepEqual((await shownAddresses(page)).connected, [wallet.address], 'shown again after a reload (read from the account)');
      assert.deepEqual(errors, []);
      await page.close();
    });

    test('a declined signature (EIP-1193 4001) is said in words and creates nothing', async () => {
      const wallet = make();
      wallet.reject = true;
      const { page, errors } = await open(wallet);
      const before = await allSubOrgs();
      await page.locator(`[data-testid=wallet-login-${wallet.chain}]`).click();
      const error = page.locator('[data-testid=wallet-error]');
      await error.waitFor();
      assert.match(await error.innerText(), /cancelled in your wallet, so nothing was signed and no account was created/);
      assert.equal(await page.getAttribute('[data-testid=auth-state]', 'data-state'), 'unauthenticated');
      assert.equal(wallet.prompts, 1);
      assert.deepEqual(await allSubOrgs(), before, 'no account was created');
      assert.deepEqual(await subOrgsHolding(wallet.publicKey), []);

      // The person tries again and accepts: now it works.
      wallet.reject = false;
      await page.locator(`[data-testid=wallet-login-${wallet.chain}]`).click();
      await signedIn(page);
      assert.equal((await subOrgsHolding(wallet.publicKey)).length, 1);
      assert.deepEqual(errors, []);
      await page.close();
    });
  });
}

test('without an injected wallet the page offers no wallet sign-in', async () => {
  const page = await browser.newPage();
  await page.goto(dev.web);
  await page.waitForSelector('#contact');
  assert.equal(await page.locator('[data-testid=wallet-sign-in]').count(), 0);
  await page.close();
});
