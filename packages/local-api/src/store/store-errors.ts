/**
 * How a store failure reads to a client. The database being away (connection refused or lost,
 * the pool's wait running out, a statement cancelled by its timeout, the server shutting down) is
 * 503 ERR_STORE_UNAVAILABLE — retryable, and the transaction it hit was rolled back whole. A
 * uniqueness constraint another instance won first is 409 ERR_STORE_CONFLICT, and a deadlock or
 * serialization failure 503: never a 5xx "internal error" for what is only contention.
 */
import { ApiError, type ErrorCode } from '@tkauth/wire';

/** Thrown at start when the database cannot be reached: the CLI prints the message and exits 1. */
export class StoreUnavailableError extends Error {
  readonly code = 'ERR_STORE_UNAVAILABLE';
}

// Node socket errors and pg's own words for a pool or connection that is gone.
const NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'EAI_AGAIN']);
const GONE = /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Cannot use a pool after calling end|connection is closed/i;

/** Constraints whose violation is the caller's duplicate, answered as Turnkey answers a duplicate (400). */
const DUPLICATE_OF: Record<string, ErrorCode> = {
  users_org_email: 'ERR_USER_EMAIL_DUPLICATE',
  verification_tokens_otp: 'ERR_OTP_USED',
  verified_contacts_pkey: 'ERR_CONTACT_HAS_SUBORG',
};

function violated(err: { constraint?: unknown; message?: unknown }): ApiError | undefined {
  // PostgreSQL names the constraint; SQLite writes it into the message ("… failed: index 'name'" or the columns).
  const name = typeof err.constraint === 'string' ? err.constraint : /index '([a-z_]+)'/.exec(String(err.message))?.[1];
  const message = String(err.message);
  const code = (name && DUPLICATE_OF[name]) || (/users\.organization_id/.test(message) ? DUPLICATE_OF.users_org_email : /verification_tokens\.otp_id/.test(message) ? DUPLICATE_OF.verification_tokens_otp : /verified_contacts\.parent_id/.test(message) ? DUPLICATE_OF.verified_contacts_pkey : undefined);
  return code ? new ApiError(code) : undefined;
}

/** The ApiError a store failure maps to, or undefined when it is not one. */
export function storeFailure(err: unknown): ApiError | undefined {
  if (!err || typeof err !== 'object') return undefined;
  if (err instanceof StoreUnavailableError) return new ApiError('ERR_STORE_UNAVAILABLE');
  const code = (err as { code?: unknown }).code;
  const message = (err as { message?: unknown }).message;
  if (typeof code === 'string') {
    if (NODE_CODES.has(code)) return new ApiError('ERR_STORE_UNAVAILABLE');
    // SQLSTATE classes: 08 connection exception, 57 operator intervention (57014 statement timeout, 57P0x shutdown), 53 insufficient resources.
    if (/^(08|57|53)[0-9A-Z]{3}$/.test(code)) return new ApiError('ERR_STORE_UNAVAILABLE');
    if (code === '40001' || code === '40P01') return new ApiError('ERR_STORE_UNAVAILABLE', 'the write met a concurrent one; retry');
    if (code === '23505') return violated(err as never) ?? new ApiError('ERR_STORE_CONFLICT');
    // Data PostgreSQL will not store (a NUL byte in text, an index row over its size limit): the request's, not ours.
    if (code === '22021' || code === '54000') return new ApiError('ERR_REQUEST_INVALID', 'a value the store cannot hold (a NUL character, or text too long to index)');
    // A row whose organization was deleted meanwhile (an OTP activity beside delete_sub_organization).
    if (code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY') return new ApiError('ERR_ORGANIZATION_NOT_FOUND');
    // better-sqlite3: a write that waited out busy_timeout.
    if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') return new ApiError('ERR_STORE_UNAVAILABLE');
    if (code.startsWith('SQLITE_CONSTRAINT_UNIQUE') || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') return violated(err as never) ?? new ApiError('ERR_STORE_CONFLICT');
  }
  if (typeof message === 'string' && GONE.test(message)) return new ApiError('ERR_STORE_UNAVAILABLE');
  return undefined;
}
