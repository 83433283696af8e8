/**
 * @turnkey/core in Debian's Chromium against a local API and our backend: the page bundle served
 * from loopback, the backend started with that page's origin in CORS_ORIGINS and a proxy config
 * id, and each tab's traffic to both recorded, so a failing step says what core sent and what
 * came back.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page, Request } from 'playwright-core';
import { bundleForBrowser, launchChromium, servePage } from '../../../client/test/helpers/browser.ts';
import { startSystem, type System } from '../helpers/system.ts';
import type { CorePage, ErrorChain } from './page.ts';

export const AUTH_PROXY_CONFIG_ID = 'cfg-official-core';

export interface Call {
  method: string;
  url: string;
  status: number | 'failed';
  sent: string | null;
  answered: string;
}

export type InPage<R, A> = (core: CorePage, arg: A) => Promise<R> | R;

export interface CoreTab {
  page: Page;
  /**
   * Runs `fn` in the page; a throw there becomes a CoreStepError naming the step and the calls.
   * When it returns, `calls` holds every call the step made.
   */
  run<R, A = undefined>(step: string, fn: InPage<R, A>, arg?: A): Promise<R>;
  /** Runs `fn` in the page and hands back what it threw, for steps that must fail. */
  refusal<A = undefined>(fn: InPage<unknown, A>, arg?: A): Promise<{ error: ErrorChain; calls: Call[] }>;
  reload(): Promise<void>;
  calls: Call[];
}

export interface CoreJudge {
  s: System;
  open(): Promise<CoreTab>;
  stop(): Promise<void>;
}

/** Everything in the message, so the test runner prints it once. */
export class CoreStepError extends Error {
  constructor(step: string, error: ErrorChain, calls: Call[]) {
    super(`${step}: core threw ${JSON.stringify(error)}\ncalls during this step:\n${calls.map(formatCall).join('\n') || '  (none)'}`);
    this.name = 'CoreStepError';
  }
}

export const formatCall = (c: Call) => `  ${c.method} ${c.url} → ${c.status}\n    sent: ${clip(c.sent ?? '')}\n    answered: ${clip(c.answered)}`;

const here = path.dirname(fileURLToPath(import.meta.url));
const clip = (text: string, n = 600) => (text.length > n ? `${text.slice(0, n)}…` : text);

export async function startCoreJudge(): Promise<CoreJudge> {
  // As localhost, not 127.0.0.1: core's passkey flows take the page's host as the rp id, and
  // WebAuthn refuses an IP address there.
  const site = await servePage(await bundleForBrowser(path.join(here, 'page.ts')), { host: 'localhost' });
  const origin = new URL(site.url).origin;
  const s = await startSystem({ env: { CORS_ORIGINS: origin, AUTH_PROXY_CONFIG_ID } });
  const browser: Browser = await launchChromium();
  const watched = [s.api.url, s.backend.url];

  async function open(): Promise<CoreTab> {
    // A context per tab: its own IndexedDB and localStorage, so no session leaks between flows.
    const page = await (await browser.newContext()).newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    const calls: Call[] = [];
    const pending = new Set<Promise<void>>();
    const record = (req: Request, failure?: string) => {
      if (req.method() === 'OPTIONS' || !watched.some((u) => req.url().startsWith(u))) return;
      const p = (async () => {
        const res = failure ? null : await req.response();
        const answered = failure ?? (await res!.text().catch((e: Error) => `(unreadable: ${e.message})`));
        calls.push({ method: req.method(), url: req.url(), status: res ? res.status() : 'failed', sent: req.postData(), answered });
      })();
      pending.add(p);
      void p.finally(() => pending.delete(p));
    };
    page.on('requestfinished', (req) => record(req));
    page.on('requestfailed', (req) => record(req, `request failed: ${req.failure()?.errorText}`));

    const loaded = async () => {
      await page.goto(site.url);
      await page.waitForFunction(() => document.body?.dataset.ready === 'yes', undefined, { timeout: 15_000 }).catch((e: Error) => {
        throw new Error(`the page did not load: ${pageErrors.join('; ') || e.message}`);
      });
    };
    await loaded();

    async function evaluate<R, A>(fn: InPage<R, A>, arg: A | undefined): Promise<{ ok: true; value: R } | { ok: false; error: ErrorChain }> {
      return page.evaluate(
        async ([src, a]) => {
          const core = (window as unknown as { core: CorePage }).core;
          try {
            return { ok: true as const, value: await new Function('core', 'arg', `return (${src})(core, arg)`)(core, a) };
          } catch (e) {
            return { ok: false as const, error: core.describe(e) };
          }
        },
        [fn.toString(), arg] as const,
      ) as Promise<{ ok: true; value: R } | { ok: false; error: ErrorChain }>;
    }
    const settle = async () => {
      while (pending.size > 0) await Promise.all([...pending]);
    };

    return {
      page,
      calls,
      async run(step, fn, arg) {
        const from = calls.length;
        const out = await evaluate(fn, arg);
        await settle();
        if (out.ok) return out.value;
        throw new CoreStepError(step, out.error, calls.slice(from));
      },
      async refusal(fn, arg) {
        const from = calls.length;
        const out = await evaluate(fn, arg);
        await settle();
        if (out.ok) throw new Error(`expected core to throw, it answered ${JSON.stringify(out.value)}\n${calls.slice(from).map(formatCall).join('\n')}`);
        return { error: out.error, calls: calls.slice(from) };
      },
      async reload() {
        await loaded();
      },
    };
  }

  return {
    s,
    open,
    async stop() {
      await browser.close();
      await site.close();
      await s.stop();
    },
  };
}
