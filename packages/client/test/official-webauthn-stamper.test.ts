/**
 * The judge of the passkey wire format: Turnkey's own @turnkey/webauthn-stamper and @turnkey/http,
 * bundled into a page on http://localhost in real Chromium with a CDP virtual authenticator, talk
 * to a local API started here. The passkey is registered in the page (the SDK's createPasskey),
 * the sub-organization created from node with the parent's key, then the official stamper stamps
 * whoami and stamp_login addressed to the PARENT organization: both are accepted and answer for
 * the sub-organization, and the session it hands out works for the key it names. The SDK's own
 * PasskeyStamper writes a header of the same shape, and is accepted too.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { generateP256KeyPair } from '@turnkey/crypto';
import { decodeJwtClaims, type SessionClaims } from '@tkauth/wire';
import { httpFor, startTestApi, type TestApi } from '../../local-api/test/helpers/local-api.ts';
import { addVirtualAuthenticator, bundleForBrowser, inPage, launchChromium, servePage, type VirtualCredential } from './helpers/browser.ts';
import type { CreatedPasskey } from '../src/index.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
let t: TestApi;
let browser: Browser;
let site: Awaited<ReturnType<typeof servePage>>;
let page: Page;
let authenticator: Awaited<ReturnType<typeof addVirtualAuthenticator>>;
const pageErrors: string[] = [];

before(async () => {
  t = await startTestApi();
  site = await servePage(await bundleForBrowser(path.join(here, 'browser', 'official-stamper-page.ts')), { host: 'localhost' });
  browser = await launchChromium();
  page = await browser.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(site.url);
  await page.waitForFunction(() => document.body?.dataset.ready === 'yes', undefined, { timeout: 15_000 }).catch((e: Error) => {
    throw new Error(`the page did not load: ${pageErrors.join('; ') || e.message}`);
  });
  authenticator = await addVirtualAuthenticator(page);
});
after(async () => {
  assert.deepEqual(pageErrors, [], 'errors on the page');
  await browser?.close();
  await site?.close();
  await t?.stop();
});

type Header = { name?: string; value?: string };
type Tk = {
  register(name: string): Promise<CreatedPasskey>;
  whoamiOfficial(api: string, org: string): Promise<{ organizationId: string; userId: string; header: Header }>;
  stampLoginOfficial(api: string, org: string, publicKey: string): Promise<{ status: string; activityOrganizationId: string; session?: string; header: Header }>;
  whoamiOurs(api: string, org: string): Promise<{ organizationId: string; userId: string; header: Header }>;
};
const tk = <R>(fn: (tk: Tk, arg: any) => Promise<R> | R, arg?: unknown): Promise<R> => inPage(page, fn, arg);

/** The header as the API reads it: plain JSON of four base64url fields, in @turnkey/webauthn-stamper's key order. */
function parseHeader(h: Header): Record<string, string> {
  assert.equal(h.name, 'X-Stamp-Webauthn');
  const v = JSON.parse(h.value!) as Record<string, string>;
  assert.deepEqual(Object.keys(v), ['authenticatorData', 'clientDataJson', 'credentialId', 'signature']);
  for (const [k, x] of Object.entries(v)) assert.match(x, /^[A-Za-z0-9_-]+$/, `${k} is base64url without padding`);
  return v;
}

test('the official WebauthnStamper, in Chromium, is accepted for whoami and stamp_login addressed to the parent; the SDK stamper writes the same header', async () => {
  const parent = t.api.credentials.organizationId;
  const passkey = await tk((p, name) => p.register(name), 'official stamper test');
  assert.equal(passkey.authenticatorName, 'official stamper test');
  assert.deepEqual(passkey.attestation.transports, ['AUTHENTICATOR_TRANSPORT_INTERNAL']);
  const [credential] = (await authenticator.credentials()) as [VirtualCredential];
  assert.equal(credential.credentialIdBase64url, passkey.attestation.credentialId, 'the attestation names the credential the authenticator made');
  assert.equal(credential.rpId, 'localhost');
  assert.equal(credential.isResidentCredential, true);

  const created = await t.http.createSubOrganization({
    type: 'ACTIVITY_TYPE_CREATE_SUB_ORGANIZATION_V8',
    timestampMs: String(Date.now()),
    organizationId: parent,
    parameters: {
      subOrganizationName: `official stamper ${Date.now()}`,
      rootUsers: [{ userName: 'passkey person', apiKeys: [], authenticators: [passkey], oauthProviders: [] }],
      rootQuorumThreshold: 1,
    },
  });
  assert.equal(created.activity.status, 'ACTIVITY_STATUS_COMPLETED');
  const { subOrganizationId, rootUserIds } = created.activity.result.createSubOrganizationResultV8!;
  const userId = rootUserIds![0]!;

  // whoami addressed to the parent answers for the sub-organization that holds the passkey.
  const who = await tk((p, a) => p.whoamiOfficial(a[0], a[1]), [t.api.url, parent]);
  assert.equal(who.organizationId, subOrganizationId);
  assert.equal(who.userId, userId);
  const official = parseHeader(who.header);
  assert.equal(official.credentialId, passkey.attestation.credentialId);

  // stamp_login addressed to the parent: a session on the sub-organization for the key we name.
  const session = generateP256KeyPair();
  const login = await tk((p, a) => p.stampLoginOfficial(a[0], a[1], a[2]), [t.api.url, parent, session.publicKey]);
  assert.equal(login.status, 'ACTIVITY_STATUS_COMPLETED');
  assert.equal(login.activityOrganizationId, subOrganizationId);
  const claims = decodeJwtClaims(login.session!) as unknown as SessionClaims;
  assert.equal(claims.organization_id, subOrganizationId);
  assert.equal(claims.user_id, userId);
  assert.equal(claims.public_key, session.publicKey);
  // …and that session key now works on its own.
  const asSession = await httpFor(t.api.url, { publicKey: session.publicKey, privateKey: session.privateKey }).getWhoami({ organizationId: subOrganizationId });
  assert.equal(asSession.userId, userId);

  // The SDK's stamper: the same header shape, the same credential, accepted the same way.
  const ours = await tk((p, a) => p.whoamiOurs(a[0], a[1]), [t.api.url, parent]);
  assert.equal(ours.organizationId, subOrganizationId);
  assert.equal(parseHeader(ours.header).credentialId, official.credentialId);

  // The authenticator counted each signature (the API requires a rising counter when it is not 0).
  assert.ok((await authenticator.credentials())[0]!.signCount >= 3);
});
