/**
 * TurnkeyContext against a real backend and local API started here: the seed's OTP flow through
 * the SDK, restart, expiry, auto refresh, several sessions, revocation, and every refusal.
 * The official @turnkey/http client (with the official stamper where keys are ours to read) judges
 * what the API accepts.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ed25519 } from '@noble/curves/ed25519.js';
import { base58 } from '@scure/base';
import { TurnkeyClient } from '@turnkey/http';
import { ApiKeyStamper } from '@turnkey/api-key-stamper';
import { generateP256KeyPair } from '@turnkey/crypto';
import {
  KeyStoreStamper,
  MemoryKeyStore,
  MemorySessionStore,
  MissingAuthProxyConfigurationError,
  TurnkeyContext,
  type ContextSnapshot,
  type TurnkeyContextConfig,
} from '../src/index.ts';
import { eip191Signer } from './helpers/eth.ts';
import { GraveyardKeyStore, loginThroughBackend, sessionFromBackend, startSystem, uniqueEmail, type System } from './helpers/login.ts';

let s: System;
before(async () => {
  s = await startSystem();
});
after(() => s.stop());

const contexts: TurnkeyContext[] = [];
after(() => contexts.forEach((c) => c.dispose()));

function context(extra: Partial<TurnkeyContextConfig> = {}): TurnkeyContext {
  const ctx = new TurnkeyContext({
    organizationId: s.api.credentials.organizationId,
    apiBaseUrl: s.api.url,
    keyStore: new MemoryKeyStore(),
    sessionStore: new MemorySessionStore(),
    ...extra,
  });
  contexts.push(ctx);
  return ctx;
}

/** The parent's own client (official stamper): reads any sub-organization. */
const parent = () => new TurnkeyClient({ baseUrl: s.api.url }, new ApiKeyStamper({ apiPublicKey: s.api.credentials.apiPublicKey, apiPrivateKey: s.api.credentials.apiPrivateKey }));

describe('the seed OTP flow through the SDK', () => {
  test('createKeyPair → backend → storeSession: authenticated, user and wallets filled, signMessage recovers to the wallet', async () => {
    const ctx = context();
    const states: string[] = [];
    ctx.subscribe((snap) => states.push(snap.authState));
    await ctx.ready;
    assert.equal(ctx.authState, 'unauthenticated');
    const email = uniqueEmail('sdk');
    const session = await loginThroughBackend(s, ctx, email);

    assert.equal(ctx.authState, 'authenticated');
    assert.ok(states.includes('authenticated'));
    assert.equal(ctx.selectedSessionKey, 'default');
    assert.equal(ctx.session?.token, session.token);
    assert.equal(ctx.user?.userEmail, email);
    assert.equal(ctx.user?.userId, session.user_id);
    const accounts = ctx.wallets.flatMap((w) => w.accounts);
    const eth = accounts.find((a) => a.addressFormat === 'ADDRESS_FORMAT_ETHEREUM')!;
    const sol = accounts.find((a) => a.addressFormat === 'ADDRESS_FORMAT_SOLANA')!;
    assert.ok(eth && sol, 'the default wallet has an Ethereum and a Solana account');

    // Ethereum: EIP-191, recovered here independently of the SDK.
    const message = 'Sign in to tkauth ✓';
    const signed = await ctx.signMessage({ message });
    assert.equal(signed.address, eth.address);
    assert.match(signed.signature, /^0x[0-9a-f]{130}$/);
    assert.equal(eip191Signer(message, signed.signature), eth.address.toLowerCase());
    const bytes = new TextEncoder().encode(message);

    // Solana: ed25519 over the message bytes, verified against the address itself.
    const solSigned = await ctx.signMessage({ message, address: sol.address });
    assert.ok(ed25519.verify(Buffer.from(solSigned.signature, 'hex'), bytes, base58.decode(sol.address)));
  });

  test('the client stamps like the official stamper would: whoami through @turnkey/http answers for the session user', async () => {
    const ctx = context();
    const session = await loginThroughBackend(s, ctx, uniqueEmail('whoami'));
    const who = await ctx.client!.getWhoami({ organizationId: session.organization_id });
    assert.equal(who.userId, session.user_id);
  });

  test('createWallet adds a wallet; fetchWallets follows every page of accounts', async () => {
    const ctx = context();
    await loginThroughBackend(s, ctx, uniqueEmail('wallets'));
    const accounts = Array.from({ length: 130 }, (_, i) => ({ curve: 'CURVE_SECP256K1' as const, pathFormat: 'PATH_FORMAT_BIP32' as const, path: `m/44'/60'/0'/0/${i}`, addressFormat: 'ADDRESS_FORMAT_ETHEREUM' }));
    // A wallet is made with at most 100 accounts; the rest are added with the session's own client.
    const created = await ctx.createWallet({ walletName: 'Big', accounts: accounts.slice(0, 100) });
    assert.equal(ctx.wallets.find((w) => w.walletId === created.walletId)?.accounts.length, 100);
    const more = await ctx.client!.createWalletAccounts({
      type: 'ACTIVITY_TYPE_CREATE_WALLET_ACCOUNTS',
      timestampMs: String(Date.now()),
      organizationId: ctx.session!.organization_id,
      parameters: { walletId: created.walletId, accounts: accounts.slice(100) as never },
    });
    const addresses = [...created.addresses, ...(more.activity.result.createWalletAccountsResult?.addresses ?? [])];
    await ctx.fetchWallets();
    const big = ctx.wallets.find((w) => w.walletId === created.walletId)!;
    assert.equal(big.accounts.length, 130);
    assert.deepEqual(new Set(big.accounts.map((a) => a.address)), new Set(addresses));
  });
});

