/**
 * The web page end to end, in real Chromium, served by `tkauth dev` started here on free ports:
 * email OTP with the code read from the page's own outbox panel, the wallet address (checked
 * against the API with the parent's key), reload, signing (recovered here), wrong-code message,
 * logout, and OAuth through the dev OpenID provider. Screenshots go to test-output/.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../client/test/helpers/browser.ts';
import { eip191Signer } from '../../client/test/helpers/eth.ts';
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

let n = 0;
const email = (tag: string) => `${tag}-${Date.now()}-${++n}@example.com`;

async function open(viewport = { width: 1200, height: 900 }): Promise<Page> {
  const page = await browser.newPage({ viewport });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(dev.web);
  await page.waitForSelector('[data-testid=auth-state][data-state=unauthenticated], [data-testid=auth-state][data-state=authenticated]').catch((e: Error) => {
    throw new Error(`the page did not start (${errors.join('; ')}): ${e.message}`);
  });
  return page;
}

/** Sends a code from the page and reads it back from the page's own dev outbox panel. */
async function sendCode(page: Page, contact: string): Promise<string> {
  await page.fill('#contact', contact);
  await page.click('button:has-text("Send code")');
  await page.waitForSelector('#code');
  const code = page.locator(`[data-testid=outbox] li[data-contact="${contact}"] .code`).first();
  await code.waitFor({ timeout: 10_000 });
  return (await code.textContent())!.trim();
}

const parent = () => parentClient(dev);

describe('email OTP in the page', () => {
  test('sign in, see the wallet, reload, sign a message, log out', async () => {
    const page = await open();
    const contact = email('web');
    const code = await sendCode(page, contact);
    assert.match(code, /^[0-9]{6}$/);
    await page.fill('#code', code);
    await page.click('button:has-text("Verify and sign in")');
    await page.waitForSelector('[data-testid=auth-state][data-state=authenticated]');
    assert.equal((await page.textContent('[data-testid=user-email]'))?.trim(), contact);
    const ethCell = page.locator('li[data-format=ADDRESS_FORMAT_ETHEREUM] .address').first();
    await ethCell.waitFor();
    const address = (await ethCell.textContent())!.trim();
    assert.match(address, /^0x[0-9a-fA-F]{40}$/);
    await page.locator('li[data-format=ADDRESS_FORMAT_SOLANA] .address').first().waitFor();

    // The address is the account's on the API, asked with the parent's key (not through the page).
    const c = dev.credentials();
    const { organizationIds } = await parent().getVerifiedSubOrgIds({ organizationId: c.organizationId, filterType: 'EMAIL', filterValue: contact });
    assert.equal(organizationIds.length, 1);
    const { wallets } = await parent().getWallets({ organizationId: organizationIds[0]! });
    const { accounts } = await parent().getWalletAccounts({ organizationId: organizationIds[0]!, walletId: wallets[0]!.walletId });
    assert.ok(accounts.some((a) => a.address === address));

    // The countdown runs.
    const first = await page.textContent('[data-testid=expires-in]');
    assert.match(first ?? '', /^1[45]:[0-5][0-9]$/);

    await page.reload();
    await page.waitForSelector('[data-testid=auth-state][data-state=authenticated]');
    await page.locator('li[data-format=ADDRESS_FORMAT_ETHEREUM] .address').first().waitFor();
    assert.equal((await page.locator('li[data-format=ADDRESS_FORMAT_ETHEREUM] .address').first().textContent())!.trim(), address);

    const message = 'I am signing in on the tkauth page';
    await page.fill('#message', message);
    await page.click('button:has-text("Sign message")');
    const sig = page.locator('[data-testid=signature] .sig');
    await sig.waitFor();
    const hex = (await sig.textContent())!.trim();
    assert.equal(await sig.getAttribute('data-address'), address);
    assert.equal(eip191Signer(message, hex), address.toLowerCase());

    await page.screenshot({ path: path.join(OUT, 'web-logged-in.png'), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    // Phone-sized: nothing wider than the screen (no sideways scrolling).
    assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= 390, 'the page scrolls sideways on a phone');
    await page.screenshot({ path: path.join(OUT, 'web-logged-in-phone.png'), fullPage: true });
    assert.ok(fs.statSync(path.join(OUT, 'web-logged-in.png')).size > 10_000);

    await page.click('button:has-text("Log out")');
    await page.waitForSelector('[data-testid=auth-state][data-state=unauthenticated]');
    await page.waitForSelector('#contact');
    await page.close();
  });

  test('a wrong code says how many tries are left; a bad email is explained', async () => {
    const page = await open();
    await page.fill('#contact', 'not-an-email');
    await page.click('button:has-text("Send code")');
    await page.waitForSelector('text=Enter a valid email address.');
    const contact = email('wrong');
    const code = await sendCode(page, contact);
    await page.fill('#code', code === '000000' ? '111111' : '000000');
    await page.click('button:has-text("Verify and sign in")');
    await page.waitForSelector("text=That code isn't right. 4 tries left.");
    assert.equal(await page.getAttribute('[data-testid=auth-state]', 'data-state'), 'unauthenticated');
    // Four more wrong codes use up the API's five tries; the next answer is "too many".
    const wrong = code === '000000' ? '111111' : '000000';
    for (const left of ['3 tries left.', '2 tries left.', '1 try left.', 'Ask for a new code.']) {
      await page.fill('#code', wrong);
      await page.click('button:has-text("Verify and sign in")');
      await page.waitForSelector(`text=That code isn't right. ${left}`);
    }
    await page.fill('#code', code);
    await page.click('button:has-text("Verify and sign in")');
    await page.waitForSelector('text=Too many wrong codes. Ask for a new code.');
    assert.equal(await page.getAttribute('[data-testid=auth-state]', 'data-state'), 'unauthenticated');
    await page.close();
  });

  test('SMS: the phone tab, the code from the outbox panel, signed in with the phone number', async () => {
    const page = await open();
    await page.click('button.tab:has-text("SMS")');
    const phone = `+1415${String(Date.now()).slice(-7)}`;
    const code = await sendCode(page, phone);
    await page.fill('#code', code);
    await page.click('button:has-text("Verify and sign in")');
    await page.waitForSelector('[data-testid=auth-state][data-state=authenticated]');
    assert.equal((await page.textContent('[data-testid=user-email]'))?.trim(), phone);
    await page.locator('li[data-format=ADDRESS_FORMAT_ETHEREUM] .address').first().waitFor();
    await page.close();
  });
});

describe('OAuth in the page', () => {
  test('through the dev OpenID provider: redirect, sign in, consent, back with a session', async () => {
    const page = await open();
    await page.click('[data-testid=oauth]');
    await page.waitForURL((u) => u.origin === dev.oidc);
    const login = `oauth-${Date.now()}@example.com`;
    await page.fill('input[name=login]', login);
    await page.fill('input[name=password]', 'anything');
    await page.click('button[type=submit]');
    // The consent prompt (one button), then back to the page.
    await page.waitForSelector('button[type=submit]');
    await page.click('button[type=submit]');
    await page.waitForURL((u) => u.origin === dev.web);
    await page.waitForSelector('[data-testid=auth-state][data-state=authenticated]', { timeout: 15_000 });
    assert.equal((await page.textContent('[data-testid=user-email]'))?.trim(), login);
    await page.locator('li[data-format=ADDRESS_FORMAT_ETHEREUM] .address').first().waitFor();
    await page.close();
  });
});
