/**
 * Runs a bench script as an app would run it: bundled by esbuild (our TypeScript inlined, the
 * @turnkey / @noble / @scure packages loaded by Node as installed), by plain Node on one core —
 * no module-loader hook weighing on either side of a comparison. The script prints one JSON line.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

export async function runBundled<T>(root: string, script: string, pin: boolean): Promise<T> {
  const out = path.join(root, 'bench', `.bundled-${process.pid}.mjs`);
  await build({ entryPoints: [path.join(root, 'bench', script)], outfile: out, bundle: true, platform: 'node', format: 'esm', target: 'node20', external: ['@turnkey/*', '@noble/*', '@scure/*'], logLevel: 'error' });
  try {
    const cmd = pin ? ['taskset', '-c', '0', process.execPath, out] : [process.execPath, out];
    const run = spawnSync(cmd[0]!, cmd.slice(1), { cwd: root, encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`${script} failed: ${run.stderr}`);
    return JSON.parse(run.stdout.trim().split('\n').pop()!) as T;
  } finally {
    fs.rmSync(out, { force: true });
  }
}
