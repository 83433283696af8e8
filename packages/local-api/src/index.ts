export { startLocalApi, type LocalApi } from './server.ts';
export { localApiConfig, type LocalApiConfig, type Runtime, systemRuntime, ConfigError } from './config.ts';
export type { Credentials } from './bootstrap.ts';
export { MAX_ATTEMPTS as OTP_MAX_ATTEMPTS } from './activities/verify-otp.ts';
export { StoreUnavailableError } from './store/store-errors.ts';
export { redactUrl } from './store/open-postgres.ts';
