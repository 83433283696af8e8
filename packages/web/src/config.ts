/** What the page needs to know, served as /config.json by whoever serves the page (`tkauth dev`). */
export interface PageConfig {
  backendUrl: string;
  apiBaseUrl: string;
  organizationId: string;
  /** The dev OpenID provider, when there is one. */
  oidc: { issuer: string; clientId: string } | null;
  /** GET URL of the dev outbox (dev mode only). */
  devOutboxUrl: string | null;
  /** Wrong codes the API allows per code, for "N tries left". */
  otpMaxAttempts: number;
  /** Session lifetime to ask for on refresh. */
  sessionSeconds: number;
}

export async function loadConfig(): Promise<PageConfig> {
  const res = await fetch('/config.json', { cache: 'no-store' });
  if (!res.ok) throw new Error(`/config.json: ${res.status}`);
  return (await res.json()) as PageConfig;
}
