/** The `tkauth` command: one subcommand per part of the system. */
import { localApiCommand } from './commands/local-api.ts';
import { serverCommand } from './commands/server.ts';

const USAGE = `usage: tkauth <command> [options]

commands:
  local-api   run the local Turnkey-compatible API
              --port 8090  --host 127.0.0.1  --data .tkauth  --no-dev
              --oidc-port 8091 (the dev OpenID provider, dev mode only)
  server      run the auth backend (configured by PORT, TURNKEY_API_URL, TURNKEY_ORGANIZATION_ID,
              TURNKEY_API_PUBLIC_KEY, TURNKEY_API_PRIVATE_KEY, …)
  help        show this text
`;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'local-api':
      return localApiCommand(rest);
    case 'server':
      return serverCommand(rest);
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(USAGE);
      return command === undefined ? 2 : 0;
    default:
      process.stderr.write(`tkauth: unknown command ${JSON.stringify(command)}\n\n${USAGE}`);
      return 2;
  }
}
