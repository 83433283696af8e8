/**
 * Local API configuration: read once, validated strictly, then frozen (DESIGN.md "Config validated
 * once"). Programs build it from flags and environment; nothing below reads process.env.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { TrustedIssuer } from './oidc/verify-id-token.ts';

export interface Runtime {
  /** Milliseconds since the epoch. */
  now(): number;
  uuid(): string;
  randomBytes(n: number): Uint8Array;
}

export const systemRuntime: Runtime = Object.freeze({
  now: () => Date.now(),
  uuid: () => randomUUID(),
  randomBytes: (n: number) => new Uint8Array(randomBytes(n)),
});

export interface LocalApiConfig {
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  /**
   * PostgreSQL (postgres://…, TKAUTH_DATABASE_URL) instead of SQLite in the data dir. Several
   * instances may share one; the data dir still holds the master key and credentials, and must
   * be the same files for all of them.
   */
  readonly databaseUrl: string | undefined;
  /** Connections each instance keeps to PostgreSQL. */
  readonly databasePoolSize: number;
  /** PostgreSQL cancels any statement running longer (its statement_timeout). */
  readonly databaseStatementTimeoutMs: number;
  /**
   * At most one sub-organization per verified contact under a parent (TKAUTH_ONE_SUBORG_PER_VERIFIED_CONTACT):
   * create_sub_organization with a verification token for a contact another sub-organization of
   * the parent was created with is 409 ERR_CONTACT_HAS_SUBORG. Off by default, as on Turnkey.
   */
  readonly oneSubOrgPerVerifiedContact: boolean;
  /** Dev mode exposes developer conveniences (the dev outbox in a later part). */
  readonly dev: boolean;
  /** 32-byte master key (hex) from TKAUTH_MASTER_KEY; when absent one is generated into the data dir. */
  readonly masterKeyHex: string | undefined;
  /** Public URL written into credentials.json; defaults to http://host:port. */
  readonly publicUrl: string | undefined;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'silent';
  readonly bodyLimitBytes: number;
  /** At most this many one-time codes per contact within `otpWindowSeconds` (issue 3 §2). */
  readonly otpMaxPerContact: number;
  readonly otpWindowSeconds: number;
  /** Email delivery: nodemailer transport URL (smtp:// or smtps://). */
  readonly smtpUrl: string | undefined;
  readonly smtpFrom: string;
  readonly smtpFromName: string;
  /** SMS delivery: a webhook that receives {channel, to, text}. */
  readonly smsWebhookUrl: string | undefined;
  /** OpenID issuers whose id_tokens are trusted (TKAUTH_OIDC_ISSUERS). */
  readonly oidcIssuers: readonly TrustedIssuer[];
  /** Port of the dev OpenID provider (dev mode only; 0 picks a free port). */
  readonly oidcPort: number;
  /** Relying-party ids a passkey may be registered or used for (TKAUTH_WEBAUTHN_RP_ID, comma-separated). */
  readonly webauthnRpIds: readonly string[];
  /**
   * Page origins a passkey ceremony may come from (TKAUTH_WEBAUTHN_ORIGINS, comma-separated);
   * `:*` stands for any port. Each origin's host must be one of the rp ids or under one.
   */
  readonly webauthnOrigins: readonly string[];
}

export class ConfigError extends Error {
  readonly code = 'ERR_CONFIG_INVALID';
}

const DEFAULTS = {
  host: '127.0.0.1',
  port: 8090,
  dataDir: '.tkauth',
  databaseUrl: undefined,
  databasePoolSize: 10,
  databaseStatementTimeoutMs: 5_000,
  oneSubOrgPerVerifiedContact: false,
  dev: true,
  masterKeyHex: undefined,
  publicUrl: undefined,
  logLevel: 'info',
  bodyLimitBytes: 1024 * 1024,
  otpMaxPerContact: 5,
  otpWindowSeconds: 600,
  smtpUrl: undefined,
  smtpFrom: 'no-reply@tkauth.local',
  smtpFromName: 'tkauth',
  smsWebhookUrl: undefined,
  oidcIssuers: [],
  oidcPort: 8091,
  // The dev page on loopback: WebAuthn takes "localhost" as an rp id (never an IP address).
  webauthnRpIds: ['localhost'],
  webauthnOrigins: ['http://localhost:*', 'https://localhost:*'],
} satisfies LocalApiConfig;

const LOG_LEVELS = new Set(['fatal', 'error', 'warn', 'info', 'debug', 'silent']);

