// `npm start` = `tkauth dev`: dependencies if missing, then the whole system on the embedded
// default — the local API on SQLite (data in .tkauth/), its dev OpenID provider, the backend and
// the web page, all on 127.0.0.1. Flags pass through (`npm start -- --web-port 5174`).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { ensureDeps } from './ensure-deps.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
ensureDeps();
const child = spawn(process.execPath, [path.join(root, 'packages/cli/bin/tkauth.js'), 'dev', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
