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
import { generateP256KeyPair, PRODUCTION_TLS_FETCHER_SIGN_PUBLIC_KEY } from '@turnkey/crypto';
import { AuthAction } from '@turnkey/sdk-types';
import { getClientSignatureMessageForLogin, getClientSignatureMessageForSignup } from '@turnkey/core/dist/utils.js';
import { p256 } from '@noble/curves/nist.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { oidcNonceFor } from '@tkauth/wire';
import {
  AuthProxyRequestError,
  KeyStoreStamper,
  MemoryKeyStore,
  MemorySessionStore,
  MissingAuthProxyConfigurationError,
  TurnkeyContext,
  type ContextSnapshot,
  type Session,
  type TurnkeyContextConfig,
} from '../src/index.ts';
import { loginClientSignature, signupClientSignature } from '../src/client-signature.ts';
import { devIdToken } from '../../local-api/test/helpers/oidc.ts';
import { asParams, noneAttestationPasskey } from '../../local-api/test/helpers/passkey.ts';
import { coreParseSession, sdkFields } from './helpers/core-session.ts';
import { eip191Signer } from './helpers/eth.ts';
import { GraveyardKeyStore, loginThroughBackend, sessionFromBackend, startSystem, uniqueEmail, type System } from './helpers/login.ts';

