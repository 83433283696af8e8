/**
 * Backend configuration from the environment, read once, validated, frozen. The seed's variable
 * names (PORT, TURNKEY_*) plus ours. A missing or malformed variable stops the start with one
 * line naming it.
 */
import { createHash } from 'node:crypto';
import { COMPRESSED_P256, p256PrivateKeyJwk } from '@tkauth/wire';

export interface ServerConfig {
  readonly port: number;
  readonly host: string;
  readonly turnkeyApiUrl: string;
  readonly organizationId: string;
  readonly apiPublicKey: string;
  readonly apiPrivateKey: string;
  /** Shown in OTP messages (INIT_OTP's appName). */
  readonly appName: string;
  readonly otpLength: number;
  readonly otpAlphanumeric: boolean;
  readonly otpExpirationSeconds: number;
  readonly sessionExpirationSeconds: number;
  readonly signupRequireVerifiedContact: boolean;
  readonly corsOrigins: readonly string[];
  readonly redisUrl: string | undefined;
  readonly logLevel: string;
  readonly rateLimitIpPerMinute: number;
  readonly rateLimitOtpPerContactPerMinute: number;
  readonly rateLimitOtpPerContactPerHour: number;
  readonly rateLimitVerifyPerOtp: number;
  /** When set, the /v1/* auth-proxy routes require this X-Auth-Proxy-Config-ID. */
  readonly authProxyConfigId: string | undefined;
  /** /v1/wallet_kit_config: the login methods the app's UI offers ('email', 'sms', 'google', 'passkey', …). */
  readonly authProxyEnabledProviders: readonly string[];
  /** /v1/wallet_kit_config: OAuth client id per provider, and where providers redirect to. */
  readonly oauthClientIds: Readonly<Record<string, string>> | undefined;
  readonly oauthRedirectUrl: string | undefined;
  /** /v1/oauth2_authenticate: the token endpoint and client of each OAuth 2.0 provider. */
  readonly oauth2Providers: Readonly<Record<string, OAuth2Provider>>;
  /**
   * The key of the tag that marks a wallet's account (wallet-account-tag.ts): WALLET_ACCOUNT_TAG_SECRET,
   * else derived from TURNKEY_API_PRIVATE_KEY — set it explicitly before rotating that key, or
   * existing wallet accounts stop being found.
   */
  readonly walletAccountTagKey: Uint8Array;
}

export interface OAuth2Provider {
  readonly tokenEndpoint: string;
  readonly clientId: string;
  readonly clientSecret?: string;
}

export class ServerConfigError extends Error {
  readonly code = 'ERR_CONFIG_INVALID';
}

type Env = Record<string, string | undefined>;

function required(env: Env, name: string): string {
  const v = env[name]?.trim();
  if (!v) throw new ServerConfigError(`${name} is required`);
  return v;
}

function integer(env: Env, name: string, dflt: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return dflt;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new ServerConfigError(`${name} must be an integer ${min}..${max}, got ${JSON.stringify(raw)}`);
  return n;
}

function bool(env: Env, name: string, dflt: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return dflt;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new ServerConfigError(`${name} must be true or false, got ${JSON.stringify(env[name])}`);
}

function json(env: Env, name: string): unknown {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    throw new ServerConfigError(`${name} must be JSON`);
  }
}

function httpUrl(value: unknown, name: string): string {
  try {
    const u = new URL(String(value));
    if (u.protocol === 'http:' || u.protocol === 'https:') return u.href;
  } catch {
    // refused below
  }
  throw new ServerConfigError(`${name} must be an http(s) URL, got ${JSON.stringify(value)}`);
}

function stringRecord(env: Env, name: string): Record<string, string> | undefined {
  const v = json(env, name);
  if (v === undefined) return undefined;
  if (typeof v !== 'object' || v === null || Array.isArray(v) || !Object.values(v).every((x) => typeof x === 'string')) {
    throw new ServerConfigError(`${name} must be a JSON object of strings, e.g. {"google":"<client id>"}`);
  }
  return Object.freeze({ ...(v as Record<string, string>) });
}

function oauth2Providers(env: Env): Record<string, OAuth2Provider> {
  const name = 'OAUTH2_PROVIDERS';
  const v = json(env, name) ?? {};
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new ServerConfigError(`${name} must be a JSON object: {"OAUTH2_PROVIDER_X": {"tokenEndpoint", "clientId", "clientSecret"?}}`);
  const out: Record<string, OAuth2Provider> = {};
  for (const [provider, p] of Object.entries(v as Record<string, Record<string, unknown>>)) {
    if (!/^OAUTH2_PROVIDER_[A-Z0-9_]+$/.test(provider)) throw new ServerConfigError(`${name}: provider names look like OAUTH2_PROVIDER_X, got ${JSON.stringify(provider)}`);
    if (typeof p?.clientId !== 'string' || !p.clientId) throw new ServerConfigError(`${name}.${provider}.clientId is required`);
    if (p.clientSecret !== undefined && typeof p.clientSecret !== 'string') throw new ServerConfigError(`${name}.${provider}.clientSecret must be a string`);
    out[provider] = Object.freeze({ tokenEndpoint: httpUrl(p.tokenEndpoint, `${name}.${provider}.tokenEndpoint`), clientId: p.clientId, ...(p.clientSecret ? { clientSecret: p.clientSecret } : {}) });
  }
  return Object.freeze(out);
}

