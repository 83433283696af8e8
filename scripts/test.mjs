// `npm test`: its own set-up (npm dependencies when missing; Redis, Chromium and PostgreSQL from
// Debian when missing; a throwaway PostgreSQL cluster), then every test file under packages/*/test
// with node's test runner — the local-API and backend files twice, on SQLite and on PostgreSQL —
// whose summary ends the output.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';
import { ensureDeps } from './ensure-deps.mjs';
import { postgresBinDir, startPgCluster } from './pg-cluster.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
ensureDeps();
const hasCommand = (cmd) => () => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
ensureDebianPackages({ 'redis-server': hasCommand('redis-server'), chromium: hasCommand('chromium'), postgresql: () => postgresBinDir() !== undefined });

/** Installs the Debian packages the tests run, when they are missing. */
function ensureDebianPackages(present) {
  const missing = Object.entries(present).filter(([, isThere]) => !isThere()).map(([pkg]) => pkg);
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

// What runs on PostgreSQL too: the suites of the two servers that store or forward to the store,
// except the tests of SQLite itself (its file, its migrations from old files, its query plans) and
// those that set up their own engines (scale-out: PostgreSQL and Redis of its own).
const ON_BOTH_ENGINES = ['local-api', 'server'];
const ONCE = new Set(['migrations.test.ts', 'list-suborgs-plan.test.ts', 'restart.test.ts', 'scale-out.test.ts']);

const only = process.argv.slice(2);
const files = only.length > 0 ? only.map((f) => path.resolve(f)) : readdirSync(path.join(root, 'packages')).flatMap((pkg) => {
  const dir = path.join(root, 'packages', pkg, 'test');
  try {
    return findTests(dir);
  } catch {
    return [];
  }
});

/**
 * The PostgreSQL pass: for each file, a one-line shim that sets the engine and imports it — node's
 * runner then runs both passes in one summary, each file in its own process.
 */
function postgresShims(dir) {
  return files
    .filter((f) => ON_BOTH_ENGINES.some((pkg) => f.startsWith(path.join(root, 'packages', pkg, 'test') + path.sep)) && !ONCE.has(path.basename(f)))
    .map((f) => {
      const shim = path.join(dir, `${path.relative(root, f).replaceAll(path.sep, '__').replace(/\.test\.ts$/, '')}.postgres.test.mjs`);
      writeFileSync(shim, `process.env.TKAUTH_TEST_ENGINE = 'postgres';\nawait import(${JSON.stringify(pathToFileURL(f).href)});\n`);
      return shim;
    });
}

const shimDir = mkdtempSync(path.join(os.tmpdir(), 'tkauth-pg-pass-'));
const shims = postgresShims(shimDir);
let cluster;
if (shims.length > 0) {
  console.log('[setup] starting a throwaway PostgreSQL cluster …');
  cluster = await startPgCluster();
  console.log(`[setup] PostgreSQL on 127.0.0.1:${cluster.port}; ${shims.length} test files also run on it`);
}
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-timeout=120000', ...files, ...shims], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, NODE_NO_WARNINGS: '1', ...(cluster ? { TKAUTH_TEST_PG_URL: cluster.url } : {}) },
});
await cluster?.remove();
rmSync(shimDir, { recursive: true, force: true });
process.exit(result.status ?? 1);