describe('restart', () => {
  test('a new context on the same storage resumes the session; one past its expiry is purged with its key', async () => {
    const storageDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tkauth-sdk-'));
    const first = context({ storageDir, keyStore: undefined, sessionStore: undefined });
    const session = await loginThroughBackend(s, first, uniqueEmail('restart'));
    first.dispose();
    assert.equal(fs.statSync(path.join(storageDir, 'sessions.json')).mode & 0o777, 0o600);

    const second = context({ storageDir, keyStore: undefined, sessionStore: undefined });
    assert.equal(second.authState, 'loading');
    await second.ready;
    assert.equal(second.authState, 'authenticated');
    assert.equal(second.session?.public_key, session.public_key);
    assert.equal(second.user?.userId, session.user_id);
    assert.ok(second.wallets.length > 0);
    second.dispose();

    // An hour later (a clock parameter, no sleeping): expired, so gone — record and key both.
    const later = context({ storageDir, keyStore: undefined, sessionStore: undefined, now: () => Date.now() + 3_600_000 });
    await later.ready;
    assert.equal(later.authState, 'unauthenticated');
    assert.deepEqual(later.sessionKeys, []);
    assert.ok(!fs.existsSync(path.join(storageDir, 'keys', `${session.public_key}.json`)), 'the expired session key is deleted');
    assert.deepEqual(JSON.parse(fs.readFileSync(path.join(storageDir, 'sessions.json'), 'utf8')).sessions, {});
  });

  test('pending keys older than an hour are purged at start', async () => {
    const keyStore = new MemoryKeyStore();
    const sessionStore = new MemorySessionStore();
    const ctx = context({ keyStore, sessionStore });
    const pk = await ctx.createKeyPair();
    assert.deepEqual(await keyStore.listKeys(), [pk]);
    const later = context({ keyStore, sessionStore, now: () => Date.now() + 3_600_001 });
    await later.ready;
    assert.deepEqual(await keyStore.listKeys(), []);
    assert.deepEqual((await sessionStore.load()).pendingKeys, {});
  });
});

