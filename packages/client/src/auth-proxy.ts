/**
 * The hosted auth proxy's wire (as @turnkey/core calls it): POST {authProxyUrl}/v1/<route> with the
 * `X-Auth-Proxy-Config-ID` header. A tkauth backend serves the same /v1 routes, so authProxyUrl may
 * be the app's own backend. Without authProxyConfigId the proxy helpers throw
 * MissingAuthProxyConfigurationError (apps then call their backend's own routes instead).
 */
import { AuthProxyRequestError, MissingAuthProxyConfigurationError } from './errors.ts';

export const DEFAULT_AUTH_PROXY_URL = 'https://authproxy.turnkey.com';

export interface AuthProxyConfig {
  authProxyUrl?: string;
  authProxyConfigId?: string;
  fetch?: typeof fetch;
}

export class AuthProxy {
  constructor(private readonly config: AuthProxyConfig) {}

  /** Throws MissingAuthProxyConfigurationError naming the helper when no proxy is configured. */
  require(helper: string): void {
    if (!this.config.authProxyConfigId) throw new MissingAuthProxyConfigurationError(helper);
  }

  async post<T>(helper: string, route: string, body: unknown): Promise<T> {
    this.require(helper);
    const url = (this.config.authProxyUrl ?? DEFAULT_AUTH_PROXY_URL).replace(/\/+$/, '') + route;
    let res: Response;
    try {
      res = await (this.config.fetch ?? fetch)(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'X-Auth-Proxy-Config-ID': this.config.authProxyConfigId! },
        body: JSON.stringify(body),
      });
    } catch (e) {
      throw new AuthProxyRequestError(`${helper}: the auth proxy is unreachable (${(e as Error).message})`);
    }
    const json = (await res.json().catch(() => undefined)) as unknown;
    if (!res.ok || json === undefined || json === null) {
      const { message, errorCode } = refusal(json);
      throw new AuthProxyRequestError(`${helper}: ${route} answered ${res.status}${message ? `: ${message}` : ''}`, res.status, errorCode);
    }
    return json as T;
  }
}

/** The rpcStatus body `{code, message, details: [{errorCode}]}` both the hosted proxy and a tkauth backend send. */
function refusal(body: unknown): { message?: string; errorCode?: string } {
  const b = (typeof body === 'object' && body !== null ? body : {}) as { message?: unknown; details?: unknown };
  const details = Array.isArray(b.details) ? (b.details as { errorCode?: unknown }[]) : [];
  const errorCode = details.map((d) => d?.errorCode).find((c): c is string => typeof c === 'string');
  return { ...(typeof b.message === 'string' ? { message: b.message } : {}), ...(errorCode ? { errorCode } : {}) };
}
