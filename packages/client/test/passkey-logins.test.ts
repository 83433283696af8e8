/**
 * The SDK's passkey logins in real Chromium (CDP virtual authenticator, page on http://localhost),
 * against a backend and local API started here: signUpWithPasskey({backendUrl}) through the
 * backend's /signup, loginWithPasskey to the parent organization, a step-up signature stamped by
 * the passkey, and each refusal as its typed error with the pending key deleted again.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { httpFor } from '../../local-api/test/helpers/local-api.ts';
import { addVirtualAuthenticator, bundleForBrowser, inPage, launchChromium, servePage } from './helpers/browser.ts';
import { eip191Signer } from './helpers/eth.ts';
import { startSystem, type System } from './helpers/login.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
let s: System;
let browser: Browser;
let site: Awaited<ReturnType<typeof servePage>>;
let page: Page;
let authenticator: Awaited<ReturnType<typeof addVirtualAuthenticator>>;
const pageErrors: string[] = [];

before(async () => {
  site = await servePage(await bundleForBrowser(path.join(here, 'browser', 'passkey-page.ts')), { host: 'localhost' });
  // The backend answers the page's origin only (CORS), as a deployment lists its app's.
  s = await startSystem({ env: { CORS_ORIGINS: new URL(site.url).origin } });
  browser = await launchChromium();
  page = await browser.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  authenticator = await addVirtualAuthenticator(page);
  await page.goto(site.url);
  await page.waitForFunction(() => document.body?.dataset.ready === 'yes', undefined, { timeout: 15_000 }).catch((e: Error) => {
    throw new Error(`the page did not load: ${pageErrors.join('; ') || e.message}`);
  });
});
after(async () => {
  assert.deepEqual(pageErrors, [], 'errors on the page');
  await browser?.close();
  await site?.close();
  await s?.stop();
});

type Brief = { organizationId: string; userId: string; publicKey: string };
type Outcome<T> = { ok: true; value: T } | { ok: false; code?: string; message: string };
type Tk = {
  start(org: string, api: string): Promise<string>;
  signUp(backendUrl: string, name: string): Promise<Outcome<Brief>>;
  login(allowCredentials?: { id: string }[]): Promise<Outcome<Brief>>;
  logout(): Promise<void>;
  stepUpSign(message: string): Promise<Outcome<{ address: string; signature: string }>>;
  state(): { authState?: string; organizationId?: string; userId?: string; authenticators: string[]; ethereum?: string };
  keys(): Promise<string[]>;
};
const tk = <R>(fn: (tk: Tk, arg: any) => Promise<R> | R, arg?: unknown): Promise<R> => inPage(page, fn, arg);
const parent = () => httpFor(s.api.url, { publicKey: s.api.credentials.apiPublicKey, privateKey: s.api.credentials.apiPrivateKey });

function ok<T>(o: Outcome<T>): T {
  assert.ok(o.ok, `refused: ${!o.ok && `${o.code} ${o.message}`}`);
  return o.value;
}
function refusedWith<T>(o: Outcome<T>, code: string) {
  assert.equal(o.ok, false, 'expected a refusal');
  assert.equal((o as { code?: string }).code, code, (o as { message: string }).message);
}

let account: Brief;

test('signUpWithPasskey({backendUrl}): a passkey, an account holding it, a session; the sign-up key is gone from the server and the device', async () => {
  assert.equal(await tk((t, a) => t.start(a[0], a[1]), [s.api.credentials.organizationId, s.api.url]), 'unauthenticated');
  account = ok(await tk((t, a) => t.signUp(a[0], a[1]), [s.backend.url, 'sdk passkey']));
  assert.notEqual(account.organizationId, s.api.credentials.organizationId);

  const [credential] = await authenticator.credentials();
  const state = await tk((t) => t.state());
  assert.equal(state.authState, 'authenticated');
  assert.deepEqual(state.authenticators, [credential!.credentialIdBase64url]);

  const { authenticators } = await parent().getAuthenticators({ organizationId: account.organizationId, userId: account.userId });
  assert.deepEqual(authenticators.map((a) => [a.authenticatorName, a.credentialId]), [['sdk passkey', credential!.credentialIdBase64url]]);
  const { apiKeys } = await parent().getApiKeys({ organizationId: account.organizationId, userId: account.userId });
  assert.deepEqual(apiKeys.map((k) => k.credential.publicKey), [account.publicKey], 'only the session key is left');
  assert.deepEqual(await tk((t) => t.keys()), [account.publicKey], 'only the session key is on the device');
});

test('loginWithPasskey after logout: the same account from the parent organization; a step-up signature stamped by the passkey', async () => {
  await tk((t) => t.logout());
  assert.deepEqual(await tk((t) => t.keys()), []);
  const count = (await authenticator.credentials())[0]!.signCount;
  const again = ok(await tk((t) => t.login()));
  assert.equal(again.organizationId, account.organizationId);
  assert.equal(again.userId, account.userId);
  assert.notEqual(again.publicKey, account.publicKey);
  assert.deepEqual(await tk((t) => t.keys()), [again.publicKey]);

  const signed = ok(await tk((t, m) => t.stepUpSign(m), 'step up with a passkey'));
  assert.equal(eip191Signer('step up with a passkey', signed.signature), signed.address.toLowerCase());
  assert.equal((await authenticator.credentials())[0]!.signCount, count + 2, 'the passkey signed the login and the step-up');
  account = again;
});

test('refusals are typed and leave no key behind: a passkey not offered, an unknown passkey, a declined verification', async () => {
  const keysBefore = await tk((t) => t.keys());

  // Only a passkey this authenticator does not hold may be used: the browser says no, as for a cancel.
  refusedWith(await tk((t, id) => t.login([{ id }]), randomBytes(32).toString('base64url')), 'SELECT_PASSKEY_CANCELLED');

  // A passkey for this site that no account holds: the API's 401 becomes UNKNOWN_PASSKEY.
  const unknownId = randomBytes(32);
  await authenticator.cdp.send('WebAuthn.addCredential', {
    authenticatorId: authenticator.authenticatorId,
    credential: {
      credentialId: unknownId.toString('base64'),
      isResidentCredential: true,
      rpId: 'localhost',
      privateKey: generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64'),
      userHandle: randomBytes(16).toString('base64'),
      signCount: 0,
    },
  });
  refusedWith(await tk((t, id) => t.login([{ id }]), unknownId.toString('base64url')), 'UNKNOWN_PASSKEY');

  // The person fails the fingerprint or PIN check.
  await authenticator.cdp.send('WebAuthn.setUserVerified', { authenticatorId: authenticator.authenticatorId, isUserVerified: false });
  try {
    refusedWith(await tk((t) => t.login()), 'SELECT_PASSKEY_CANCELLED');
    refusedWith(await tk((t, u) => t.signUp(u, 'declined'), s.backend.url), 'SELECT_PASSKEY_CANCELLED');
  } finally {
    await authenticator.cdp.send('WebAuthn.setUserVerified', { authenticatorId: authenticator.authenticatorId, isUserVerified: true });
  }

  assert.deepEqual(await tk((t) => t.keys()), keysBefore, 'every pending key was deleted again');
  const state = await tk((t) => t.state());
  assert.equal(state.authState, 'authenticated');
  assert.equal(state.organizationId, account.organizationId, 'the session in place is untouched');
});
