/**
 * A POST to the app's own backend (the tkauth server's /signup, /wallet-login-lookup, …). Its
 * refusals are `{code, message}` with a stable code (wire/backend-errors.ts), kept on the
 * BackendRequestError; no answer at all is one too, with the backend's address in the words.
 */
import { BackendRequestError } from './errors.ts';

export async function postToBackend<T extends object>(fetchFn: typeof fetch, backendUrl: string, route: string, body: unknown, what: string): Promise<T> {
  const url = backendUrl.replace(/\/+$/, '') + route;
  let res: Response;
  try {
    res = await fetchFn(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  } catch (e) {
    throw new BackendRequestError(`${what}: the backend at ${backendUrl} is unreachable (${(e as Error).message})`);
  }
  const json = (await res.json().catch(() => undefined)) as (T & { code?: unknown; message?: unknown }) | undefined;
  if (!res.ok || !json || typeof json !== 'object') {
    const code = typeof json?.code === 'string' ? json.code : undefined;
    const message = typeof json?.message === 'string' ? `: ${json.message}` : '';
    throw new BackendRequestError(`${what}: ${route} answered ${res.status}${message}`, res.status, code);
  }
  return json;
}

/** A sign-up's answer must name the new sub-organization. */
export function subOrganizationOf(answer: { subOrganizationId?: unknown } | undefined, what: string): string {
  const id = answer?.subOrganizationId;
  if (typeof id !== 'string' || id === '') throw new BackendRequestError(`${what}: the backend answered without a subOrganizationId`);
  return id;
}
