/** Turnkey timestamps travel as `{seconds, nanos}` strings (turnkey-wire.md §3.2). */
export interface WireTimestamp {
  seconds: string;
  nanos: string;
}

export const toWireTimestamp = (ms: number): WireTimestamp => ({
  seconds: String(Math.floor(ms / 1000)),
  nanos: String((ms % 1000) * 1_000_000),
});