describe('auto refresh', () => {
  test('a 10 s session is refreshed before exp: new key, old key gone from storage and refused by the API, requests keep working', async () => {
    const keyStore = new GraveyardKeyStore();
    const errors: unknown[] = [];
    const ctx = context({ keyStore, onError: (e) => errors.push(e) });
    const first = await loginThroughBackend(s, ctx, uniqueEmail('refresh'), { expirationSeconds: '10', refreshedSessionTTLSeconds: 10 });
    assert.ok(first.expiresAt - Date.now() <= 10_000);

    const refreshed = new Promise<ContextSnapshot>((resolve) => ctx.subscribe((snap) => snap.session && snap.session.public_key !== first.public_key && resolve(snap)));
    // Requests all along: none may fail across the swap.
    let calls = 0;
    let stop = false;
    const traffic = (async () => {
      while (!stop) {
        await ctx.fetchUser();
        calls++;
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    const snap = await refreshed;
    const after = snap.session!;
    assert.ok(Date.now() < first.expiresAt, 'refreshed before the old session expired');
    assert.notEqual(after.public_key, first.public_key);
    assert.equal(after.user_id, first.user_id);
    assert.ok(after.expiresAt > first.expiresAt);
    await new Promise((r) => setTimeout(r, 600));
    stop = true;
    await traffic;
    assert.ok(calls > 10, `only ${calls} requests ran`);
    assert.deepEqual(errors, []);

    assert.ok(!(await keyStore.hasKey(first.public_key)), 'the old key is gone from the device');
    assert.deepEqual(await keyStore.listKeys(), [after.public_key]);
    const oldClient = new TurnkeyClient({ baseUrl: s.api.url }, new KeyStoreStamper(keyStore.graveyard(), first.public_key));
    await assert.rejects(oldClient.getWhoami({ organizationId: first.organization_id }), /could not find public key/);
    const who = await ctx.client!.getWhoami({ organizationId: after.organization_id });
    assert.equal(who.userId, first.user_id);
  });

  test('with autoRefreshSession off, a session is cleared when it expires', async () => {
    const ctx = context({ auth: { autoRefreshSession: false } });
    const session = await loginThroughBackend(s, ctx, uniqueEmail('noauto'), { expirationSeconds: '10', refreshedSessionTTLSeconds: 10 });
    const cleared = new Promise<void>((resolve) => ctx.subscribe((snap) => snap.authState === 'unauthenticated' && resolve()));
    await cleared;
    assert.ok(Date.now() >= session.expiresAt - 50, 'not cleared before expiry');
    assert.deepEqual(ctx.sessionKeys, []);
  });
});

describe('several sessions', () => {
  test('the first stored is selected; setActiveSession switches; clearSession with revoke deletes the key on the server too', async () => {
    const keyStore = new GraveyardKeyStore();
    const ctx = context({ keyStore });
    const a = await loginThroughBackend(s, ctx, uniqueEmail('a'), { sessionKey: 'a' });
    const b = await loginThroughBackend(s, ctx, uniqueEmail('b'), { sessionKey: 'b' });
    assert.deepEqual(ctx.sessionKeys.sort(), ['a', 'b']);
    assert.equal(ctx.selectedSessionKey, 'a');
    assert.equal(ctx.user?.userId, a.user_id);

    await ctx.setActiveSession('b');
    assert.equal(ctx.session?.user_id, b.user_id);
    assert.equal(ctx.user?.userId, b.user_id);
    assert.equal((await ctx.client!.getWhoami({ organizationId: b.organization_id })).userId, b.user_id);
    await assert.rejects(ctx.setActiveSession('nope'), (e: { code?: string }) => e.code === 'SESSION_NOT_FOUND');

    // Without revoke: gone here, still valid on the server until it expires.
    await ctx.clearSession({ sessionKey: 'a' });
    assert.deepEqual(ctx.sessionKeys, ['b']);
    assert.ok(!(await keyStore.hasKey(a.public_key)));
    const aStill = new TurnkeyClient({ baseUrl: s.api.url }, new KeyStoreStamper(keyStore.graveyard(), a.public_key));
    assert.equal((await aStill.getWhoami({ organizationId: a.organization_id })).userId, a.user_id);

    // With revoke: the key is deleted on the server first.
    await ctx.clearSession({ revoke: true });
    assert.equal(ctx.authState, 'unauthenticated');
    assert.equal(ctx.client, undefined);
    const { apiKeys } = await parent().getApiKeys({ organizationId: b.organization_id, userId: b.user_id });
    assert.ok(!apiKeys.some((k) => k.credential.publicKey === b.public_key), 'the revoked key is still on the server');
    const bOld = new TurnkeyClient({ baseUrl: s.api.url }, new KeyStoreStamper(keyStore.graveyard(), b.public_key));
    await assert.rejects(bOld.getWhoami({ organizationId: b.organization_id }), /could not find public key/);
    await assert.rejects(ctx.clearSession(), (e: { code?: string }) => e.code === 'NO_ACTIVE_SESSION');
  });

  test('a manual refreshSession keeps the user and moves to a new key', async () => {
    const ctx = context();
    const first = await loginThroughBackend(s, ctx, uniqueEmail('manual'));
    const next = await ctx.refreshSession({ expirationSeconds: 120 });
    assert.notEqual(next.public_key, first.public_key);
    assert.ok(next.expiresAt - Date.now() <= 120_000);
    assert.equal((await ctx.client!.getWhoami({ organizationId: next.organization_id })).userId, first.user_id);
  });
});

describe('auth-proxy helpers, with this backend as the proxy (its /v1/* routes)', () => {
  test('initOtp → completeOtp logs in; a wrong code fails and leaves no key behind', async () => {
    const keyStore = new MemoryKeyStore();
    const ctx = context({ keyStore, authProxyUrl: s.backend.url, authProxyConfigId: 'any' });
    await ctx.ready;
    const email = uniqueEmail('proxy');
    const otpId = await ctx.initOtp({ otpType: 'OTP_TYPE_EMAIL', contact: email });
    const code = await s.code(email);
    const wrong = code === '000000' ? '111111' : '000000';
    await assert.rejects(ctx.completeOtp({ otpId, otpCode: wrong }), (e: { code?: string; status?: number }) => e.code === 'AUTH_PROXY_REQUEST_FAILED' && e.status === 401);
    assert.deepEqual(await keyStore.listKeys(), [], 'the key made for the failed login is gone');
    const session = await ctx.completeOtp({ otpId, otpCode: code });
    assert.equal(ctx.authState, 'authenticated');
    assert.equal(ctx.user?.userEmail, email);
    assert.deepEqual(await keyStore.listKeys(), [session.public_key]);
  });
});

describe('refusals: nothing is written', () => {
  test('storeSession with a JWT whose key is not on this device', async () => {
    const sessionStore = new MemorySessionStore();
    const keyStore = new MemoryKeyStore();
    const ctx = context({ sessionStore, keyStore });
    await ctx.ready;
    const foreign = generateP256KeyPair();
    const jwt = await sessionFromBackend(s, uniqueEmail('foreign'), foreign.publicKey);
    const before = JSON.stringify(await sessionStore.load());
    await assert.rejects(ctx.storeSession({ jwt }), (e: { code?: string; name?: string }) => e.code === 'SESSION_KEY_NOT_ON_DEVICE' && e.name === 'SessionKeyNotOnDeviceError');
    assert.equal(JSON.stringify(await sessionStore.load()), before);
    assert.equal(ctx.authState, 'unauthenticated');
    assert.deepEqual(await keyStore.listKeys(), []);
  });

  test('malformed, expired and keyless JWTs', async () => {
    const sessionStore = new MemorySessionStore();
    const ctx = context({ sessionStore });
    await ctx.ready;
    const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const pk = await ctx.createKeyPair();
    const before = JSON.stringify(await sessionStore.load());
    const exp = Math.floor(Date.now() / 1000) + 600;
    for (const [jwt, code] of [
      ['not a jwt', 'INVALID_SESSION_JWT'],
      ['a.b.c', 'INVALID_SESSION_JWT'],
      [`${b64({ alg: 'ES256' })}.${b64({ exp, user_id: 'u', organization_id: 'o' })}.sig`, 'INVALID_SESSION_JWT'],
      [`${b64({ alg: 'ES256' })}.${b64({ exp: 'soon', public_key: pk, user_id: 'u', organization_id: 'o' })}.sig`, 'INVALID_SESSION_JWT'],
      [`${b64({ alg: 'ES256' })}.${b64({ exp: exp - 1200, public_key: pk, user_id: 'u', organization_id: 'o' })}.sig`, 'SESSION_EXPIRED'],
    ] as const) {
      await assert.rejects(ctx.storeSession({ jwt }), (e: { code?: string }) => e.code === code, jwt);
    }
    // Well-formed, our key, but not a session the API knows: refused by the API, still nothing written.
    await assert.rejects(ctx.storeSession({ jwt: `${b64({ alg: 'ES256' })}.${b64({ exp, public_key: pk, user_id: 'u', organization_id: s.api.credentials.organizationId })}.sig` }), (e: { code?: string }) => e.code === 'API_REQUEST_FAILED');
    assert.equal(JSON.stringify(await sessionStore.load()), before);
    assert.equal(ctx.authState, 'unauthenticated');
  });

  test('an API that does not answer is API_UNREACHABLE (not a refusal), and nothing is stored', async () => {
    const sessionStore = new MemorySessionStore();
    const ctx = context({ sessionStore, apiBaseUrl: 'http://127.0.0.1:9' });
    await ctx.ready;
    const pk = await ctx.createKeyPair();
    const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const jwt = `${b64({ alg: 'ES256' })}.${b64({ exp: Math.floor(Date.now() / 1000) + 600, public_key: pk, user_id: 'u', organization_id: 'o' })}.sig`;
    const before = JSON.stringify(await sessionStore.load());
    await assert.rejects(ctx.storeSession({ jwt }), (e: { code?: string; name?: string }) => e.code === 'API_UNREACHABLE' && e.name === 'ApiUnreachableError');
    assert.equal(JSON.stringify(await sessionStore.load()), before);
    assert.equal(ctx.authState, 'unauthenticated');
  });

  test('helpers without a session throw NO_ACTIVE_SESSION', async () => {
    const ctx = context();
    await ctx.ready;
    await assert.rejects(ctx.fetchUser(), (e: { code?: string }) => e.code === 'NO_ACTIVE_SESSION');
    await assert.rejects(ctx.signMessage({ message: 'x' }), (e: { code?: string }) => e.code === 'NO_ACTIVE_SESSION');
    await assert.rejects(ctx.refreshSession(), (e: { code?: string }) => e.code === 'NO_ACTIVE_SESSION');
  });

  test('proxy-only helpers throw MissingAuthProxyConfigurationError without an authProxyConfigId, before making anything', async () => {
    const keyStore = new MemoryKeyStore();
    const ctx = context({ keyStore });
    await ctx.ready;
    const calls: [string, () => Promise<unknown>][] = [
      ['initOtp', () => ctx.initOtp({ otpType: 'OTP_TYPE_EMAIL', contact: 'a@b.c' })],
      ['verifyOtp', () => ctx.verifyOtp({ otpId: 'x', otpCode: '123456' })],
      ['completeOtp', () => ctx.completeOtp({ otpId: 'x', otpCode: '123456' })],
      ['completeOauth', () => ctx.completeOauth({ oidcToken: 'a.b.c', publicKey: '02' + '11'.repeat(32) })],
      ['signUpWithPasskey', () => ctx.signUpWithPasskey({ passkey: { authenticatorName: 'p', challenge: 'c', attestation: {} } })],
    ];
    for (const [name, call] of calls) {
      await assert.rejects(call(), (e: unknown) => e instanceof MissingAuthProxyConfigurationError && e.code === 'MISSING_AUTH_PROXY_CONFIGURATION' && e.message.includes(name), name);
    }
    assert.deepEqual(await keyStore.listKeys(), [], 'no key pair was made');
  });

  test('bad configuration is refused at construction', () => {
    assert.throws(() => new TurnkeyContext({ organizationId: '', apiBaseUrl: s.api.url }), (e: { code?: string }) => e.code === 'INVALID_CONFIGURATION');
    assert.throws(() => new TurnkeyContext({ organizationId: 'o', apiBaseUrl: 'not a url' }), (e: { code?: string }) => e.code === 'INVALID_CONFIGURATION');
  });
});
