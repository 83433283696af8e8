/**
 * Rate limits (issue 4): per IP on every route (@fastify/rate-limit); per contact on /otp/init (a
 * minute and an hour window) and per otpId on /otp/verify (window counters keyed by the body, see
 * window-limiter.ts). In memory by default; shared through Redis when REDIS_URL is set, so several
 * backend instances enforce one limit. A refusal is 429 RATE_LIMITED with Retry-After.
 */
import type { FastifyInstance, FastifyRequest, preHandlerHookHandler } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import type { Redis } from 'ioredis';
import { BackendError } from '@tkauth/wire';
import type { ServerConfig } from './config.ts';
import { MemoryWindowStore, RedisWindowStore, type WindowStore } from './window-limiter.ts';

export interface RouteLimits {
  otpInit: preHandlerHookHandler[];
  otpVerify: preHandlerHookHandler[];
}

const refusal = (_req: FastifyRequest, ctx: { after: string; statusCode: number }) => {
  const e = new BackendError('RATE_LIMITED', `retry in ${ctx.after}`);
  // @fastify/rate-limit throws what this returns; the status travels with it.
  return Object.assign(e, { statusCode: ctx.statusCode });
};

export async function installRateLimits(app: FastifyInstance, c: ServerConfig, redis: Redis | undefined, now: () => number = Date.now): Promise<RouteLimits> {
  await app.register(rateLimit, {
    global: true,
    max: c.rateLimitIpPerMinute,
    timeWindow: 60_000,
    ...(redis ? { redis } : {}),
    nameSpace: 'tkauth-ip-',
    errorResponseBuilder: refusal,
  });
  const store: WindowStore = redis ? new RedisWindowStore(redis) : new MemoryWindowStore();
  const body = (req: FastifyRequest) => (req.body ?? {}) as Record<string, unknown>;
  const contactKey = (req: FastifyRequest) => String(body(req).contact ?? '').trim().toLowerCase();
  const limit =
    (name: string, max: number, windowMs: number, key: (req: FastifyRequest) => string): preHandlerHookHandler =>
    async (req, reply) => {
      const hit = await store.hit(`${name}:${key(req)}`, windowMs, now());
      if (hit.count > max) {
        const seconds = Math.max(1, Math.ceil(hit.resetMs / 1000));
        void reply.header('retry-after', String(seconds));
        throw new BackendError('RATE_LIMITED', `retry in ${seconds} s`);
      }
    };
  return {
    otpInit: [
      limit('contact-minute', c.rateLimitOtpPerContactPerMinute, 60_000, contactKey),
      limit('contact-hour', c.rateLimitOtpPerContactPerHour, 3_600_000, contactKey),
    ],
    otpVerify: [limit('otp-id', c.rateLimitVerifyPerOtp, 15 * 60_000, (req) => String(body(req).otpId ?? ''))],
  };
}
