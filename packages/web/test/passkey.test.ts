/**
 * Passkeys on the web page, in real Chromium with a CDP virtual authenticator, against
 * `tkauth dev` started here. The page is opened at http://localhost:<port> — WebAuthn refuses IP
 * addresses as relying-party ids — and talks to the backend and API on 127.0.0.1 across origins.
 * Sign up with a passkey (through the backend's /signup), see it listed, log out, sign in with it
 * (no backend: a passkey-stamped stamp_login to the parent), sign a message (recovered here),
 * reload; the parent's key confirms the account holds exactly that passkey and no sign-up key.
 * Then each failure in words, and the page on 127.0.0.1 or without WebAuthn.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { addVirtualAuthenticator, launchChromium } from '../../client/test/helpers/browser.ts';
import { eip191Signer } from '../../client/test/helpers/eth.ts';
import { startDev, type DevSystem } from '../../cli/test/helpers/dev.ts';
import { parentClient } from './helpers/parent.ts';

const OUT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../test-output');
let dev: DevSystem;
let browser: Browser;
/** The page's URL by name: the dev helper's URLs are 127.0.0.1, which WebAuthn refuses. */
let webByName: string;

before(async () => {
  dev = await startDev();
  webByName = dev.web.replace('://127.0.0.1:', '://localhost:');
  browser = await launchChromium();
  fs.mkdirSync(OUT, { recursive: true });
});
after(async () => {
  await browser?.close();
  const code = await dev?.stop();
  assert.equal(code, 0, `tkauth dev did not stop cleanly:\n${dev?.output()}`);
});

/** A tab with its own virtual authenticator (a platform passkey provider that says yes by itself), on the page. */
async function open(url = webByName) {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const authenticator = await addVirtualAuthenticator(page);
  await page.goto(url);
  await signedIn(page, /^(un)?authenticated$/).catch((e: Error) => {
    throw new Error(`the page did not start (${errors.join('; ')}): ${e.message}`);
  });
  return { page, authenticator, errors };
}

const signedIn = (page: Page, state: RegExp | string = 'authenticated') =>
  page.waitForFunction((s) => new RegExp(s).test(document.querySelector('[data-testid=auth-state]')?.getAttribute('data-state') ?? ''), typeof state === 'string' ? `^${state}$` : state.source, { timeout: 20_000 });

const text = async (page: Page, selector: string) => ((await page.textContent(selector)) ?? '').trim();

