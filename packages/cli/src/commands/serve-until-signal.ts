/**
 * Serves until Ctrl-C or SIGTERM, then runs `stop` once and exits: the end of every long-running
 * command. `stop` closes the servers the Fastify way — no new connections, in-flight requests
 * answered, idle keep-alive connections closed — then pools; a stop that outlasts `graceMs`
 * (TKAUTH_SHUTDOWN_GRACE_MS, default 10 s) exits 1 instead of hanging an orchestrator's rollout.
 */
const DEFAULT_GRACE_MS = 10_000;

export async function serveUntilSignal(stop: () => Promise<void>, graceMs = Number(process.env.TKAUTH_SHUTDOWN_GRACE_MS) || DEFAULT_GRACE_MS): Promise<never> {
  let stopping = false;
  const onSignal = async () => {
    if (stopping) return;
    stopping = true;
    const late = setTimeout(() => {
      process.stderr.write(`tkauth: shutdown took longer than ${graceMs} ms; exiting\n`);
      process.exit(1);
    }, graceMs);
    late.unref();
    await stop();
    process.exit(0);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return new Promise<never>(() => {});
}
