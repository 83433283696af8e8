/** The HPKE table of `npm run bench` (bench/hpke-run.ts, run bundled on plain Node). */
import { runBundled } from './bundled.ts';

export interface HpkeRow {
  name: string;
  opsPerSecond: number;
}

export const benchHpke = (root: string, pin: boolean) => runBundled<HpkeRow[]>(root, 'hpke-run.ts', pin);

export function hpkeTable(rows: HpkeRow[]): string {
  const base = rows[0]!;
  return [
    '| verify_otp V2 bundle open (same bundles, plain Node, one core) | opens/s | ÷ baseline |',
    '|---|---:|---:|',
    ...rows.map((r) => `| ${r.name} | ${r.opsPerSecond.toFixed(0)} | ${(r.opsPerSecond / base.opsPerSecond).toFixed(2)} |`),
  ].join('\n');
}
