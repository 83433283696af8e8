/** `tkauth dev` as a person starts it, on free ports, in a fresh data directory. */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../../server/test/helpers/redis.ts';

export const TKAUTH_BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/tkauth.js');

export interface DevSystem {
  child: ChildProcess;
  dataDir: string;
  web: string;
  backend: string;
  api: string;
  oidc: string;
  /** Seconds from spawn to the "ready" line, as the command printed it. */
  readySeconds: number;
  output(): string;
  /** The newest one-time code the dev outbox holds for `contact`. */
  code(contact: string): Promise<string>;
  credentials(): { apiBaseUrl: string; organizationId: string; apiPublicKey: string; apiPrivateKey: string };
  stop(): Promise<number | null>;
}

export async function startDev(dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tkauth-dev-'))): Promise<DevSystem> {
  const [web, backend, api, oidc] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const child = spawn(process.execPath, [TKAUTH_BIN, 'dev', '--data', dataDir, '--web-port', String(web), '--backend-port', String(backend), '--api-port', String(api), '--oidc-port', String(oidc)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const readySeconds = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`tkauth dev did not get ready:\n${out}`)), 60_000);
    child.stdout!.on('data', () => {
      const m = /ready in ([\d.]+) s/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    child.once('exit', (code) => reject(new Error(`tkauth dev exited with ${code}:\n${out}`)));
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    dataDir,
    web: `http://127.0.0.1:${web}`,
    backend: `http://127.0.0.1:${backend}`,
    api: `http://127.0.0.1:${api}`,
    oidc: `http://127.0.0.1:${oidc}`,
    readySeconds,
    output: () => out,
    async code(contact) {
      const { messages } = (await (await fetch(`http://127.0.0.1:${api}/dev/outbox?contact=${encodeURIComponent(contact)}`)).json()) as { messages: { otpCode: string }[] };
      if (!messages[0]) throw new Error(`no code in the dev outbox for ${contact}`);
      return messages[0].otpCode;
    },
    credentials: () => JSON.parse(fs.readFileSync(path.join(dataDir, 'credentials.json'), 'utf8')),
    async stop() {
      if (child.exitCode !== null) return child.exitCode;
      child.kill('SIGINT');
      return exited;
    },
  };
}