export function serverConfigFromEnv(env: Env): ServerConfig {
  const turnkeyApiUrl = required(env, 'TURNKEY_API_URL').replace(/\/+$/, '');
  try {
    const u = new URL(turnkeyApiUrl);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error();
  } catch {
    throw new ServerConfigError(`TURNKEY_API_URL must be an http(s) URL, got ${JSON.stringify(turnkeyApiUrl)}`);
  }
  const organizationId = required(env, 'TURNKEY_ORGANIZATION_ID');
  const apiPublicKey = required(env, 'TURNKEY_API_PUBLIC_KEY').toLowerCase();
  if (!COMPRESSED_P256.test(apiPublicKey)) throw new ServerConfigError('TURNKEY_API_PUBLIC_KEY must be a compressed P-256 public key (66 hex characters)');
  const apiPrivateKey = required(env, 'TURNKEY_API_PRIVATE_KEY').toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(apiPrivateKey)) throw new ServerConfigError('TURNKEY_API_PRIVATE_KEY must be 64 hex characters');
  try {
    p256PrivateKeyJwk(apiPrivateKey, apiPublicKey);
  } catch (e) {
    throw new ServerConfigError(`TURNKEY_API_PRIVATE_KEY and TURNKEY_API_PUBLIC_KEY are not one key pair: ${(e as Error).message}`);
  }
  const corsOrigins = (env.CORS_ORIGINS ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  for (const o of corsOrigins) {
    if (o !== '*' && !/^https?:\/\/[^/]+$/.test(o)) throw new ServerConfigError(`CORS_ORIGINS entries must be origins like https://app.example, got ${JSON.stringify(o)}`);
  }
  const redisUrl = env.REDIS_URL?.trim() || undefined;
  if (redisUrl && !/^rediss?:\/\//.test(redisUrl)) throw new ServerConfigError('REDIS_URL must start with redis:// or rediss://');
  return Object.freeze({
    port: integer(env, 'PORT', 3000, 0, 65535),
    host: env.HOST?.trim() || '127.0.0.1',
    turnkeyApiUrl,
    organizationId,
    apiPublicKey,
    apiPrivateKey,
    appName: env.APP_NAME?.trim() || 'tkauth',
    otpLength: integer(env, 'OTP_LENGTH', 6, 6, 9),
    otpAlphanumeric: bool(env, 'OTP_ALPHANUMERIC', false),
    otpExpirationSeconds: integer(env, 'OTP_EXPIRATION_SECONDS', 300, 30, 600),
    sessionExpirationSeconds: integer(env, 'SESSION_EXPIRATION_SECONDS', 900, 60, 30 * 24 * 3600),
    signupRequireVerifiedContact: bool(env, 'SIGNUP_REQUIRE_VERIFIED_CONTACT', true),
    corsOrigins,
    redisUrl,
    logLevel: env.LOG_LEVEL?.trim() || 'info',
    rateLimitIpPerMinute: integer(env, 'RATE_LIMIT_IP_PER_MINUTE', 300, 1, 1_000_000),
    rateLimitOtpPerContactPerMinute: integer(env, 'RATE_LIMIT_OTP_PER_CONTACT_PER_MINUTE', 3, 1, 1_000_000),
    rateLimitOtpPerContactPerHour: integer(env, 'RATE_LIMIT_OTP_PER_CONTACT_PER_HOUR', 10, 1, 1_000_000),
    rateLimitVerifyPerOtp: integer(env, 'RATE_LIMIT_VERIFY_PER_OTP', 10, 1, 1_000_000),
    authProxyConfigId: env.AUTH_PROXY_CONFIG_ID?.trim() || undefined,
    authProxyEnabledProviders: Object.freeze((env.AUTH_PROXY_ENABLED_PROVIDERS?.trim() || 'email,sms').split(',').map((s) => s.trim()).filter(Boolean)),
    oauthClientIds: stringRecord(env, 'OAUTH_CLIENT_IDS'),
    oauthRedirectUrl: env.OAUTH_REDIRECT_URL?.trim() ? httpUrl(env.OAUTH_REDIRECT_URL.trim(), 'OAUTH_REDIRECT_URL') : undefined,
    oauth2Providers: oauth2Providers(env),
    walletAccountTagKey: walletAccountTagKey(env, apiPrivateKey),
  });
}

function walletAccountTagKey(env: Env, apiPrivateKey: string): Uint8Array {
  const secret = env.WALLET_ACCOUNT_TAG_SECRET?.trim();
  if (secret !== undefined && secret !== '' && secret.length < 32) throw new ServerConfigError('WALLET_ACCOUNT_TAG_SECRET must be at least 32 characters');
  return new Uint8Array(createHash('sha256').update('tkauth wallet-account tag v1\0').update(secret || apiPrivateKey).digest());
}
