/** Serves until Ctrl-C or SIGTERM, then runs `stop` once and exits 0: the end of every long-running command. */
export async function serveUntilSignal(stop: () => Promise<void>): Promise<never> {
  let stopping = false;
  const onSignal = async () => {
    if (stopping) return;
    stopping = true;
    await stop();
    process.exit(0);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return new Promise<never>(() => {});
}
