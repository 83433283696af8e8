/**
 * What a failed WebAuthn ceremony means, as a typed client error. @simplewebauthn/browser wraps
 * the DOMException of navigator.credentials.create/get in a WebAuthnError whose `name` is the
 * DOMException's and whose `code` says more (ERROR_INVALID_DOMAIN, …); plain DOMExceptions (and
 * "WebAuthn is not supported in this browser") come through too.
 */
import {
  PasskeyAlreadyRegisteredError,
  PasskeyCancelledError,
  PasskeyError,
  PasskeyNotAvailableError,
  TurnkeyClientError,
} from '../errors.ts';

export function ceremonyError(e: unknown): TurnkeyClientError {
  if (e instanceof TurnkeyClientError) return e;
  const err = (e ?? {}) as { name?: unknown; code?: unknown; message?: unknown };
  const name = typeof err.name === 'string' ? err.name : '';
  const code = typeof err.code === 'string' ? err.code : '';
  const message = typeof err.message === 'string' ? err.message : String(e);
  // Cancelled, timed out, or no passkey for this site: one answer by design (WebAuthn §14.5.2).
  // The message test is @turnkey/core's, for runtimes that throw a plain Error.
  if (name === 'NotAllowedError' || name === 'AbortError' || message.includes('timed out or was not allowed')) return new PasskeyCancelledError({ cause: e });
  if (code === 'ERROR_INVALID_DOMAIN') return new PasskeyNotAvailableError(`passkeys need a domain name, and this page is on ${hostname() ?? 'an address'}: open it by name (for example http://localhost)`, { cause: e });
  if (code === 'ERROR_INVALID_RP_ID' || name === 'SecurityError') return new PasskeyNotAvailableError(`passkeys for this relying party cannot be used on ${hostname() ?? 'this page'}`, { cause: e });
  if (message === 'WebAuthn is not supported in this browser') return new PasskeyNotAvailableError('this browser cannot use passkeys', { cause: e });
  if (name === 'InvalidStateError') return new PasskeyAlreadyRegisteredError({ cause: e });
  return new PasskeyError(`the passkey prompt failed: ${message}`, { cause: e });
}

const hostname = (): string | undefined => (globalThis as { location?: { hostname?: string } }).location?.hostname;
