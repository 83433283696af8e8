/** Any error a route or Fastify throws, as one of the backend's coded errors (never a stack trace). */
import { BackendError, type BackendErrorCode } from '@tkauth/wire';

const FASTIFY_CODES: Record<string, BackendErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'BODY_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'VALIDATION_FAILED',
  FST_ERR_CTP_INVALID_JSON_BODY: 'VALIDATION_FAILED',
};

export function toBackendError(err: unknown): BackendError {
  if (err instanceof BackendError) return err;
  const e = err as { code?: string; validation?: unknown; message?: string; statusCode?: number };
  if (e.statusCode === 429) return new BackendError('RATE_LIMITED');
  if (e.validation) return new BackendError('VALIDATION_FAILED', e.message);
  if (e.code && FASTIFY_CODES[e.code]) return new BackendError(FASTIFY_CODES[e.code]!);
  if (e instanceof SyntaxError || (e.statusCode && e.statusCode >= 400 && e.statusCode < 500)) return new BackendError('VALIDATION_FAILED', 'body is not valid JSON');
  return new BackendError('INTERNAL');
}