let s: System;
const PROXY_CONFIG_ID = 'tkauth-client-tests';
before(async () => {
  s = await startSystem({ env: { AUTH_PROXY_CONFIG_ID: PROXY_CONFIG_ID } });
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
    assert.equal(ctx.user?.userId, session.userId);
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

  test('session (and what subscribe emits) is what @turnkey/core parseSession makes of the same JWT, by the context clock', async () => {
    const t0 = Date.now();
    const ctx = context({ now: () => t0 });
    const emitted: (Session | undefined)[] = [];
    ctx.subscribe((snap) => emitted.push(snap.session));
    const session = await loginThroughBackend(s, ctx, uniqueEmail('shape'));
    const core = coreParseSession(session.token, t0);
    assert.deepEqual(sdkFields(ctx.session!), core);
    assert.deepEqual(sdkFields(session), core);
    assert.deepEqual(sdkFields(emitted.at(-1)!), core);
    assert.equal(ctx.session!.claims.public_key, core.publicKey);
  });

  test('the client stamps like the official stamper would: whoami through @turnkey/http answers for the session user', async () => {
    const ctx = context();
    const session = await loginThroughBackend(s, ctx, uniqueEmail('whoami'));
    const who = await ctx.client!.getWhoami({ organizationId: session.organizationId });
    assert.equal(who.userId, session.userId);
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
      organizationId: ctx.session!.organizationId,
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
    assert.equal(second.session?.publicKey, session.publicKey);
    assert.equal(second.user?.userId, session.userId);
    assert.ok(second.wallets.length > 0);
    second.dispose();

    // An hour later (a clock parameter, no sleeping): expired, so gone — record and key both.
    const later = context({ storageDir, keyStore: undefined, sessionStore: undefined, now: () => Date.now() + 3_600_000 });
    await later.ready;
    assert.equal(later.authState, 'unauthenticated');
    assert.deepEqual(later.sessionKeys, []);
    assert.ok(!fs.existsSync(path.join(storageDir, 'keys', `${session.publicKey}.json`)), 'the expired session key is deleted');
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
    assert.ok(first.expiry * 1000 - Date.now() <= 10_000);

    const refreshed = new Promise<ContextSnapshot>((resolve) => ctx.subscribe((snap) => snap.session && snap.session.publicKey !== first.publicKey && resolve(snap)));
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
    assert.ok(Date.now() < first.expiry * 1000, 'refreshed before the old session expired');
    assert.notEqual(after.publicKey, first.publicKey);
    assert.equal(after.userId, first.userId);
    assert.ok(after.expiry * 1000 > first.expiry * 1000);
    await new Promise((r) => setTimeout(r, 600));
    stop = true;
    await traffic;
    assert.ok(calls > 10, `only ${calls} requests ran`);
    assert.deepEqual(errors, []);

    assert.ok(!(await keyStore.hasKey(first.publicKey)), 'the old key is gone from the device');
    assert.deepEqual(await keyStore.listKeys(), [after.publicKey]);
    const oldClient = new TurnkeyClient({ baseUrl: s.api.url }, new KeyStoreStamper(keyStore.graveyard(), first.publicKey));
    await assert.rejects(oldClient.getWhoami({ organizationId: first.organizationId }), /could not find public key/);
    const who = await ctx.client!.getWhoami({ organizationId: after.organizationId });
    assert.equal(who.userId, first.userId);
  });

  test('with autoRefreshSession off, a session is cleared when it expires', async () => {
    const ctx = context({ auth: { autoRefreshSession: false } });
    const session = await loginThroughBackend(s, ctx, uniqueEmail('noauto'), { expirationSeconds: '10', refreshedSessionTTLSeconds: 10 });
    const cleared = new Promise<void>((resolve) => ctx.subscribe((snap) => snap.authState === 'unauthenticated' && resolve()));
    await cleared;
    assert.ok(Date.now() >= session.expiry * 1000 - 50, 'not cleared before expiry');
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
    assert.equal(ctx.user?.userId, a.userId);

    await ctx.setActiveSession('b');
    assert.equal(ctx.session?.userId, b.userId);
    assert.equal(ctx.user?.userId, b.userId);
    assert.equal((await ctx.client!.getWhoami({ organizationId: b.organizationId })).userId, b.userId);
    await assert.rejects(ctx.setActiveSession('nope'), (e: { code?: string }) => e.code === 'SESSION_NOT_FOUND');

    // Without revoke: gone here, still valid on the server until it expires.
    await ctx.clearSession({ sessionKey: 'a' });
    assert.deepEqual(ctx.sessionKeys, ['b']);
    assert.ok(!(await keyStore.hasKey(a.publicKey)));
    const aStill = new TurnkeyClient({ baseUrl: s.api.url }, new KeyStoreStamper(keyStore.graveyard(), a.publicKey));
    assert.equal((await aStill.getWhoami({ organizationId: a.organizationId })).userId, a.userId);

    // With revoke: the key is deleted on the server first.
    await ctx.clearSession({ revoke: true });
    assert.equal(ctx.authState, 'unauthenticated');
    assert.equal(ctx.client, undefined);
    const { apiKeys } = await parent().getApiKeys({ organizationId: b.organizationId, userId: b.userId });
    assert.ok(!apiKeys.some((k) => k.credential.publicKey === b.publicKey), 'the revoked key is still on the server');
    const bOld = new TurnkeyClient({ baseUrl: s.api.url }, new KeyStoreStamper(keyStore.graveyard(), b.publicKey));
    await assert.rejects(bOld.getWhoami({ organizationId: b.organizationId }), /could not find public key/);
    await assert.rejects(ctx.clearSession(), (e: { code?: string }) => e.code === 'NO_ACTIVE_SESSION');
  });

  test('a manual refreshSession keeps the user and moves to a new key', async () => {
    const ctx = context();
    const first = await loginThroughBackend(s, ctx, uniqueEmail('manual'));
    const next = await ctx.refreshSession({ expirationSeconds: 120 });
    assert.notEqual(next.publicKey, first.publicKey);
    assert.ok(next.expiry * 1000 - Date.now() <= 120_000);
    assert.equal((await ctx.client!.getWhoami({ organizationId: next.organizationId })).userId, first.userId);
  });
});

