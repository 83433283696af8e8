/**
 * `tkauth server`: the auth backend, configured by the environment (PORT, TURNKEY_API_URL,
 * TURNKEY_ORGANIZATION_ID, TURNKEY_API_PUBLIC_KEY, TURNKEY_API_PRIVATE_KEY, …).
 */
import { ServerConfigError, serverConfigFromEnv, startBackend } from '@tkauth/server';
import { serveUntilSignal } from './serve-until-signal.ts';

export async function serverCommand(argv: string[]): Promise<number> {
  if (argv.length > 0) {
    process.stderr.write(`tkauth server: takes no arguments (configure it with environment variables), got ${argv.join(' ')}\n`);
    return 2;
  }
  let config;
  try {
    config = serverConfigFromEnv(process.env);
  } catch (e) {
    if (!(e instanceof ServerConfigError)) throw e;
    process.stderr.write(`tkauth server: ${e.code}: ${e.message}\n`);
    return 2;
  }
  const backend = await startBackend(config);
  process.stdout.write(`tkauth backend listening on ${backend.url} → ${config.turnkeyApiUrl} (organization ${config.organizationId})\n`);
  return serveUntilSignal({ stop: () => backend.close(), drain: () => backend.drain() });
}
