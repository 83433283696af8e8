/** The `tkauth` command: one subcommand per part of the system. */
import { localApiCommand } from './commands/local-api.ts';
import { serverCommand } from './commands/server.ts';
import { devCommand } from './commands/dev.ts';
import { loginCommand } from './commands/login.ts';
import { logoutCommand, signCommand, walletsCommand, whoamiCommand } from './commands/account.ts';

const USAGE = `usage: tkauth <command> [options]

commands:
  dev         the whole system on loopback (= npm start): local API, backend, web page
              --data .tkauth  --web-port 5173  --backend-port 3000  --api-port 8090  --oidc-port 8091
              --instances N --database-url postgres://… --redis-url redis://…  (N of each server)
  local-api   run the local Turnkey-compatible API
              --port 8090  --host 127.0.0.1  --data .tkauth  --no-dev
              --database-url postgres://… (TKAUTH_DATABASE_URL; SQLite in the data dir when absent)
              --oidc-port 8091 (the dev OpenID provider, dev mode only)
  server      run the auth backend (configured by PORT, TURNKEY_API_URL, TURNKEY_ORGANIZATION_ID,
              TURNKEY_API_PUBLIC_KEY, TURNKEY_API_PRIVATE_KEY, …)
  login       sign in from this terminal: --email ADDRESS | --phone +NUMBER (asks for the code)
  whoami      the signed-in user
  wallets     the user's wallets and addresses
  sign        sign a message: --message TEXT [--address ADDRESS] (default: the first Ethereum account)
  logout      end the session here and delete its key on the server
              each of these takes --backend URL (default: the one used at login, else
              http://127.0.0.1:3000) and --json; keys and session live in ~/.tkauth (TKAUTH_HOME)
              exit codes: 0 ok, 1 error, 2 usage, 3 not logged in, 4 refused, 5 unreachable
  help        show this text
`;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'dev':
      return devCommand(rest);
    case 'login':
      return loginCommand(rest);
    case 'whoami':
      return whoamiCommand(rest);
    case 'wallets':
      return walletsCommand(rest);
    case 'sign':
      return signCommand(rest);
    case 'logout':
      return logoutCommand(rest);
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
