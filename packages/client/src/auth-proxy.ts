/**
 * The hosted auth proxy's wire (as @turnkey/core calls it): POST {authProxyUrl}/v1/<route> with the
 * `X-Auth-Proxy-Config-ID` header. Apps that run their own backend (tkauth server) never configure
 * it; the proxy-only helpers then throw MissingAuthProxyConfigurationError.
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
    const json = (await res.json().catch(() => undefined)) as (T & { message?: string }) | undefined;
    if (!res.ok || json === undefined) throw new AuthProxyRequestError(`${helper}: the auth proxy answered ${res.status}${json?.message ? `: ${json.message}` : ''}`, res.status);
    return json;
  }
}
