// `npm start`: dependencies if missing, then the whole system on the embedded default.
// Today that is the local API on SQLite (127.0.0.1:8090, data in .tkauth/).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { ensureDeps } from './ensure-deps.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
ensureDeps();
const child = spawn(process.execPath, [path.join(root, 'packages/cli/bin/tkauth.js'), 'local-api', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
