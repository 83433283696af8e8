/**
 * First start: the data dir, the master key, the parent organization with its root user and
 * admin API key, and `<data>/credentials.json` (mode 0600). Later starts reuse all of them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Db } from './store/db.ts';
import { generateP256KeyPair } from './crypto/p256.ts';
import { ConfigError, type Runtime } from './config.ts';
import { nextSeq } from './store/seq.ts';
import { lockNamed } from './store/lock.ts';
import { createSecretFileOnce, writeSecretFile } from '@tkauth/wire/secret-file';

export interface Credentials {
  apiBaseUrl: string;
  organizationId: string;
  apiPublicKey: string;
  apiPrivateKey: string;
}


export function ensureDataDir(dataDir: string): void {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
}

export function loadOrCreateMasterKey(dataDir: string, fromEnvHex: string | undefined): Uint8Array {
  if (fromEnvHex) return new Uint8Array(Buffer.from(fromEnvHex, 'hex'));
  const file = path.join(dataDir, 'master.key');
  if (fs.existsSync(file)) {
    const hex = fs.readFileSync(file, 'utf8').trim();
    if (!/^[0-9a-f]{64}$/.test(hex)) throw new Error(`${file} is not a 32-byte hex key`);
    return new Uint8Array(Buffer.from(hex, 'hex'));
  }
  // The first of several instances starting at once on a new data dir wins; all use its key.
  const hex = createSecretFileOnce(file, randomBytes(32).toString('hex') + '\n').trim();
  return new Uint8Array(Buffer.from(hex, 'hex'));
}

/**
 * Returns the parent organization's credentials, creating the organization on first start. Under
 * a lock, so instances sharing one data dir and one PostgreSQL database that start together make
 * one parent organization: the second finds the first's credentials when the lock is its.
 */
export async function ensureParentOrganization(db: Db, dataDir: string, apiBaseUrl: string, rt: Runtime): Promise<Credentials> {
  const file = path.join(dataDir, 'credentials.json');
  return db.transaction().execute(async (trx) => {
    await lockNamed(trx, 'bootstrap:parent-organization');
    if (fs.existsSync(file)) {
      const creds = JSON.parse(fs.readFileSync(file, 'utf8')) as Credentials;
      const org = await trx.selectFrom('organizations').select('id').where('id', '=', creds.organizationId).executeTakeFirst();
      if (!org) throw new Error(`${file} names organization ${creds.organizationId}, which is not in the store`);
      if (creds.apiBaseUrl !== apiBaseUrl) writeSecretFile(file, JSON.stringify({ ...creds, apiBaseUrl }, null, 2) + '\n');
      return { ...creds, apiBaseUrl };
    }
    // A second parent in a shared database would split the system in two (its own keys, tokens
    // the other instances refuse): an instance without the credentials must be given them.
    const existing = await trx.selectFrom('organizations').select('id').where('parent_id', 'is', null).executeTakeFirst();
    if (existing) {
      throw new ConfigError(`the store already has a parent organization (${existing.id}) but ${file} is missing: give this instance the data dir the first one made (credentials.json, master.key, enclave-keys.json)`);
    }
    const keys = generateP256KeyPair();
    const now = rt.now();
    const orgId = rt.uuid();
    const userId = rt.uuid();
    await trx
      .insertInto('organizations')
      .values({ id: orgId, seq: await nextSeq(trx, 'organizations'), name: 'tkauth local', parent_id: null, root_quorum_threshold: 1, created_at: now, updated_at: now })
      .execute();
    await trx
      .insertInto('users')
      .values({ id: userId, organization_id: orgId, user_name: 'admin', user_email: null, user_phone: null, is_root: 1, email_verified: 0, phone_verified: 0, tags: '[]', created_at: now, updated_at: now })
      .execute();
    await trx
      .insertInto('api_keys')
      .values({ id: rt.uuid(), organization_id: orgId, user_id: userId, name: 'admin', public_key: keys.publicKey, curve_type: 'API_KEY_CURVE_P256', credential_type: 'CREDENTIAL_TYPE_API_KEY_P256', expiration_seconds: null, expires_at: null, created_at: now, updated_at: now })
      .execute();
    const creds: Credentials = { apiBaseUrl, organizationId: orgId, apiPublicKey: keys.publicKey, apiPrivateKey: keys.privateKey };
    // Written before the commit: a crash in between leaves a file naming no organization, which the
    // next start reports rather than silently making a second parent.
    writeSecretFile(file, JSON.stringify(creds, null, 2) + '\n');
    return creds;
  });
}
