/** What routes are given: config, the one API client, and shared helpers. Built once at start. */
import type { ServerConfig } from './config.ts';
import type { TurnkeyApi } from './turnkey-client.ts';
import type { Redis } from 'ioredis';
import type { AccountLock } from './keyed-mutex.ts';
import type { RouteLimits } from './rate-limits.ts';
import type { WalletAccountTagger } from './wallet-account-tag.ts';

export interface ServerDeps {
  config: ServerConfig;
  api: TurnkeyApi;
  /** The API's verification-token signing key, when it publishes one (the local API does). */
  signerKey: string | undefined;
  /** Serializes account creation per contact: across instances with Redis, else in this process. */
  accounts: AccountLock;
  /** Marks and recognises the accounts the backend made for wallets. */
  walletAccounts: WalletAccountTagger;
  /** Set when shutdown begins (/readyz says "draining"). */
  lifecycle: { draining: boolean };
}

/** What a route registration receives once the app's shared plugins are in place. */
export interface RouteDeps extends ServerDeps {
  limits: RouteLimits;
  /** The shared Redis, when configured (rate limits, the account lock; /readyz pings it). */
  redis?: Redis;
}
