/** A requested session lifetime, capped by the configured one (a client may ask for less, not more). */
import { BackendError } from '@tkauth/wire';
import type { ServerConfig } from './config.ts';

export function sessionSeconds(requested: string | undefined, c: ServerConfig): number {
  if (requested === undefined) return c.sessionExpirationSeconds;
  const n = Number(requested);
  if (!Number.isInteger(n) || n < 10) throw new BackendError('VALIDATION_FAILED', 'expirationSeconds must be at least 10');
  return Math.min(n, c.sessionExpirationSeconds);
}
