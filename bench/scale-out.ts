/**
 * Returning-user OTP logins through 1 and 2 instances of each server on PostgreSQL, and through 1
 * instance on SQLite, side by side in one run (issue 14). Each configuration gets its own users:
 * signed up first (not measured), then logged in again (measured). With 2 instances, backend i
 * sits in front of local API i (as a load balancer would spread them), both APIs on one database
 * and one data dir, both backends on one Redis; half the users go to each pair. On a 2-core
 * machine the point is the CPU each login costs and that nothing serializes across instances,
 * not a speed-up: more processes than cores only share the same two.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runLogins, type RunResult } from './backend-logins.ts';
import { startPgCluster } from '../scripts/pg-cluster.mjs';
import { startRedis } from '../packages/server/test/helpers/redis.ts';
import { createDatabase } from '../packages/local-api/test/helpers/engine.ts';

type Start = (args: string[], opts: { env?: Record<string, string>; pin?: boolean }) => Promise<{ child: import('node:child_process').ChildProcess; info: any }>;
type CpuMs = (pid: number) => number;

interface Config {
  name: string;
  instances: number;
  engine: 'sqlite' | 'postgres';
}

const CONFIGS: Config[] = [
  { name: '1 + 1 instances, SQLite', instances: 1, engine: 'sqlite' },
  { name: '1 + 1 instances, PostgreSQL', instances: 1, engine: 'postgres' },
  { name: '2 + 2 instances, PostgreSQL + Redis', instances: 2, engine: 'postgres' },
];

/** Both halves at once, one result: logins over the wall time, percentiles over all. */
async function together(runs: Promise<RunResult>[]): Promise<RunResult> {
  const t0 = performance.now();
  const done = await Promise.all(runs);
  const seconds = (performance.now() - t0) / 1000;
  const sorted = done.flatMap((r) => r.latencies).sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))]!;
  return { rps: sorted.length / seconds, p50: at(0.5), p99: at(0.99), seconds, latencies: sorted };
}

/** CPU of a process and its children (PostgreSQL's postmaster and the backend per connection), from /proc. */
function treeCpuMs(cpuMs: CpuMs, root: number): number {
  let total = cpuMs(root);
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const ppid = Number(fs.readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]);
      if (ppid === root) total += cpuMs(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return total;
}

export async function benchScaleOut(startServer: Start, cpuMs: CpuMs, say: (m: string) => void): Promise<string> {
  const USERS = Number(process.env.BENCH_SCALE_USERS ?? 200);
  const CONC = Number(process.env.BENCH_SCALE_CONCURRENCY ?? 16);
  const cluster = await startPgCluster();
  const redis = await startRedis();
  const rows: string[] = [];
  try {
    for (const [n, cfg] of CONFIGS.entries()) {
      say(`scale-out: ${cfg.name}, ${USERS} users, ${CONC} at a time …`);
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tkauth-bench-scale-'));
      const databaseUrl = cfg.engine === 'postgres' ? await createDatabase(cluster.url, `bench_scale_${n}_${Date.now()}`) : undefined;
      const apiEnv = { BENCH_DATA_DIR: dataDir, BENCH_LOG_LEVEL: 'warn', ...(databaseUrl ? { BENCH_DATABASE_URL: databaseUrl } : {}) };
      const apis: Awaited<ReturnType<Start>>[] = [];
      const backends: Awaited<ReturnType<Start>>[] = [];
      try {
        // One after the other: the first makes the data dir's keys and the parent organization.
        for (let i = 0; i < cfg.instances; i++) apis.push(await startServer(['local-api'], { env: apiEnv, pin: false }));
        const c = apis[0]!.info.credentials;
        for (let i = 0; i < cfg.instances; i++) {
          const env: Record<string, string> = {
            TURNKEY_API_URL: apis[i]!.info.url,
            TURNKEY_ORGANIZATION_ID: c.organizationId,
            TURNKEY_API_PUBLIC_KEY: c.apiPublicKey,
            TURNKEY_API_PRIVATE_KEY: c.apiPrivateKey,
            BENCH_LOG_LEVEL: 'info',
            ...(cfg.instances > 1 ? { REDIS_URL: redis.url } : {}),
          };
          backends.push(await startServer(['backend'], { env, pin: false }));
        }
        const emails = Array.from({ length: USERS }, (_, i) => `scale-${n}-${Date.now()}-${i}@example.com`);
        const share = (i: number) => emails.filter((_, k) => k % cfg.instances === i);
        const pass = () => together(backends.map((b, i) => runLogins('tkauth', b.info.url, apis[i]!.info.url, share(i), Math.ceil(CONC / cfg.instances))));
        await pass(); // sign-ups, not measured
        const pids = [...apis, ...backends].map((p) => p.child.pid!);
        const before = pids.map(cpuMs);
        const pgBefore = cfg.engine === 'postgres' ? treeCpuMs(cpuMs, cluster.pid) : 0;
        const gen0 = process.cpuUsage();
        const r = await pass();
        const cpu = pids.map((pid, i) => cpuMs(pid) - before[i]!);
        // Connections stay open in the pools, so their backends live through the pass: their CPU counts.
        const pgCpu = cfg.engine === 'postgres' ? (treeCpuMs(cpuMs, cluster.pid) - pgBefore) / USERS : 0;
        const gen = process.cpuUsage(gen0);
        const apiCpu = cpu.slice(0, cfg.instances).reduce((a, b) => a + b, 0) / USERS;
        const backendCpu = cpu.slice(cfg.instances).reduce((a, b) => a + b, 0) / USERS;
        const genCpu = (gen.user + gen.system) / 1000 / USERS;
        rows.push(`| ${cfg.name} | ${r.rps.toFixed(1)} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${apiCpu.toFixed(2)} | ${backendCpu.toFixed(2)} | ${pgCpu.toFixed(2)} | ${genCpu.toFixed(2)} | ${(apiCpu + backendCpu + pgCpu).toFixed(2)} |`);
        say(`  ${r.rps.toFixed(1)} returning logins/s`);
      } finally {
        for (const p of [...backends, ...apis]) p.child.kill();
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    }
  } finally {
    await redis.stop();
    await cluster.remove();
  }
  const base = rows[0];
  return [
    `| returning OTP logins (init → code → verify → login), ${os.cpus().length} cores | logins/s | p50 ms | p99 ms | local API CPU ms/login | backend CPU ms/login | PostgreSQL CPU ms/login | load generator CPU ms/login | servers CPU ms/login |`,
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows,
    '',
    `(${USERS} users per row, signed up first, then measured logging in again; ${CONC} concurrent in all, split evenly over the instances; CPU summed over the instances of each server, PostgreSQL's over its postmaster and connection backends; Redis not counted; baseline: the SQLite row${base ? '' : ' (missing)'})`,
  ].join('\n');
}
