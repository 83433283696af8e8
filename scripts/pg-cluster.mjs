// A throwaway PostgreSQL cluster for tests and benchmarks: initdb in a temp dir, one postgres
// process on 127.0.0.1 and a free port, trust auth for one role, removed again by remove().
// Durability is off (fsync, synchronous_commit): the data lives only as long as the run.
// PostgreSQL refuses to run as root, so as root the cluster belongs to the Debian `postgres` user.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** The newest PostgreSQL server binaries Debian installed, or undefined when there are none. */
export function postgresBinDir() {
  const root = '/usr/lib/postgresql';
  if (!fs.existsSync(root)) return undefined;
  const versions = fs.readdirSync(root).filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(root, versions[0], 'bin') : undefined;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function postgresUser() {
  if (process.getuid?.() !== 0) return undefined;
  const uid = Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim());
  const gid = Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim());
  if (!Number.isInteger(uid) || !Number.isInteger(gid)) throw new Error('running as root, and there is no postgres user to run PostgreSQL as (apt-get install postgresql makes one)');
  return { uid, gid };
}

async function waitForConnect(port, child, ms) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`postgres exited with ${child.exitCode}`);
    const ok = await new Promise((resolve) => {
      const c = net.connect(port, '127.0.0.1');
      c.once('connect', () => (c.destroy(), resolve(true)));
      c.once('error', () => resolve(false));
    });
    // Accepting TCP is not yet accepting logins: pg_isready asks the server itself.
    if (ok && spawnSync(path.join(postgresBinDir(), 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port), '-q']).status === 0) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`postgres did not accept connections on 127.0.0.1:${port} within ${ms} ms`);
}

/**
 * Starts a cluster; resolves to { url (the admin database), port, stop(), start(), remove() }.
 * stop() and start() take the same cluster down and up again on the same port (fault tests).
 */
export async function startPgCluster({ role = 'tkauth', log = false } = {}) {
  const bin = postgresBinDir();
  if (!bin) throw new Error('PostgreSQL is not installed (apt-get install -y postgresql)');
  const owner = postgresUser();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tkauth-pg-'));
  const data = path.join(dir, 'data');
  if (owner) fs.chownSync(dir, owner.uid, owner.gid);
  const asOwner = owner ? { uid: owner.uid, gid: owner.gid } : {};
  const init = spawnSync(path.join(bin, 'initdb'), ['-D', data, '-U', role, '--auth=trust', '--locale=C', '-E', 'UTF8', '-N'], { encoding: 'utf8', ...asOwner });
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr || init.stdout}`);
  const port = await freePort();
  let child;
  const start = async () => {
    child = spawn(
      path.join(bin, 'postgres'),
      ['-D', data, '-c', 'listen_addresses=127.0.0.1', '-p', String(port), '-k', dir, '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=300', '-c', 'shared_buffers=64MB'],
      { stdio: ['ignore', log ? 'inherit' : 'ignore', log ? 'inherit' : 'ignore'], ...asOwner },
    );
    await waitForConnect(port, child, 20_000);
  };
  const stop = async () => {
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    // SIGINT: PostgreSQL's fast shutdown (clients disconnected, no wait for them to leave).
    child.kill('SIGINT');
    await exited;
  };
  await start();
  return {
    url: `postgres://${role}@127.0.0.1:${port}/postgres`,
    port,
    /** The postmaster's pid (its backends are its children): for benchmarks that count its CPU. */
    get pid() {
      return child.pid;
    },
    start,
    stop,
    async remove() {
      await stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
