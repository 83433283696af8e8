/**
 * Records known-answer passkey vectors once, from Chromium's virtual authenticator (CDP WebAuthn
 * domain: ctap2, internal, resident key, user verification), so unit tests can check registration
 * and assertion verification against bytes a real browser produced, with no browser:
 *   node --import tsx packages/client/test/helpers/record-passkey-vectors.ts [out.json]
 * writes packages/local-api/test/vectors/virtual-authenticator-es256.json: a registration
 * {rpId, origin, challenge, attestation} (the SDK's createPasskey) and two assertions from the
 * same credential over stamp_login bodies (Turnkey's @turnkey/webauthn-stamper), the second with
 * a higher signature counter; plus the credential's private key as the authenticator exported it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateP256KeyPair } from '@turnkey/crypto';
import { addVirtualAuthenticator, bundleForBrowser, inPage, launchChromium, servePage } from './browser.ts';
import type { CreatedPasskey } from '../../src/index.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const OUT = process.argv[2] ?? path.resolve(here, '../../../local-api/test/vectors/virtual-authenticator-es256.json');
// The wire note's example organization (turnkey-wire-logins.md §1.1): any id will do in a body.
const ORGANIZATION_ID = '11111111-2222-3333-4444-555555555555';

type Tk = { register(name: string): Promise<CreatedPasskey>; stamp(body: string): Promise<string> };

const stampLoginBody = (publicKey: string, timestampMs: number) =>
  JSON.stringify({ parameters: { publicKey, expirationSeconds: '900' }, organizationId: ORGANIZATION_ID, timestampMs: String(timestampMs), type: 'ACTIVITY_TYPE_STAMP_LOGIN' });

const site = await servePage(await bundleForBrowser(path.resolve(here, '../browser/vector-page.ts')), { host: 'localhost' });
const browser = await launchChromium();
try {
  const page = await browser.newPage();
  await page.goto(site.url);
  await page.waitForFunction(() => document.body?.dataset.ready === 'yes', undefined, { timeout: 15_000 });
  const authenticator = await addVirtualAuthenticator(page);
  const tk = <R>(fn: (tk: Tk, arg: any) => Promise<R>, arg?: unknown) => inPage(page, fn, arg);

  const passkey = await tk((p, name) => p.register(name), 'virtual authenticator');
  const origin = new URL(site.url).origin;
  const assert = (ok: boolean, what: string) => {
    if (!ok) throw new Error(`not recorded: ${what}`);
  };
  const clientData = JSON.parse(Buffer.from(passkey.attestation.clientDataJson, 'base64url').toString('utf8')) as { type: string; challenge: string; origin: string };
  assert(clientData.type === 'webauthn.create' && clientData.challenge === passkey.challenge && clientData.origin === origin, 'the registration clientDataJSON');

  const sessionKey = generateP256KeyPair().publicKey;
  const assertions = [];
  for (const [i, offset] of [0, 1].entries()) {
    const body = stampLoginBody(sessionKey, Date.now() + offset);
    const stampHeaderValue = await tk((p, b) => p.stamp(b), body);
    const { signCount } = (await authenticator.credentials())[0]!;
    assertions.push({ body, stampHeaderValue, signCount, note: i === 0 ? 'the first assertion after the registration' : 'a later assertion: its counter is higher' });
  }
  const [credential] = await authenticator.credentials();
  const version = browser.version();
  const vectors = {
    source: `Chromium ${version} CDP virtual authenticator (ctap2, internal, resident key, user verification), page ${origin}; registration by @tkauth/client createPasskey, assertions by @turnkey/webauthn-stamper 0.6.0; recorded by packages/client/test/helpers/record-passkey-vectors.ts`,
    recordedAt: new Date().toISOString(),
    rpId: 'localhost',
    origin,
    registration: { authenticatorName: passkey.authenticatorName, challenge: passkey.challenge, attestation: passkey.attestation },
    assertion: { body: assertions[0]!.body, stampHeaderValue: assertions[0]!.stampHeaderValue, signCount: assertions[0]!.signCount },
    laterAssertion: { body: assertions[1]!.body, stampHeaderValue: assertions[1]!.stampHeaderValue, signCount: assertions[1]!.signCount },
    credential: {
      credentialId: credential!.credentialIdBase64url,
      // PKCS#8 DER of the credential's P-256 private key, base64url, as the authenticator exported it (test data only).
      privateKeyPkcs8: Buffer.from(credential!.privateKey, 'base64').toString('base64url'),
      userHandle: credential!.userHandle ? Buffer.from(credential!.userHandle, 'base64').toString('base64url') : null,
    },
  };
  fs.mkdirSync(path.dirname(OUT), { recursive: true });
  fs.writeFileSync(OUT, JSON.stringify(vectors, null, 2) + '\n');
  console.log(`wrote ${path.relative(process.cwd(), OUT)}`);
} finally {
  await browser.close();
  await site.close();
}
