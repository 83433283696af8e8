/**
 * The per-account critical section across backend instances: a Redis lock per key (SET NX PX with
 * a random token, renewed while the task runs, released only by its holder). Within one instance
 * the tasks for a key queue in process first, so one instance asks Redis once per turn, not once
 * per waiting request. Redis rather than a PostgreSQL advisory lock: the section spans several
 * calls to the key-management API (look up, then create), which may be Turnkey itself, with no
 * database of ours in reach; and the backend already shares its rate limits through Redis.
 * A lock that cannot be had within `waitMs` is 429 (retry); Redis away is 503 — never a guess.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { BackendError } from '@tkauth/wire';
import { type AccountLock, KeyedMutex } from './keyed-mutex.ts';

// Delete / extend only while the lock is still ours (it may have expired and been taken since).
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;

export interface RedisMutexOptions {
  /** How long a lock outlives a holder that died (renewed every third of it while held). */
  ttlMs: number;
  /** How long a request waits for the lock before it is told to retry. */
  waitMs: number;
  prefix: string;
}

const DEFAULTS: RedisMutexOptions = { ttlMs: 15_000, waitMs: 10_000, prefix: 'tkauth-lock:' };

export class RedisMutex implements AccountLock {
  private readonly local = new KeyedMutex();
  private readonly o: RedisMutexOptions;
  constructor(
    private readonly redis: Redis,
    options: Partial<RedisMutexOptions> = {},
  ) {
    this.o = { ...DEFAULTS, ...options };
  }

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    return this.local.run(key, () => this.holding(this.o.prefix + key, task));
  }

  private async holding<T>(k: string, task: () => Promise<T>): Promise<T> {
    const token = randomUUID();
    await this.acquire(k, token);
    const renew = setInterval(() => void this.redis.eval(RENEW, 1, k, token, this.o.ttlMs).catch(() => {}), Math.floor(this.o.ttlMs / 3));
    renew.unref();
    try {
      return await task();
    } finally {
      clearInterval(renew);
      await this.redis.eval(RELEASE, 1, k, token).catch(() => {});
    }
  }

  private async acquire(k: string, token: string): Promise<void> {
    const until = Date.now() + this.o.waitMs;
    let delay = 5;
    for (;;) {
      let got: string | null;
      try {
        got = await this.redis.set(k, token, 'PX', this.o.ttlMs, 'NX');
      } catch {
        throw new BackendError('SHARED_STATE_UNAVAILABLE', 'the account lock (Redis) cannot be reached');
      }
      if (got === 'OK') return;
      if (Date.now() >= until) throw new BackendError('RATE_LIMITED', 'another request for this account is in progress; retry shortly');
      await new Promise((r) => setTimeout(r, delay + Math.random() * delay));
      delay = Math.min(delay * 2, 100);
    }
  }
}
