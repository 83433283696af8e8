/**
 * The page the official-core test loads: @turnkey/core 2.8.1 exactly as npm ships it, bundled for
 * the browser, driven from the test through `window.core`. Nothing here helps core along: the
 * page only creates the client and turns thrown errors into data the test can read.
 */
import { TurnkeyClient, type TurnkeySDKClientConfig } from '@turnkey/core';

/** An error and its `cause` chain, as core builds them (TurnkeyError → TurnkeyRequestError). */
export interface ErrorChain {
  name: string;
  message: string;
  code?: unknown;
  details?: unknown;
  cause?: ErrorChain;
}

export interface CorePage {
  /** A fresh TurnkeyClient, `init()`ed (storage: this origin's IndexedDB and localStorage). */
  start(config: TurnkeySDKClientConfig): Promise<void>;
  client(): TurnkeyClient;
  describe(e: unknown): ErrorChain;
}

let client: TurnkeyClient | undefined;

function describe(e: unknown, depth = 0): ErrorChain {
  const err = e as { name?: unknown; message?: unknown; code?: unknown; details?: unknown; cause?: unknown };
  const out: ErrorChain = { name: String(err?.name ?? typeof e), message: String(err?.message ?? JSON.stringify(e)) };
  if (err?.code !== undefined) out.code = err.code;
  if (err?.details != null) out.details = err.details;
  if (err?.cause !== undefined && depth < 5) out.cause = describe(err.cause, depth + 1);
  return out;
}

const page: CorePage = {
  async start(config) {
    client = new TurnkeyClient(config);
    await client.init();
  },
  client: () => {
    if (!client) throw new Error('call start() first');
    return client;
  },
  describe: (e) => describe(e),
};

(window as unknown as { core: CorePage }).core = page;
document.body.dataset.ready = 'yes';
