/**
 * Real Chromium for the browser tests: Debian's /usr/bin/chromium driven by playwright-core
 * (never a downloaded browser), and a page served from loopback with a bundle esbuild makes.
 */
import http from 'node:http';
import { build } from 'esbuild';
import { chromium, type Browser, type CDPSession, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** One ES module with everything `entry` imports, for the browser (Node-only modules left out). */
export async function bundleForBrowser(entry: string): Promise<string> {
  const out = await build({ entryPoints: [entry], bundle: true, format: 'esm', platform: 'browser', target: 'es2022', write: false, external: ['node:*'], logLevel: 'error' });
  return out.outputFiles[0]!.text;
}

/**
 * Serves an empty page that loads `js`, on loopback (a secure context, as WebCrypto needs). The
 * URL names 127.0.0.1 unless `host` says otherwise: passkey tests want `localhost`, since
 * WebAuthn refuses IP addresses as relying-party ids (the server still listens on 127.0.0.1 only).
 */
export async function servePage(js: string, opts: { host?: 'localhost' | '127.0.0.1' } = {}): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    if (req.url === '/page.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(js);
    } else {
      res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><meta charset="utf-8"><title>tkauth test</title><body><script type="module" src="/page.js"></script></body>');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://${opts.host ?? '127.0.0.1'}:${port}/`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** The options of a CDP virtual authenticator: a platform passkey provider (ctap2, internal, resident keys, user verification), which says yes by itself. */
export const VIRTUAL_PLATFORM_AUTHENTICATOR = {
  protocol: 'ctap2',
  transport: 'internal',
  hasResidentKey: true,
  hasUserVerification: true,
  isUserVerified: true,
  automaticPresenceSimulation: true,
} as const;

/**
 * A virtual authenticator in `page` (Chrome DevTools Protocol, WebAuthn domain): the page's
 * navigator.credentials talk to it instead of real hardware. Returns the CDP session and its id.
 */
export async function addVirtualAuthenticator(page: Page): Promise<{ cdp: CDPSession; authenticatorId: string; credentials(): Promise<VirtualCredential[]> }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', { options: VIRTUAL_PLATFORM_AUTHENTICATOR });
  return {
    cdp,
    authenticatorId,
    credentials: async () => (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials.map((c) => ({ ...c, credentialIdBase64url: Buffer.from(c.credentialId, 'base64').toString('base64url') })),
  };
}

export interface VirtualCredential {
  /** standard base64, as CDP gives it */
  credentialId: string;
  credentialIdBase64url: string;
  rpId?: string;
  privateKey: string;
  signCount: number;
  isResidentCredential: boolean;
  userHandle?: string;
}

/**
 * Runs `fn(window.tk, arg)` in the page — the test surface a test page puts on `window.tk` — and
 * returns its result. `fn` is sent as source, so it may use only its arguments.
 */
export function inPage<T, R>(page: Page, fn: (tk: T, arg: any) => Promise<R> | R, arg?: unknown): Promise<R> {
  return page.evaluate(([src, a]) => new Function('tk', 'arg', `return (${src})(tk, arg)`)((window as unknown as { tk: unknown }).tk, a), [fn.toString(), arg] as const) as Promise<R>;
}