describe('auth-proxy helpers, with this backend as the proxy (its /v1/* routes)', () => {
  const proxied = (extra: Partial<TurnkeyContextConfig> = {}) => context({ authProxyUrl: s.backend.url, authProxyConfigId: PROXY_CONFIG_ID, ...extra });
  const ethAccount = (ctx: TurnkeyContext) => ctx.wallets.flatMap((w) => w.accounts).find((a) => a.addressFormat === 'ADDRESS_FORMAT_ETHEREUM');

  test('completeOtp for a new email signs up; again for the same email (another device) logs in; both with an Ethereum account', async () => {
    const email = uniqueEmail('proxy');
    const keyStore = new MemoryKeyStore();
    const first = proxied({ keyStore });
    const init = await first.initOtp({ otpType: 'OTP_TYPE_EMAIL', contact: email });
    assert.ok(init.otpEncryptionTargetBundle, 'initOtp answers the target bundle');
    const signup = await first.completeOtp({ ...init, otpCode: await s.code(email), contact: email, otpType: 'OTP_TYPE_EMAIL' });
    assert.equal(signup.action, AuthAction.SIGNUP);
    assert.equal(first.authState, 'authenticated');
    assert.equal(first.user?.userEmail, email);
    assert.deepEqual(await keyStore.listKeys(), [signup.session.publicKey], 'only the session key is left on the device');
    assert.equal((await first.client!.getWhoami({ organizationId: signup.session.organizationId })).userId, signup.session.userId);
    const address = ethAccount(first)?.address;
    assert.ok(address, 'the new account has an Ethereum account');

    const second = proxied();
    const again = await second.initOtp({ otpType: 'OTP_TYPE_EMAIL', contact: email });
    const login = await second.completeOtp({ ...again, otpCode: await s.code(email), contact: email, otpType: 'OTP_TYPE_EMAIL' });
    assert.equal(login.action, AuthAction.LOGIN);
    assert.equal(login.session.userId, signup.session.userId);
    assert.equal(login.session.organizationId, signup.session.organizationId);
    assert.equal(ethAccount(second)?.address, address);
    const signed = await second.signMessage({ message: 'proxy login' });
    assert.equal(eip191Signer('proxy login', signed.signature), address!.toLowerCase());
  });

  test('completeOtp by SMS: a new phone number signs up, then logs in', async () => {
    const phone = `+1415${String(Date.now()).slice(-7)}`;
    const ctx = proxied();
    const signup = await ctx.completeOtp({ ...(await ctx.initOtp({ otpType: 'OTP_TYPE_SMS', contact: phone })), otpCode: await s.code(phone), contact: phone, otpType: 'OTP_TYPE_SMS' });
    assert.equal(signup.action, AuthAction.SIGNUP);
    assert.equal(ctx.user?.userPhoneNumber, phone);
    const again = proxied();
    const login = await again.completeOtp({ ...(await again.initOtp({ otpType: 'OTP_TYPE_SMS', contact: phone })), otpCode: await s.code(phone), contact: phone, otpType: 'OTP_TYPE_SMS' });
    assert.equal(login.action, AuthAction.LOGIN);
    assert.equal(login.session.userId, signup.session.userId);
  });

  test('a wrong code is refused with the backend\'s OTP_INVALID and leaves no key; the right one still works', async () => {
    const keyStore = new MemoryKeyStore();
    const ctx = proxied({ keyStore });
    const email = uniqueEmail('proxy-wrong');
    const init = await ctx.initOtp({ otpType: 'OTP_TYPE_EMAIL', contact: email });
    const code = await s.code(email);
    const wrong = code === '000000' ? '111111' : '000000';
    await assert.rejects(
      ctx.completeOtp({ ...init, otpCode: wrong, contact: email, otpType: 'OTP_TYPE_EMAIL' }),
      (e: unknown) => e instanceof AuthProxyRequestError && e.code === 'AUTH_PROXY_REQUEST_FAILED' && e.errorCode === 'OTP_INVALID' && e.status === 401 && /otp_verify_v2/.test(e.message),
    );
    assert.deepEqual(await keyStore.listKeys(), [], 'the key made for the failed login is gone');
    assert.deepEqual((await ctx.completeOtp({ ...init, otpCode: code, contact: email, otpType: 'OTP_TYPE_EMAIL' })).action, AuthAction.SIGNUP);
  });

  test('a bundle not signed by the trusted key: the code is never sent (it still works on a device that trusts the API)', async () => {
    const keyStore = new MemoryKeyStore();
    // Core 2.x's only choice: Turnkey's production key, which did not sign the local API's bundle.
    const ctx = proxied({ keyStore, otpSignerPublicKey: PRODUCTION_TLS_FETCHER_SIGN_PUBLIC_KEY });
    const email = uniqueEmail('proxy-untrusted');
    const init = await ctx.initOtp({ otpType: 'OTP_TYPE_EMAIL', contact: email });
    const code = await s.code(email);
    await assert.rejects(ctx.completeOtp({ ...init, otpCode: code, contact: email, otpType: 'OTP_TYPE_EMAIL' }), (e: { code?: string }) => e.code === 'OTP_BUNDLE_NOT_TRUSTED');
    assert.deepEqual(await keyStore.listKeys(), []);
    // Discovered from the API's /.well-known/tkauth.json: the same code was not used up.
    assert.equal((await proxied().completeOtp({ ...init, otpCode: code, contact: email, otpType: 'OTP_TYPE_EMAIL' })).action, AuthAction.SIGNUP);
    assert.throws(() => proxied({ otpSignerPublicKey: '02' + '11'.repeat(32) }), (e: { code?: string }) => e.code === 'INVALID_CONFIGURATION');
  });

  test('verifyOtp + loginWithOtp: the clientSignature is core\'s message, signed raw by the token\'s key', async () => {
    const email = uniqueEmail('proxy-parts');
    await proxied().completeOtp({ ...(await proxied().initOtp({ otpType: 'OTP_TYPE_EMAIL', contact: email })), otpCode: await s.code(email), contact: email, otpType: 'OTP_TYPE_EMAIL' });
    const keyStore = new MemoryKeyStore();
    const ctx = proxied({ keyStore });
    const init = await ctx.initOtp({ otpType: 'OTP_TYPE_EMAIL', contact: email });
    const { verificationToken, publicKey } = await ctx.verifyOtp({ ...init, otpCode: await s.code(email) });
    assert.deepEqual(await keyStore.listKeys(), [publicKey], 'verifyOtp made the key it bound the token to');

    const ours = await loginClientSignature(keyStore, verificationToken, publicKey);
    const core = getClientSignatureMessageForLogin({ verificationToken, sessionPublicKey: publicKey });
    assert.equal(ours.message, core.message);
    assert.equal(ours.publicKey, core.publicKey.toLowerCase());
    // Raw r‖s over SHA-256 of the message, checked independently of the SDK and the backend (high S allowed, as Turnkey does).
    assert.ok(p256.verify(Buffer.from(ours.signature, 'hex'), sha256(new TextEncoder().encode(ours.message)), Buffer.from(publicKey, 'hex'), { lowS: false, prehash: false }));
    const credentials = { apiKeys: [], authenticators: [], oauthProviders: [] };
    const signup = await signupClientSignature(keyStore, verificationToken, { ...credentials, email });
    assert.equal(signup.message, getClientSignatureMessageForSignup({ verificationToken, email, ...credentials }).message);

    const session = await ctx.loginWithOtp({ verificationToken });
    assert.equal(session.publicKey, publicKey);
    assert.equal(ctx.user?.userEmail, email);
  });

  test('completeOauth through the dev OpenID provider: sign-up, then login on another device, with an Ethereum account', async () => {
    const { issuer, clientId } = s.api.oidc!;
    const login = uniqueEmail('proxy-oauth');
    const first = proxied();
    const pk = await first.createKeyPair();
    const signup = await first.completeOauth({ oidcToken: await devIdToken(issuer, clientId, login, oidcNonceFor(pk)), publicKey: pk, providerName: 'dev' });
    assert.equal(signup.action, AuthAction.SIGNUP);
    assert.equal(signup.session.publicKey, pk);
    const address = ethAccount(first)?.address;
    assert.ok(address);

    const keyStore = new MemoryKeyStore();
    const second = proxied({ keyStore });
    const pk2 = await second.createKeyPair();
    const again = await second.completeOauth({ oidcToken: await devIdToken(issuer, clientId, login, oidcNonceFor(pk2)), publicKey: pk2 });
    assert.equal(again.action, AuthAction.LOGIN);
    assert.equal(again.session.userId, signup.session.userId);
    assert.equal(ethAccount(second)?.address, address);

    // A token whose nonce names another key: refused, and the pending key is deleted.
    const pk3 = await second.createKeyPair();
    await assert.rejects(second.completeOauth({ oidcToken: await devIdToken(issuer, clientId, login, oidcNonceFor(pk)), publicKey: pk3 }), (e: { code?: string }) => e.code === 'AUTH_PROXY_REQUEST_FAILED');
    assert.deepEqual(await keyStore.listKeys(), [pk2]);
  });

  test('signUpWithPasskey: the one-minute sign-up key stamps a session for a fresh key, then is deleted on the server and the device', async () => {
    const keyStore = new MemoryKeyStore();
    const errors: unknown[] = [];
    const ctx = proxied({ keyStore, onError: (e) => errors.push(e) });
    const passkey = noneAttestationPasskey();
    const session = await ctx.signUpWithPasskey({ userName: 'passkey user', passkey: asParams(passkey) });
    assert.equal(ctx.authState, 'authenticated');
    assert.deepEqual(await keyStore.listKeys(), [session.publicKey], 'only the session key is on the device');
    const { apiKeys } = await parent().getApiKeys({ organizationId: session.organizationId, userId: session.userId });
    assert.ok(!apiKeys.some((k) => k.apiKeyName.startsWith('passkey-signup-')), 'the sign-up key is gone from the server');
    const { authenticators } = await parent().getAuthenticators({ organizationId: session.organizationId, userId: session.userId });
    assert.deepEqual(authenticators.map((a) => a.credentialId), [passkey.attestation.credentialId]);
    assert.ok(ethAccount(ctx), 'the new account has an Ethereum account');
    assert.deepEqual(errors, []);
  });

  test('a config id the backend does not know is refused with its code', async () => {
    const ctx = proxied({ authProxyConfigId: 'not-this-backend' });
    await assert.rejects(ctx.initOtp({ otpType: 'OTP_TYPE_EMAIL', contact: uniqueEmail('cfg') }), (e: unknown) => e instanceof AuthProxyRequestError && e.errorCode === 'AUTH_PROXY_CONFIG_MISMATCH' && e.status === 401);
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

  test('malformed, expired, keyless and typeless JWTs', async () => {
    const sessionStore = new MemorySessionStore();
    const ctx = context({ sessionStore });
    await ctx.ready;
    const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const pk = await ctx.createKeyPair();
    const before = JSON.stringify(await sessionStore.load());
    const exp = Math.floor(Date.now() / 1000) + 600;
    const session_type = 'SESSION_TYPE_READ_WRITE';
    for (const [jwt, code] of [
      ['not a jwt', 'INVALID_SESSION_JWT'],
      ['a.b.c', 'INVALID_SESSION_JWT'],
      [`${b64({ alg: 'ES256' })}.${b64({ exp, user_id: 'u', organization_id: 'o' })}.sig`, 'INVALID_SESSION_JWT'],
      [`${b64({ alg: 'ES256' })}.${b64({ exp: 'soon', public_key: pk, session_type, user_id: 'u', organization_id: 'o' })}.sig`, 'INVALID_SESSION_JWT'],
      [`${b64({ alg: 'ES256' })}.${b64({ exp, public_key: pk, user_id: 'u', organization_id: 'o' })}.sig`, 'INVALID_SESSION_JWT'],
      [`${b64({ alg: 'ES256' })}.${b64({ exp, public_key: pk, session_type: 'SESSION_TYPE_SOMETHING', user_id: 'u', organization_id: 'o' })}.sig`, 'INVALID_SESSION_JWT'],
      [`${b64({ alg: 'ES256' })}.${b64({ exp: exp - 1200, public_key: pk, session_type, user_id: 'u', organization_id: 'o' })}.sig`, 'SESSION_EXPIRED'],
    ] as const) {
      await assert.rejects(ctx.storeSession({ jwt }), (e: { code?: string }) => e.code === code, jwt);
    }
    // Well-formed, our key, but not a session the API knows: refused by the API, still nothing written.
    await assert.rejects(ctx.storeSession({ jwt: `${b64({ alg: 'ES256' })}.${b64({ exp, public_key: pk, session_type, user_id: 'u', organization_id: s.api.credentials.organizationId })}.sig` }), (e: { code?: string }) => e.code === 'API_REQUEST_FAILED');
    assert.equal(JSON.stringify(await sessionStore.load()), before);
    assert.equal(ctx.authState, 'unauthenticated');
  });

  test('an API that does not answer is API_UNREACHABLE (not a refusal), and nothing is stored', async () => {
    const sessionStore = new MemorySessionStore();
    const ctx = context({ sessionStore, apiBaseUrl: 'http://127.0.0.1:9' });
    await ctx.ready;
    const pk = await ctx.createKeyPair();
    const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const jwt = `${b64({ alg: 'ES256' })}.${b64({ exp: Math.floor(Date.now() / 1000) + 600, public_key: pk, session_type: 'SESSION_TYPE_READ_WRITE', user_id: 'u', organization_id: 'o' })}.sig`;
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
    // Every fetch fails the test: the refusal comes before any network call (the signer key's discovery too).
    const ctx = context({ keyStore, authProxyUrl: s.backend.url, fetch: () => assert.fail('no request may be made') });
    await ctx.ready;
    const calls: [string, () => Promise<unknown>][] = [
      ['initOtp', () => ctx.initOtp({ otpType: 'OTP_TYPE_EMAIL', contact: 'a@b.c' })],
      ['verifyOtp', () => ctx.verifyOtp({ otpId: 'x', otpCode: '123456', otpEncryptionTargetBundle: '{}' })],
      ['completeOtp', () => ctx.completeOtp({ otpId: 'x', otpCode: '123456', otpEncryptionTargetBundle: '{}', contact: 'a@b.c', otpType: 'OTP_TYPE_EMAIL' })],
      ['loginWithOtp', () => ctx.loginWithOtp({ verificationToken: 'a.b.c' })],
      ['signUpWithOtp', () => ctx.signUpWithOtp({ verificationToken: 'a.b.c', contact: 'a@b.c', otpType: 'OTP_TYPE_EMAIL' })],
      ['completeOauth', () => ctx.completeOauth({ oidcToken: 'a.b.c', publicKey: '02' + '11'.repeat(32) })],
      ['loginWithOauth', () => ctx.loginWithOauth({ oidcToken: 'a.b.c', publicKey: '02' + '11'.repeat(32) })],
      ['signUpWithOauth', () => ctx.signUpWithOauth({ oidcToken: 'a.b.c', publicKey: '02' + '11'.repeat(32) })],
      ['signUpWithPasskey', () => ctx.signUpWithPasskey({ passkey: { authenticatorName: 'p', challenge: 'c', attestation: { credentialId: 'x', clientDataJson: 'e30', attestationObject: 'x', transports: [] } } })],
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
