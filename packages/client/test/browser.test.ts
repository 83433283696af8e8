/**
 * The SDK in real Chromium: the key store suite on IndexedDB; a device key created in IndexedDB
 * that page script cannot export; a session from the backend stored, and a stamped whoami sent
 * from the page to the API; after a reload the session is resumed from the browser's own storage.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { bundleForBrowser, inPage, launchChromium, servePage } from './helpers/browser.ts';
import { sessionFromBackend, startSystem, uniqueEmail, type System } from './helpers/login.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
let s: System;
let browser: Browser;
let site: Awaited<ReturnType<typeof servePage>>;
let page: Page;
const pageErrors: string[] = [];
const loaded = () => page.waitForFunction(() => document.body?.dataset.ready === 'yes', undefined, { timeout: 15_000 }).catch((e: Error) => {
  throw new Error(`the page did not load: ${pageErrors.join('; ') || e.message}`);
});

before(async () => {
  s = await startSystem();
  site = await servePage(await bundleForBrowser(path.join(here, 'browser', 'page.ts')));
  browser = await launchChromium();
  page = await browser.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(site.url);
  await loaded();
});
after(async () => {
  assert.deepEqual(pageErrors, [], 'errors on the page');
  await browser?.close();
  await site?.close();
  await s?.stop();
});

type Tk = {
  suite(): Promise<{ name: string; error: string | null }[]>;
  start(org: string, url: string): Promise<string>;
  createKeyPair(): Promise<string>;
  tryExport(pk: string): Promise<{ found: boolean; type?: string; extractable?: boolean; errors: string[] }>;
  storeSession(jwt: string): Promise<{ authState: string; userId?: string; addresses: string[] }>;
  whoami(): Promise<{ userId: string; organizationId: string }>;
  state(): { authState?: string; userId?: string; publicKey?: string };
};
const tk = <R>(fn: (tk: Tk, arg: any) => Promise<R> | R, arg?: unknown): Promise<R> => inPage(page, fn, arg);

test('the shared KeyStore suite passes on IndexedDB', async () => {
  const results = await tk((t) => t.suite());
  assert.ok(results.length >= 4);
  for (const r of results) assert.equal(r.error, null, r.name);
});

test('key in IndexedDB, not exportable; a session stored; a stamped whoami from the page; resumed after a reload', async () => {
  const { organizationId } = s.api.credentials;
  assert.equal(await tk((t, a) => t.start(a[0], a[1]), [organizationId, s.api.url]), 'unauthenticated');
  const publicKey = await tk((t) => t.createKeyPair());
  assert.match(publicKey, /^0[23][0-9a-f]{64}$/);

  const exported = await tk((t, pk) => t.tryExport(pk), publicKey);
  assert.equal(exported.found, true, 'the key is in IndexedDB');
  assert.equal(exported.type, 'private');
  assert.equal(exported.extractable, false);
  assert.deepEqual(exported.errors, ['pkcs8: InvalidAccessError', 'jwk: InvalidAccessError']);

  const email = uniqueEmail('browser');
  const jwt = await sessionFromBackend(s, email, publicKey);
  const stored = await tk((t, j) => t.storeSession(j), jwt);
  assert.equal(stored.authState, 'authenticated');
  assert.ok(stored.addresses.length >= 2, 'the wallet was fetched from the page');

  const who = await tk((t) => t.whoami());
  assert.equal(who.userId, stored.userId);

  await page.reload();
  await loaded();
  assert.equal(await tk((t, a) => t.start(a[0], a[1]), [organizationId, s.api.url]), 'authenticated');
  const resumed = await tk((t) => t.state());
  assert.equal(resumed.publicKey, publicKey);
  assert.equal((await tk((t) => t.whoami())).userId, stored.userId);
});
