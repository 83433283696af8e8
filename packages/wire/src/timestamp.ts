/** Turnkey timestamps travel as `{seconds, nanos}` strings (turnkey-wire.md §3.2). */
export interface WireTimestamp {
  seconds: string;
  nanos: string;
}

export const toWireTimestamp = (ms: number): WireTimestamp => ({
  seconds: String(Math.floor(ms / 1000)),
  nanos: String((ms % 1000) * 1_000_000),
});

/**
 * How far a stamp_login's `timestampMs` may be from the server's clock: 5 minutes back covers a
 * wallet login signed before its sign-up (core's buildWalletLoginRequest → sign-up → send) on a
 * slow backend; a minute ahead covers clock skew. A signed login is not usable for longer than that
 * — by the API (the login itself) nor by the backend (the login as a wallet sign-up's proof).
 */
export const STAMP_LOGIN_FRESHNESS = { pastMs: 5 * 60_000, futureMs: 60_000 } as const;

/** Whether `timestampMs` (the body's string) is within `window` of `now`; its age in ms either way. */
export function freshness(timestampMs: unknown, now: number, window: { pastMs: number; futureMs: number }): { fresh: boolean; ageMs: number } {
  const t = typeof timestampMs === 'string' && /^[0-9]{1,16}$/.test(timestampMs) ? Number(timestampMs) : NaN;
  const ageMs = now - t;
  return { fresh: Number.isFinite(ageMs) && ageMs <= window.pastMs && -ageMs <= window.futureMs, ageMs };
}
