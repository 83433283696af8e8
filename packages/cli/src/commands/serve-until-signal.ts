/**
 * Serves until Ctrl-C or SIGTERM, then stops once and exits: the end of every long-running
 * command. First it drains for `drainMs` (TKAUTH_SHUTDOWN_DRAIN_MS; /readyz answers 503
 * "draining" and everything is still served), so connections already queued in the kernel and
 * requests a balancer still sends are answered, not reset; then `stop` closes the servers the
 * Fastify way — no new connections, in-flight requests answered, idle keep-alive connections
 * closed — and the pools. A stop that outlasts `graceMs` (TKAUTH_SHUTDOWN_GRACE_MS, default
 * 10 s) exits 1 instead of hanging an orchestrator's rollout.
 */
const DEFAULT_GRACE_MS = 10_000;

export interface Shutdown {
  stop(): Promise<void>;
  /** Called at the signal, before the drain period. */
  drain?(): void;
  /** Default TKAUTH_SHUTDOWN_DRAIN_MS, else 1 s; 0 for commands nothing balances (tkauth dev). */
  drainMs?: number;
}

const envMs = (name: string): number | undefined => {
  const v = process.env[name];
  return v !== undefined && v !== '' && Number.isFinite(Number(v)) ? Number(v) : undefined;
};

export async function serveUntilSignal(s: Shutdown | (() => Promise<void>)): Promise<never> {
  const { stop, drain, drainMs = envMs('TKAUTH_SHUTDOWN_DRAIN_MS') ?? 1_000 } = typeof s === 'function' ? { stop: s, drainMs: 0 } : s;
  const graceMs = envMs('TKAUTH_SHUTDOWN_GRACE_MS') ?? DEFAULT_GRACE_MS;
  let stopping = false;
  const onSignal = async () => {
    if (stopping) return;
    stopping = true;
    const late = setTimeout(() => {
      process.stderr.write(`tkauth: shutdown took longer than ${graceMs} ms; exiting\n`);
      process.exit(1);
    }, drainMs + graceMs);
    late.unref();
    drain?.();
    if (drainMs > 0) await new Promise((r) => setTimeout(r, drainMs));
    try {
      await stop();
    } catch (e) {
      process.stderr.write(`tkauth: shutdown failed: ${(e as Error).message}\n`);
      process.exit(1);
    }
    process.exit(0);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return new Promise<never>(() => {});
}
