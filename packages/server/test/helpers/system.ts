/** A local API and a backend in front of it, on free loopback ports, as the tests need them. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startLocalApi, type LocalApi } from '@tkauth/local-api';
import { decodeJwtClaims, type SessionClaims } from '@tkauth/wire';
import { serverConfigFromEnv, startBackend, type Backend } from '../../src/index.ts';
import { testDatabaseUrl } from '../../../local-api/test/helpers/engine.ts';

/** The claims of a session JWT the backend returned (decoded by the wire package, not verified). */
export const sessionClaims = (jwt: string) => decodeJwtClaims(jwt) as unknown as SessionClaims;

export interface System {
  api: LocalApi;
  backend: Backend;
  post(route: string, body: unknown): Promise<{ status: number; json: any; headers: Headers }>;
  code(contact: string): Promise<string>;
  stop(): Promise<void>;
}

export function backendEnv(api: LocalApi, extra: Record<string, string> = {}): Record<string, string> {
  const c = api.credentials;
  return { PORT: '0', TURNKEY_API_URL: c.apiBaseUrl, TURNKEY_ORGANIZATION_ID: c.organizationId, TURNKEY_API_PUBLIC_KEY: c.apiPublicKey, TURNKEY_API_PRIVATE_KEY: c.apiPrivateKey, LOG_LEVEL: 'silent', ...extra };
}

/** `env` may depend on the local API (its URLs are known once it runs). */
export async function startSystem(opts: { env?: Record<string, string> | ((api: LocalApi) => Record<string, string>); logStream?: NodeJS.WritableStream } = {}): Promise<System> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tkauth-server-test-'));
  const databaseUrl = await testDatabaseUrl(dataDir);
  const api = await startLocalApi({ port: 0, oidcPort: 0, dataDir, logLevel: 'silent', otpMaxPerContact: 50, ...(databaseUrl ? { databaseUrl } : {}) });
  const backend = await startBackend(serverConfigFromEnv(backendEnv(api, typeof opts.env === 'function' ? opts.env(api) : opts.env)), opts.logStream ? { logStream: opts.logStream } : {});
  return {
    api,
    backend,
    async post(route, body) {
      const res = await fetch(backend.url + route, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });
      const text = await res.text();
      let json: unknown = text;
      try {
        json = JSON.parse(text);
      } catch {
        // leave as text
      }
      return { status: res.status, json, headers: res.headers };
    },
    async code(contact) {
      const { messages } = (await (await fetch(`${api.url}/dev/outbox?contact=${encodeURIComponent(contact)}`)).json()) as { messages: { otpCode: string }[] };
      return messages[0]!.otpCode;
    },
    async stop() {
      await backend.close();
      await api.close();
    },
  };
}

let n = 0;
export const uniqueEmail = (tag = 'user') => `${tag}-${Date.now()}-${++n}@example.com`;

/** Asserts a backend refusal: its status, its stable code and, when given, its message. */
export function refused(res: { status: number; json: any }, status: number, code: string, message?: RegExp) {
  assert.equal(res.status, status, JSON.stringify(res.json));
  assert.equal(res.json.code, code, JSON.stringify(res.json));
  if (message) assert.match(res.json.message, message);
}

/** An email's verification token through the backend's /otp/init and /otp/verify (bound to `publicKey` when given). */
export async function verificationTokenFor(s: System, email: string, publicKey?: string): Promise<string> {
  const init = await s.post('/otp/init', { otpType: 'OTP_TYPE_EMAIL', contact: email });
  const v = await s.post('/otp/verify', { otpId: init.json.otpId, otpCode: await s.code(email), ...(publicKey ? { publicKey } : {}) });
  assert.equal(v.status, 200, JSON.stringify(v.json));
  return v.json.verificationToken as string;
}

/** The `id` claim of a verification token (what a clientSignature's message names). */
export const tokenId = (jwt: string) => String(JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString()).id);
