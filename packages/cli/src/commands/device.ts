/**
 * What the terminal client's commands share: the backend to use (--backend, else the one saved at
 * login, else 127.0.0.1:3000), the device SDK on the Node key store (~/.tkauth, or TKAUTH_HOME),
 * output as text or --json, and exit codes scripts can rely on.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TurnkeyContext, TurnkeyClientError } from '@tkauth/client';
import { writeSecretFile } from '@tkauth/wire/secret-file';

export const EXIT = {
  ok: 0,
  /** Anything unexpected. */
  error: 1,
  /** Bad flags or arguments. */
  usage: 2,
  /** No session stored (or it expired): run `tkauth login`. */
  notLoggedIn: 3,
  /** The backend or API refused: wrong or expired code, too many tries. */
  refused: 4,
  /** The backend or API cannot be reached. */
  unreachable: 5,
} as const;

export class CliError extends Error {
  constructor(
    readonly exitCode: number,
    message: string,
  ) {
    super(message);
  }
}

export const DEFAULT_BACKEND = 'http://127.0.0.1:3000';
export const storageDir = () => process.env.TKAUTH_HOME || path.join(os.homedir(), '.tkauth');
const savedFile = () => path.join(storageDir(), 'cli.json');

export function savedBackend(): string | undefined {
  try {
    return (JSON.parse(fs.readFileSync(savedFile(), 'utf8')) as { backendUrl?: string }).backendUrl;
  } catch {
    return undefined;
  }
}

export function saveBackend(backendUrl: string): void {
  fs.mkdirSync(storageDir(), { recursive: true, mode: 0o700 });
  writeSecretFile(savedFile(), JSON.stringify({ backendUrl }, null, 2) + '\n');
}

export async function backendRequest<T>(backendUrl: string, route: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(backendUrl + route, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  } catch {
    throw new CliError(EXIT.unreachable, `cannot reach the backend at ${backendUrl} (is \`npm start\` running? or pass --backend URL)`);
  }
  const json = (await res.json().catch(() => ({}))) as T & { code?: string; message?: string };
  if (!res.ok) {
    const code = json.code ?? String(res.status);
    const exit = res.status >= 500 ? EXIT.unreachable : EXIT.refused;
    throw Object.assign(new CliError(exit, `${json.message ?? `the backend answered ${res.status}`} (${code})`), { code });
  }
  return json;
}

/** The device SDK for the backend's API and organization (asked from the backend itself). */
export async function openDevice(backendUrl: string): Promise<TurnkeyContext> {
  const cfg = await backendRequest<{ apiBaseUrl: string; organizationId: string }>(backendUrl, '/client-config');
  const ctx = new TurnkeyContext({ organizationId: cfg.organizationId, apiBaseUrl: cfg.apiBaseUrl, storageDir: storageDir(), auth: { autoRefreshSession: false } });
  await ctx.ready;
  return ctx;
}

/** Turns any failure into a message and an exit code. */
export function asCliError(e: unknown): CliError {
  if (e instanceof CliError) return e;
  if (e instanceof TurnkeyClientError) {
    if (e.code === 'NO_ACTIVE_SESSION' || e.code === 'SESSION_EXPIRED') return new CliError(EXIT.notLoggedIn, 'not logged in: run `tkauth login --email you@example.com`');
    if (e.code === 'API_UNREACHABLE') return new CliError(EXIT.unreachable, 'cannot reach the key-management API');
    if (e.code === 'API_REQUEST_FAILED') return new CliError(EXIT.refused, e.message);
    return new CliError(EXIT.error, `${e.message} (${e.code})`);
  }
  return new CliError(EXIT.error, (e as Error)?.message ?? String(e));
}

export interface Io {
  out(text: string): void;
  err(text: string): void;
}

export const stdio: Io = { out: (t) => process.stdout.write(t + '\n'), err: (t) => process.stderr.write(t + '\n') };
