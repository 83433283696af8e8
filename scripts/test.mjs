// `npm test`: its own set-up (npm dependencies when missing), then every test file under
// packages/*/test with node's test runner, whose summary ends the output.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { ensureDeps } from './ensure-deps.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
ensureDeps();
ensureDebianPackages({ 'redis-server': 'redis-server', chromium: 'chromium' });

/** Installs the Debian packages whose commands the tests run, when they are missing. */
function ensureDebianPackages(commandToPackage) {
  const missing = Object.entries(commandToPackage).filter(([cmd]) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status !== 0).map(([, pkg]) => pkg);
  if (missing.length === 0) return;
  const asRoot = process.getuid?.() === 0 ? [] : ['sudo', '-n'];
  console.log(`[setup] installing Debian packages: ${missing.join(' ')} …`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const run = (args) => spawnSync(args[0], args.slice(1), { stdio: 'inherit', env }).status === 0;
  const ok = run([...asRoot, 'apt-get', 'install', '-y', '-qq', ...missing]) || (run([...asRoot, 'apt-get', 'update', '-qq']) && run([...asRoot, 'apt-get', 'install', '-y', '-qq', ...missing]));
  if (!ok) {
    console.error(`[setup] could not install ${missing.join(' ')}; install them with apt-get and run npm test again`);
    process.exit(1);
  }
}

function findTests(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules') continue;
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) out.push(...findTests(p));
    else if (name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

const only = process.argv.slice(2);
const files = only.length > 0 ? only : readdirSync(path.join(root, 'packages')).flatMap((pkg) => {
  const dir = path.join(root, 'packages', pkg, 'test');
  try {
    return findTests(dir);
  } catch {
    return [];
  }
});
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-timeout=120000', ...files], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, NODE_NO_WARNINGS: '1' },
});
process.exit(result.status ?? 1);
