/** Starts a real local API on a free loopback port with a fresh data dir, and the official clients for it. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Turnkey } from '@turnkey/sdk-server';
import { TurnkeyClient } from '@turnkey/http';
import { ApiKeyStamper } from '@turnkey/api-key-stamper';
import { startLocalApi, systemRuntime, type LocalApi, type LocalApiConfig, type Runtime } from '../../src/index.ts';
import { testDatabaseUrl } from './engine.ts';

export interface TestApi {
  api: LocalApi;
  dataDir: string;
  /** @turnkey/sdk-server apiClient(), stamped by the parent organization's admin key. */
  sdk: ReturnType<Turnkey['apiClient']>;
  /** @turnkey/http TurnkeyClient with the same key. */
  http: TurnkeyClient;
  stop(): Promise<void>;
}

export function tempDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'tkauth-test-'));
}

export function sdkFor(baseUrl: string, organizationId: string, key: { publicKey: string; privateKey: string }) {
  return new Turnkey({ apiBaseUrl: baseUrl, defaultOrganizationId: organizationId, apiPublicKey: key.publicKey, apiPrivateKey: key.privateKey }).apiClient();
}

export function httpFor(baseUrl: string, key: { publicKey: string; privateKey: string }): TurnkeyClient {
  return new TurnkeyClient({ baseUrl }, new ApiKeyStamper({ apiPublicKey: key.publicKey, apiPrivateKey: key.privateKey }));
}

/** A clock the test moves by hand: expiry is tested without sleeping. */
export function manualClock(start = Date.now()): Runtime & { advance(ms: number): void } {
  let now = start;
  return { ...systemRuntime, now: () => now, advance: (ms) => void (now += ms) };
}

export interface TestApiOptions {
  dataDir?: string;
  rt?: Runtime;
  config?: Partial<LocalApiConfig>;
  logStream?: NodeJS.WritableStream;
}

export async function startTestApi({ dataDir = tempDataDir(), rt = systemRuntime, config = {}, logStream }: TestApiOptions = {}): Promise<TestApi> {
  const databaseUrl = await testDatabaseUrl(dataDir);
  const api = await startLocalApi({ port: 0, oidcPort: 0, dataDir, logLevel: 'silent', ...(databaseUrl ? { databaseUrl } : {}), ...config }, rt, logStream ? { logStream } : {});
  const c = api.credentials;
  const key = { publicKey: c.apiPublicKey, privateKey: c.apiPrivateKey };
  return {
    api,
    dataDir,
    sdk: sdkFor(c.apiBaseUrl, c.organizationId, key),
    http: httpFor(c.apiBaseUrl, key),
    stop: () => api.close(),
  };
}

/** A raw stamped POST, for the cases an official client will not produce (tampering, bad stamps). */
export async function rawPost(baseUrl: string, route: string, body: string, headers: Record<string, string>): Promise<{ status: number; json: any }> {
  const res = await fetch(baseUrl + route, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: res.status, json };
}

export async function stampHeader(body: string, key: { publicKey: string; privateKey: string }): Promise<Record<string, string>> {
  const s = await new ApiKeyStamper({ apiPublicKey: key.publicKey, apiPrivateKey: key.privateKey }).stamp(body);
  return { [s.stampHeaderName]: s.stampHeaderValue };
}
