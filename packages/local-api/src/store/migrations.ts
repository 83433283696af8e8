/** Schema migrations, applied in order at start (kysely Migrator). Never edit a shipped one; add a new one. */
import { type Kysely, type Migration, type MigrationProvider, sql } from 'kysely';
import { engineOf } from './db.ts';
import { SEQUENCE_OF } from './seq.ts';

const initial: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('organizations')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('seq', 'integer', (c) => c.notNull().unique())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('parent_id', 'text', (c) => c.references('organizations.id'))
      .addColumn('root_quorum_threshold', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('organizations_parent').on('organizations').columns(['parent_id', 'seq']).execute();

    await db.schema
      .createTable('users')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
      .addColumn('user_name', 'text', (c) => c.notNull())
      .addColumn('user_email', 'text')
      .addColumn('user_phone', 'text')
      .addColumn('email_verified', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('phone_verified', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('is_root', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('tags', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('users_org').on('users').columns(['organization_id', 'created_at']).execute();
    await db.schema.createIndex('users_email').on('users').expression(sql`lower(user_email)`).execute();
    await db.schema.createIndex('users_phone').on('users').column('user_phone').execute();
    await db.schema.createIndex('users_name').on('users').column('user_name').execute();

    await db.schema
      .createTable('api_keys')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('public_key', 'text', (c) => c.notNull())
      .addColumn('curve_type', 'text', (c) => c.notNull())
      .addColumn('credential_type', 'text', (c) => c.notNull())
      .addColumn('expiration_seconds', 'text')
      .addColumn('expires_at', 'bigint')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('api_keys_public_key').on('api_keys').column('public_key').execute();
    await db.schema.createIndex('api_keys_user').on('api_keys').columns(['user_id', 'created_at']).execute();

    await db.schema
      .createTable('authenticators')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('credential_id', 'text', (c) => c.notNull())
      .addColumn('transports', 'text', (c) => c.notNull())
      .addColumn('attestation', 'text', (c) => c.notNull())
      .addColumn('challenge', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('authenticators_credential').on('authenticators').column('credential_id').execute();
    await db.schema.createIndex('authenticators_user').on('authenticators').column('user_id').execute();

    await db.schema
      .createTable('oauth_providers')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('issuer', 'text', (c) => c.notNull())
      .addColumn('audience', 'text', (c) => c.notNull())
      .addColumn('subject', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('oauth_providers_identity').on('oauth_providers').columns(['issuer', 'subject']).execute();
    await db.schema.createIndex('oauth_providers_user').on('oauth_providers').column('user_id').execute();

    await db.schema
      .createTable('wallets')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('sealed_mnemonic', 'text', (c) => c.notNull())
      .addColumn('exported', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('imported', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('wallets_org').on('wallets').columns(['organization_id', 'created_at']).execute();

    await db.schema
      .createTable('wallet_accounts')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('seq', 'integer', (c) => c.notNull().unique())
      .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
      .addColumn('wallet_id', 'text', (c) => c.notNull().references('wallets.id').onDelete('cascade'))
      .addColumn('curve', 'text', (c) => c.notNull())
      .addColumn('path_format', 'text', (c) => c.notNull())
      .addColumn('path', 'text', (c) => c.notNull())
      .addColumn('address_format', 'text', (c) => c.notNull())
      .addColumn('address', 'text', (c) => c.notNull())
      .addColumn('public_key', 'text', (c) => c.notNull())
      .addColumn('sealed_private_key', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addUniqueConstraint('wallet_accounts_unique_path', ['wallet_id', 'path', 'address_format'])
      .execute();
    await db.schema.createIndex('wallet_accounts_org_seq').on('wallet_accounts').columns(['organization_id', 'seq']).execute();
    await db.schema.createIndex('wallet_accounts_address').on('wallet_accounts').column('address').execute();

    await db.schema
      .createTable('activities')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('intent', 'text', (c) => c.notNull())
      .addColumn('result', 'text', (c) => c.notNull())
      .addColumn('fingerprint', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('activities_org').on('activities').columns(['organization_id', 'created_at']).execute();
  },
};

const otp: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('otps')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
      .addColumn('otp_type', 'text', (c) => c.notNull())
      .addColumn('contact', 'text', (c) => c.notNull())
      .addColumn('code_hash', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('sealed_target_key', 'text')
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .addColumn('used_at', 'bigint')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('otps_contact').on('otps').columns(['contact', 'created_at']).execute();

    await db.schema
      .createTable('verification_tokens')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('otp_id', 'text', (c) => c.notNull())
      .addColumn('organization_id', 'text', (c) => c.notNull())
      .addColumn('contact', 'text', (c) => c.notNull())
      .addColumn('verification_type', 'text', (c) => c.notNull())
      .addColumn('public_key', 'text')
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .addColumn('used_at', 'bigint')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
  },
};

/** list_suborgs by NAME searched every organization; now an index like every other filter. */
const orgName: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.createIndex('organizations_name').on('organizations').column('name').execute();
  },
};

/**
 * list_activities pages by a cursor like the other lists: activities get the same `seq` the paged
 * tables have, numbered for the rows already there in creation order. Nullable only because an
 * added column cannot be NOT NULL without a default; every insert writes it.
 */
const activitySeq: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('activities').addColumn('seq', 'integer').execute();
    // One pass in creation order (UPDATE … FROM: SQLite ≥ 3.33 and PostgreSQL), not a count per row.
    await sql`update activities set seq = r.n from (select id, row_number() over (order by created_at, id) as n from activities) as r where r.id = activities.id`.execute(db);
    await db.schema.createIndex('activities_seq').on('activities').column('seq').unique().execute();
    await db.schema.createIndex('activities_org_seq').on('activities').columns(['organization_id', 'seq']).execute();
  },
};

/**
 * What registration read from a passkey's attestation object (get_authenticators shows it):
 * AAGUID, the COSE credential public key (base64url) and, for ES256, its compressed P-256 hex,
 * the signature counter and the attestation format. Null for authenticators stored before.
 */
const authenticatorDetails: Migration = {
  async up(db: Kysely<unknown>) {
    for (const [name, type] of [
      ['aaguid', 'text'],
      ['cose_public_key', 'text'],
      ['public_key', 'text'],
      ['sign_count', 'bigint'],
      ['attestation_fmt', 'text'],
    ] as const) {
      await db.schema.alterTable('authenticators').addColumn(name, type).execute();
    }
  },
};

/**
 * Credential ids of removed passkeys, with the user who held them: a passkey's public key and id
 * are public and a "none" attestation is unsigned, so without this anyone could register a removed
 * (but still usable) passkey in their own sub-organization and catch its owner's next login.
 * Also stores every credential id in the one form lookups use (base64url, no padding): rows from
 * before registrations were verified kept the id as given.
 */
const retiredCredentials: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('retired_credentials')
      .addColumn('credential_id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('retired_at', 'bigint', (c) => c.notNull())
      .execute();
    const rows = (await sql<{ id: string; credential_id: string }>`select id, credential_id from authenticators`.execute(db)).rows;
    for (const r of rows) {
      const form = Buffer.from(r.credential_id, 'base64').toString('base64url');
      if (form !== r.credential_id && form !== '') await sql`update authenticators set credential_id = ${form} where id = ${r.id}`.execute(db);
    }
  },
};

/**
 * PostgreSQL only: a sequence per ordered table, started past what is there (store/seq.ts). SQLite
 * keeps max + 1 under its one writer.
 */
const seqSequences: Migration = {
  async up(db: Kysely<unknown>) {
    if (engineOf(db) !== 'postgres') return;
    for (const [table, sequence] of Object.entries(SEQUENCE_OF)) {
      await sql`create sequence if not exists ${sql.raw(sequence)}`.execute(db);
      await sql`select setval(${sequence}, coalesce((select max(seq) from ${sql.table(table)}), 0) + 1, false)`.execute(db);
    }
  },
};

/**
 * Uniqueness as constraints, so it holds however many instances write (issue 14): one verification
 * token per one-time code (a code is one use), one user per email in an organization.
 */
const uniqueness: Migration = {
  async up(db: Kysely<unknown>) {
    // A store that already holds such duplicates (nothing refused them before) is told which, not
    // failed blindly — before any index is made: SQLite runs migrations outside a transaction, and
    // a half-applied one must run again once the duplicates are gone.
    const { rows } = await sql<{ organization_id: string; email: string }>`select organization_id, lower(user_email) as email from users where user_email is not null group by organization_id, lower(user_email) having count(*) > 1 limit 1`.execute(db);
    if (rows[0]) throw new Error(`organization ${rows[0].organization_id} has several users with the email ${rows[0].email}: give all but one another email (or none), then start again`);
    await db.schema.createIndex('verification_tokens_otp').ifNotExists().on('verification_tokens').column('otp_id').unique().execute();
    await sql`create unique index if not exists users_org_email on users (organization_id, lower(user_email)) where user_email is not null`.execute(db);
  },
};

/**
 * One sub-organization per verified contact under a parent, where the app asks for it
 * (oneSubOrgPerVerifiedContact): the key is the constraint, so two instances creating accounts for
 * one contact at once make one. Deleting the sub-organization frees the contact.
 */
const verifiedContacts: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('verified_contacts')
      .addColumn('parent_id', 'text', (c) => c.notNull())
      .addColumn('contact_type', 'text', (c) => c.notNull())
      .addColumn('contact', 'text', (c) => c.notNull())
      .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('verified_contacts_pkey', ['parent_id', 'contact_type', 'contact'])
      .execute();
  },
};

export const migrations: MigrationProvider = {
  async getMigrations() {
    return {
      '0001_initial': initial,
      '0002_otp': otp,
      '0003_org_name': orgName,
      '0004_activity_seq': activitySeq,
      '0005_authenticator_details': authenticatorDetails,
      '0006_retired_credentials': retiredCredentials,
      '0007_seq_sequences': seqSequences,
      '0008_uniqueness': uniqueness,
      '0009_verified_contacts': verifiedContacts,
    };
  },
};
