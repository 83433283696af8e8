/**
 * One error shape out of the server (turnkey-wire.md §7): an rpcStatus with a stable code. Public
 * message apart from internal detail: a 5xx says only "internal error"; the cause goes to the log.
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import { ApiError } from '@tkauth/wire';
import { storeFailure } from '../store/store-errors.ts';

const FASTIFY_CODES: Record<string, ConstructorParameters<typeof ApiError>[0]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'ERR_REQUEST_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'ERR_REQUEST_UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'ERR_REQUEST_MALFORMED_JSON',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'ERR_REQUEST_INVALID',
};

export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  const store = storeFailure(err);
  if (store) return store;
  const code = (err as FastifyError | undefined)?.code;
  const mapped = code ? FASTIFY_CODES[code] : undefined;
  if (mapped) return new ApiError(mapped);
  const status = (err as FastifyError | undefined)?.statusCode;
  if (status && status >= 400 && status < 500) return new ApiError('ERR_REQUEST_INVALID');
  return new ApiError('ERR_SERVER_INTERNAL');
}

export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((err, req, reply) => {
    const api = toApiError(err);
    if (api.code === 'ERR_STORE_UNAVAILABLE') req.log.warn({ code: api.code, cause: (err as Error).message }, 'store unavailable');
    else if (api.httpStatus >= 500) req.log.error({ err }, 'request failed');
    else req.log.info({ code: api.code }, 'request refused');
    void reply.code(api.httpStatus).send(api.toRpcStatus());
  });
  app.setNotFoundHandler((req, reply) => {
    const api = new ApiError('ERR_ROUTE_NOT_FOUND', `${req.method} ${req.url.split('?')[0]!.slice(0, 200)}`);
    void reply.code(api.httpStatus).send(api.toRpcStatus());
  });
}