describe('passkeys on the page', () => {
  test('sign up with a passkey, see it listed, log out, sign in with it, sign a message, reload keeps the session', async () => {
    const { page, authenticator, errors } = await open();
    await page.click('[data-testid=passkey-sign-up]');
    await signedIn(page);

    // The passkey the authenticator holds is the one the page lists.
    const [credential, ...others] = await authenticator.credentials();
    assert.equal(others.length, 0);
    assert.equal(credential!.rpId, 'localhost');
    const listed = page.locator('[data-testid=passkeys] li');
    await listed.first().waitFor();
    assert.equal(await listed.count(), 1);
    assert.equal(await listed.first().getAttribute('data-credential-id'), credential!.credentialIdBase64url);
    assert.match(await listed.first().locator('.name').innerText(), /^tkauth \d{4}-\d\d-\d\d \d\d:\d\d$/);
    assert.match(await listed.first().locator('time').innerText(), /^added /);

    const organizationId = await text(page, '[data-testid=organization-id]');
    const userId = await text(page, '[data-testid=user-id]');
    assert.notEqual(organizationId, dev.credentials().organizationId, 'a sub-organization, not the parent');

    // With the parent's key: the sub-organization's one user holds exactly that passkey, and the
    // one-minute sign-up key is gone (only the session's key is left).
    const parent = parentClient(dev);
    const { users } = await parent.getUsers({ organizationId });
    assert.deepEqual(users.map((u) => u.userId), [userId]);
    const { authenticators } = await parent.getAuthenticators({ organizationId, userId });
    assert.deepEqual(authenticators.map((a) => a.credentialId), [credential!.credentialIdBase64url]);
    assert.deepEqual(authenticators[0]!.transports, ['AUTHENTICATOR_TRANSPORT_INTERNAL']);
    const keysAfterSignup = (await parent.getApiKeys({ organizationId, userId })).apiKeys;
    assert.equal(keysAfterSignup.length, 1, `only the session key: ${keysAfterSignup.map((k) => k.apiKeyName).join(', ')}`);
    assert.doesNotMatch(keysAfterSignup[0]!.apiKeyName, /passkey-signup/);
    await page.screenshot({ path: path.join(OUT, 'web-passkey-signed-up.png'), fullPage: true });

    await page.click('button:has-text("Log out")');
    await signedIn(page, 'unauthenticated');
    assert.equal((await parent.getApiKeys({ organizationId, userId })).apiKeys.length, 0, 'logout revoked the session key');

    // Sign in with the passkey: the same account, found by the API from the credential alone.
    const countBefore = (await authenticator.credentials())[0]!.signCount;
    await page.click('[data-testid=passkey-login]');
    await signedIn(page);
    assert.equal(await text(page, '[data-testid=organization-id]'), organizationId);
    assert.equal(await text(page, '[data-testid=user-id]'), userId);
    assert.ok((await authenticator.credentials())[0]!.signCount > countBefore, 'the passkey signed the login');

    const ethCell = page.locator('li[data-format=ADDRESS_FORMAT_ETHEREUM] .address').first();
    await ethCell.waitFor();
    const address = (await ethCell.textContent())!.trim();
    const message = 'signed in with a passkey';
    await page.fill('#message', message);
    await page.click('button:has-text("Sign message")');
    const sig = page.locator('[data-testid=signature] .sig');
    await sig.waitFor();
    assert.equal(eip191Signer(message, (await sig.textContent())!.trim()), address.toLowerCase());

    await page.reload();
    await signedIn(page);
    assert.equal(await text(page, '[data-testid=organization-id]'), organizationId);
    await page.locator('[data-testid=passkeys] li').first().waitFor();
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('errors in words: no passkey for this site (or cancelled), an unknown passkey, a cancelled creation', async () => {
    const { page, authenticator, errors } = await open();
    const error = page.locator('[data-testid=passkey-error]');

    // No passkey on this authenticator: the browser answers as for a cancelled prompt.
    await page.click('[data-testid=passkey-login]');
    await error.waitFor();
    assert.match(await error.innerText(), /cancelled or timed out, or this device has no passkey for this site/);
    assert.equal(await page.getAttribute('[data-testid=auth-state]', 'data-state'), 'unauthenticated');

    // A passkey for this site that no account holds: the API's 401, in words.
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    await authenticator.cdp.send('WebAuthn.addCredential', {
      authenticatorId: authenticator.authenticatorId,
      credential: {
        credentialId: randomBytes(32).toString('base64'),
        isResidentCredential: true,
        rpId: 'localhost',
        privateKey: privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64'),
        userHandle: randomBytes(16).toString('base64'),
        signCount: 0,
      },
    });
    await page.click('[data-testid=passkey-login]');
    await page.waitForFunction(() => /isn't linked to an account here/.test(document.querySelector('[data-testid=passkey-error]')?.textContent ?? ''));
    assert.equal(await page.getAttribute('[data-testid=auth-state]', 'data-state'), 'unauthenticated');

    // The person fails the fingerprint or PIN check (the browser says NotAllowedError, as for a cancel): nothing is created.
    await authenticator.cdp.send('WebAuthn.setUserVerified', { authenticatorId: authenticator.authenticatorId, isUserVerified: false });
    await page.click('[data-testid=passkey-sign-up]');
    await page.waitForFunction(() => /No passkey was created/.test(document.querySelector('[data-testid=passkey-error]')?.textContent ?? ''));
    assert.equal(await page.getAttribute('[data-testid=auth-state]', 'data-state'), 'unauthenticated');
    assert.equal((await authenticator.credentials()).length, 1, 'only the unknown passkey added above');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('on 127.0.0.1 the page points to localhost for passkeys; without WebAuthn it offers none', async () => {
    const { page } = await open(dev.web);
    const note = page.locator('[data-testid=passkey-sign-in] .notice a');
    await note.waitFor();
    assert.equal(await note.getAttribute('href'), `${webByName}/`);
    assert.equal(await page.locator('[data-testid=passkey-login]').count(), 0);
    await page.close();

    const bare = await browser.newPage();
    await bare.addInitScript(() => delete (window as { PublicKeyCredential?: unknown }).PublicKeyCredential);
    await bare.goto(webByName);
    await bare.waitForSelector('#contact');
    assert.equal(await bare.locator('[data-testid=passkey-sign-in]').count(), 0);
    await bare.close();
  });
});
