export { startBackend, type Backend } from './server.ts';
export { serverConfigFromEnv, ServerConfigError, type ServerConfig } from './config.ts';
