/** Starts the local API: data dir, master key, store, parent organization, HTTP server. */
import type { FastifyInstance } from 'fastify';
import { localApiConfig, type LocalApiConfig, type Runtime, systemRuntime } from './config.ts';
import { ensureDataDir, ensureParentOrganization, loadOrCreateMasterKey, type Credentials } from './bootstrap.ts';
import { openStore } from './store/open-store.ts';
import { listenForChanges } from './store/changes.ts';
import { createSealer } from './crypto/sealer.ts';
import { P256KeyCache } from './crypto/p256.ts';
import { CredentialCache } from './auth/credential-cache.ts';
import { type AppInfo, buildApp } from './http/app.ts';
import { loadOrCreateEnclaveKeys } from './enclave/enclave-keys.ts';
import { DevOutbox } from './otp/delivery.ts';
import { SmtpDelivery } from './otp/smtp-delivery.ts';
import { SmsWebhookDelivery } from './otp/sms-webhook-delivery.ts';
import { RoutedDelivery } from './otp/route-delivery.ts';
import { IdTokenVerifier } from './oidc/verify-id-token.ts';
import { type DevOidcProvider, startDevOidcProvider } from './oidc/dev-provider.ts';
import { createHmac } from 'node:crypto';
import type { Services } from './services.ts';
import { RelyingParty } from './webauthn/relying-party.ts';

export interface LocalApi {
  url: string;
  /** The dev OpenID provider, in dev mode. */
  oidc: { issuer: string; clientId: string } | undefined;
  credentials: Credentials;
  app: FastifyInstance;
  /** The start of a shutdown: /readyz answers 503 "draining" while requests are still served. */
  drain(): void;
  close(): Promise<void>;
}

export interface LocalApiIo {
  /** Log destination (tests capture it); stdout by default. */
  logStream?: NodeJS.WritableStream;
}

export async function startLocalApi(input: Partial<LocalApiConfig> | LocalApiConfig, rt: Runtime = systemRuntime, io: LocalApiIo = {}): Promise<LocalApi> {
  const config = Object.isFrozen(input) ? (input as LocalApiConfig) : localApiConfig(input);
  ensureDataDir(config.dataDir);
  const masterKey = loadOrCreateMasterKey(config.dataDir, config.masterKeyHex);
  const sealer = createSealer(masterKey);
  const enclave = loadOrCreateEnclaveKeys(config.dataDir, sealer);
  const outbox = config.dev ? new DevOutbox(rt.uuid, rt.now) : undefined;
  const smtp = config.smtpUrl ? new SmtpDelivery({ url: config.smtpUrl, from: config.smtpFrom, fromName: config.smtpFromName }) : undefined;
  const sms = config.smsWebhookUrl ? new SmsWebhookDelivery(config.smsWebhookUrl) : undefined;
  const delivery = new RoutedDelivery({ email: smtp, sms }, outbox);
  const otpPepper = new Uint8Array(createHmac('sha256', masterKey).update('tkauth otp code pepper v1').digest());
  const devOidc: DevOidcProvider | undefined = config.dev ? await startDevOidcProvider({ host: config.host, port: config.oidcPort, dataDir: config.dataDir }) : undefined;
  const issuers = devOidc ? [...config.oidcIssuers, { issuer: devOidc.issuer, jwksUri: devOidc.jwksUri, audiences: [devOidc.clientId] }] : config.oidcIssuers;
  const idTokens = new IdTokenVerifier(issuers, rt.now);
  let db;
  try {
    db = await openStore(config);
  } catch (e) {
    // Nothing of this start may keep the process alive: the CLI prints the reason and exits.
    smtp?.close();
    await devOidc?.close();
    throw e;
  }
  const credentialCache = new CredentialCache();
  // Several instances on one PostgreSQL: each forgets cached credentials when any of them commits.
  const changes = config.databaseUrl ? listenForChanges(config.databaseUrl, () => credentialCache.clear()) : undefined;
  const services: Services = { config, db, rt, sealer, keys: new P256KeyCache(), credentials: credentialCache, enclave, delivery, outbox, otpPepper, idTokens, webauthn: new RelyingParty(config.webauthnRpIds, config.webauthnOrigins), ...(io.logStream ? { logStream: io.logStream } : {}) };
  try {
    // The base URL depends on the bound port (port 0 picks one), so listen before writing
    // credentials; /.well-known answers with the organization once it is known.
    const info: AppInfo = { organizationId: '' };
    const app = await buildApp(services, info);
    await app.listen({ host: config.host, port: config.port });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const hostForUrl = config.host.includes(':') ? `[${config.host}]` : config.host;
    const url = config.publicUrl ?? `http://${hostForUrl}:${port}`;
    const credentials = await ensureParentOrganization(db, config.dataDir, url, rt);
    info.organizationId = credentials.organizationId;
    return {
      url,
      oidc: devOidc ? { issuer: devOidc.issuer, clientId: devOidc.clientId } : undefined,
      credentials,
      app,
      drain: () => void (info.draining = true),
      async close() {
        await app.close();
        smtp?.close();
        await devOidc?.close();
        await changes?.close();
        await db.destroy();
      },
    };
  } catch (e) {
    await changes?.close();
    await db.destroy();
    await devOidc?.close();
    throw e;
  }
}