export function localApiConfig(input: Partial<LocalApiConfig> = {}): LocalApiConfig {
  for (const k of Object.keys(input)) {
    if (!(k in DEFAULTS)) throw new ConfigError(`unknown configuration key ${JSON.stringify(k)}`);
  }
  const c = { ...DEFAULTS, ...Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) } as LocalApiConfig;
  if (!Number.isInteger(c.port) || c.port < 0 || c.port > 65535) throw new ConfigError(`port must be 0..65535, got ${c.port}`);
  if (typeof c.host !== 'string' || c.host === '') throw new ConfigError('host must be a non-empty string');
  if (typeof c.dataDir !== 'string' || c.dataDir === '') throw new ConfigError('dataDir must be a non-empty string');
  if (c.databaseUrl !== undefined) {
    let u: URL;
    try {
      u = new URL(c.databaseUrl);
    } catch {
      throw new ConfigError('TKAUTH_DATABASE_URL is not a URL');
    }
    if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:') throw new ConfigError('TKAUTH_DATABASE_URL must be postgres://… (SQLite needs no URL: leave it out)');
  }
  if (typeof c.oneSubOrgPerVerifiedContact !== 'boolean') throw new ConfigError('oneSubOrgPerVerifiedContact must be true or false');
  if (!Number.isInteger(c.databasePoolSize) || c.databasePoolSize < 1 || c.databasePoolSize > 1000) throw new ConfigError('databasePoolSize must be 1..1000');
  if (!Number.isInteger(c.databaseStatementTimeoutMs) || c.databaseStatementTimeoutMs < 100) throw new ConfigError('databaseStatementTimeoutMs must be an integer ≥ 100');
  if (c.masterKeyHex !== undefined && !/^[0-9a-fA-F]{64}$/.test(c.masterKeyHex)) {
    throw new ConfigError('TKAUTH_MASTER_KEY must be 64 hex characters (32 bytes)');
  }
  if (!LOG_LEVELS.has(c.logLevel)) throw new ConfigError(`logLevel must be one of ${[...LOG_LEVELS].join(', ')}`);
  if (!Number.isInteger(c.bodyLimitBytes) || c.bodyLimitBytes < 1024) throw new ConfigError('bodyLimitBytes must be an integer ≥ 1024');
  if (!Number.isInteger(c.otpMaxPerContact) || c.otpMaxPerContact < 1) throw new ConfigError('otpMaxPerContact must be a positive integer');
  if (!Number.isInteger(c.otpWindowSeconds) || c.otpWindowSeconds < 1) throw new ConfigError('otpWindowSeconds must be a positive integer');
  for (const [name, url, schemes] of [['TKAUTH_SMTP_URL', c.smtpUrl, ['smtp:', 'smtps:']], ['TKAUTH_SMS_WEBHOOK_URL', c.smsWebhookUrl, ['http:', 'https:']]] as const) {
    if (url === undefined) continue;
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new ConfigError(`${name} is not a URL`);
    }
    if (!(schemes as readonly string[]).includes(parsed.protocol)) throw new ConfigError(`${name} must use ${schemes.join(' or ')}`);
  }
  if (!Number.isInteger(c.oidcPort) || c.oidcPort < 0 || c.oidcPort > 65535) throw new ConfigError(`oidcPort must be 0..65535, got ${c.oidcPort}`);
  if (!Array.isArray(c.oidcIssuers)) throw new ConfigError('TKAUTH_OIDC_ISSUERS must be a JSON array');
  c.oidcIssuers.forEach((i, n) => {
    const ok = i && typeof i.issuer === 'string' && typeof i.jwksUri === 'string' && Array.isArray(i.audiences) && i.audiences.every((a: unknown) => typeof a === 'string');
    if (!ok) throw new ConfigError(`TKAUTH_OIDC_ISSUERS[${n}] must be {"issuer","jwksUri","audiences":[…]}`);
  });
  checkRelyingParty(c);
  return Object.freeze(c);
}

const RP_ID = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/;
const ORIGIN = /^https?:\/\/[a-z0-9.-]+(:(\*|[0-9]{1,5}))?$/;

function checkRelyingParty(c: LocalApiConfig): void {
  if (!Array.isArray(c.webauthnRpIds) || c.webauthnRpIds.length === 0) throw new ConfigError('TKAUTH_WEBAUTHN_RP_ID must name at least one relying-party id');
  for (const id of c.webauthnRpIds) {
    if (!RP_ID.test(id) || /^[0-9.]+$/.test(id)) throw new ConfigError(`TKAUTH_WEBAUTHN_RP_ID: ${JSON.stringify(id)} is not a domain name (WebAuthn takes no IP addresses), e.g. example.com or localhost`);
  }
  if (!Array.isArray(c.webauthnOrigins) || c.webauthnOrigins.length === 0) throw new ConfigError('TKAUTH_WEBAUTHN_ORIGINS must name at least one origin');
  for (const o of c.webauthnOrigins) {
    if (!ORIGIN.test(o)) throw new ConfigError(`TKAUTH_WEBAUTHN_ORIGINS: ${JSON.stringify(o)} is not an origin like https://app.example.com or http://localhost:*`);
    const host = new URL(o.replace(':*', '')).hostname;
    if (!c.webauthnRpIds.some((id) => host === id || host.endsWith(`.${id}`))) throw new ConfigError(`TKAUTH_WEBAUTHN_ORIGINS: ${o} is not on any relying-party id (${c.webauthnRpIds.join(', ')})`);
  }
}
