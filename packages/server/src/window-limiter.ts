/**
 * Fixed-window counters for the limits keyed by request content (a contact, an otpId), which
 * @fastify/rate-limit cannot stack on top of its per-IP limit (it runs once per request). Memory by
 * default; Redis (INCR + PEXPIRE, atomic in a MULTI) when configured, so instances share counts.
 */
import type { Redis } from 'ioredis';

export interface WindowHit {
  count: number;
  /** Milliseconds until the window resets. */
  resetMs: number;
}

export interface WindowStore {
  hit(key: string, windowMs: number, now: number): Promise<WindowHit>;
}

export class MemoryWindowStore implements WindowStore {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();
  async hit(key: string, windowMs: number, now: number): Promise<WindowHit> {
    let w = this.windows.get(key);
    if (!w || w.resetAt <= now) {
      w = { count: 0, resetAt: now + windowMs };
      this.windows.set(key, w);
      if (this.windows.size > 100_000) this.sweep(now);
    }
    w.count++;
    return { count: w.count, resetMs: w.resetAt - now };
  }
  private sweep(now: number): void {
    for (const [k, w] of this.windows) if (w.resetAt <= now) this.windows.delete(k);
  }
}

export class RedisWindowStore implements WindowStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'tkauth-window:',
  ) {}
  async hit(key: string, windowMs: number): Promise<WindowHit> {
    const k = this.prefix + key;
    // NX: the first hit of a window sets its expiry; later hits only count.
    const res = await this.redis.multi().incr(k).pexpire(k, windowMs, 'NX').pttl(k).exec();
    if (!res) throw new Error('redis transaction aborted');
    const count = Number(res[0]![1]);
    const ttl = Number(res[2]![1]);
    return { count, resetMs: ttl > 0 ? ttl : windowMs };
  }
}
