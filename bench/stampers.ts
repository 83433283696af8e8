/** The stamper table of `npm run bench` (bench/stampers-run.ts, run bundled on plain Node). */
import { runBundled } from './bundled.ts';

export interface StamperRow {
  name: string;
  sequential: number;
  concurrent16: number;
}

export const benchStampers = (root: string, pin: boolean) => runBundled<StamperRow[]>(root, 'stampers-run.ts', pin);

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
