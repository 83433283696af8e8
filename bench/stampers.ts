/**
 * The stamper table of `npm run bench`: bench/stampers-run.ts bundled by esbuild (our TypeScript
 * inlined, @turnkey and @noble packages loaded by Node as installed) and run by plain Node on one
 * core, so no module-loader hook weighs on either side.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

export interface StamperRow {
  name: string;
  sequential: number;
  concurrent16: number;
}

export async function benchStampers(root: string, pin: boolean): Promise<StamperRow[]> {
  const out = path.join(root, 'bench', `.stampers-${process.pid}.mjs`);
  await build({ entryPoints: [path.join(root, 'bench', 'stampers-run.ts')], outfile: out, bundle: true, platform: 'node', format: 'esm', target: 'node20', external: ['@turnkey/*', '@noble/*', '@scure/*'], logLevel: 'error' });
  try {
    const cmd = pin ? ['taskset', '-c', '0', process.execPath, out] : [process.execPath, out];
    const run = spawnSync(cmd[0]!, cmd.slice(1), { cwd: root, encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`stamper bench failed: ${run.stderr}`);
    return JSON.parse(run.stdout.trim().split('\n').pop()!) as StamperRow[];
  } finally {
    fs.rmSync(out, { force: true });
  }
}

export function stamperTable(rows: StamperRow[]): string {
  const base = rows[0]!;
  const f = (n: number) => n.toFixed(0);
  return [
    '| stamper (same body, same machine, plain Node) | stamps/s, one at a time | ÷ baseline | stamps/s, 16 at a time | ÷ baseline |',
    '|---|---:|---:|---:|---:|',
    ...rows.map((r) => `| ${r.name} | ${f(r.sequential)} | ${(r.sequential / base.sequential).toFixed(2)} | ${f(r.concurrent16)} | ${(r.concurrent16 / base.concurrent16).toFixed(2)} |`),
    '',
    `(target: the device stamper ≥ 1.0 × @turnkey/api-key-stamper: ${rows[1]!.sequential >= base.sequential && rows[1]!.concurrent16 >= base.concurrent16 ? 'met' : 'NOT met'})`,
  ].join('\n');
}
