/**
 * The SDK's external-wallet logins in Node against a backend and local API started here, with
 * wallets backed by local keys (test/helpers/wallets.ts): signUpWithWallet (through the backend's
 * /signup, or the app's own function), loginWithWallet addressed to the parent,
 * loginOrSignUpWithWallet through /wallet-login-lookup, walletClient for any request — each with
 * exactly one wallet prompt — and every refusal as its typed error, with the pending session key
 * deleted again, nothing created, and the session in place untouched.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { base58 } from '@scure/base';
import { p256 } from '@noble/curves/nist.js';
import { decodeJwtClaims, type SessionClaims } from '@tkauth/wire';
import { httpFor } from '../../local-api/test/helpers/local-api.ts';
import { newKey } from '../../local-api/test/helpers/fixtures.ts';
import {
  ethereumAddress,
  MemoryKeyStore,
  MemorySessionStore,
  solanaAddress,
  TurnkeyContext,
  walletAddress,
  type BackendWalletSignupBody,
  type TurnkeyClientError,
} from '../src/index.ts';
import { startSystem, type System } from './helpers/login.ts';
import { testEthWallet, testSolWallet } from './helpers/wallets.ts';

let s: System;
before(async () => {
  s = await startSystem();
});
after(() => s?.stop());

const contexts: TurnkeyContext[] = [];
after(() => contexts.forEach((c) => c.dispose()));

function context() {
  const keyStore = new MemoryKeyStore();
  const ctx = new TurnkeyContext({ organizationId: s.api.credentials.organizationId, apiBaseUrl: s.api.url, keyStore, sessionStore: new MemorySessionStore() });
  contexts.push(ctx);
  return { ctx, keyStore };
}
const parent = () => httpFor(s.api.url, { publicKey: s.api.credentials.apiPublicKey, privateKey: s.api.credentials.apiPrivateKey });
const parentOrg = () => s.api.credentials.organizationId;

/** The app's own sign-up, as the backend does it: the wallet key as the root user's API key. */
async function createAccount(body: BackendWalletSignupBody): Promise<{ subOrganizationId: string }> {
  const res = await parent().createSubOrganization({
    type: 'ACTIVITY_TYPE_CREATE_SUB_ORGANIZATION_V8',
    timestampMs: String(Date.now()),
    organizationId: parentOrg(),
    parameters: {
      subOrganizationName: `app sign-up ${body.wallet.publicKey.slice(0, 8)}`,
      rootQuorumThreshold: 1,
      rootUsers: [{ userName: body.userName ?? 'wallet user', apiKeys: [{ apiKeyName: `wallet-auth:${body.wallet.publicKey}`, publicKey: body.wallet.publicKey, curveType: body.wallet.curveType }], authenticators: [], oauthProviders: [] }],
    },
  });
  return { subOrganizationId: res.activity.result.createSubOrganizationResultV8!.subOrganizationId };
}

async function subOrgsHolding(publicKey: string): Promise<string[]> {
  return (await parent().getSubOrgIds({ organizationId: parentOrg(), filterType: 'PUBLIC_KEY', filterValue: publicKey })).organizationIds;
}

async function refused(p: Promise<unknown>, code: string, message?: RegExp) {
  await assert.rejects(p, (e: TurnkeyClientError) => {
    assert.equal(e.code, code, e.message);
    if (message) assert.match(e.message, message);
    return true;
  });
}

describe('Ethereum (EIP-1193)', () => {
  const w = testEthWallet();

  test('the address helper gives the account’s EIP-55 address from the key', () => {
    assert.equal(ethereumAddress(w.publicKey), w.account.address);
    assert.equal(walletAddress(w.publicKey, 'API_KEY_CURVE_SECP256K1'), w.account.address);
  });

  test('loginWithWallet before any sign-up: UNKNOWN_WALLET, and the session key is gone again', async () => {
    const { ctx, keyStore } = context();
    await refused(ctx.loginWithWallet({ provider: w.provider }), 'UNKNOWN_WALLET');
    assert.deepEqual(await keyStore.listKeys(), []);
    assert.equal(ctx.authState, 'unauthenticated');
  });

  let organizationId: string;
  test('signUpWithWallet({signup}): one prompt, the app gets {wallet}, then the pre-signed login gives the session', async () => {
    const { ctx, keyStore } = context();
    const bodies: BackendWalletSignupBody[] = [];
    w.calls.length = 0;
    const { session, wallet } = await ctx.signUpWithWallet({ provider: w.provider, userName: 'eth user', signup: async (body) => (bodies.push(body), createAccount(body)) });
    assert.equal(bodies.length, 1);
    const { walletProof, ...rest } = bodies[0]!;
    assert.deepEqual(rest, { wallet: { publicKey: w.publicKey, curveType: 'API_KEY_CURVE_SECP256K1' }, userName: 'eth user' });
    // The proof is the very login the device sends next: to the parent, for the session key, stamped by the wallet.
    const proved = JSON.parse(walletProof.body);
    assert.deepEqual([proved.type, proved.organizationId, proved.parameters.publicKey], ['ACTIVITY_TYPE_STAMP_LOGIN', parentOrg(), session.publicKey]);
    assert.deepEqual(JSON.parse(Buffer.from(walletProof.stamp, 'base64url').toString()).publicKey, w.publicKey);
    assert.equal(w.calls.length, 1, 'one wallet prompt');
    assert.deepEqual(wallet, { chain: 'ethereum', address: w.account.address, publicKey: w.publicKey, curveType: 'API_KEY_CURVE_SECP256K1' });
    organizationId = session.organizationId;
    assert.deepEqual(await subOrgsHolding(w.publicKey), [organizationId]);
    assert.equal(ctx.authState, 'authenticated');
    assert.deepEqual(await keyStore.listKeys(), [session.publicKey]);
    // The session's key is the device's (P-256), not the wallet's.
    assert.equal((decodeJwtClaims(session.token!) as unknown as SessionClaims).public_key, session.publicKey);
    // The user's API keys: the wallet's (no expiry) and the session's.
    const secp = ctx.user!.apiKeys.filter((k) => k.credential.type === 'CREDENTIAL_TYPE_API_KEY_SECP256K1');
    assert.deepEqual(secp.map((k) => [k.apiKeyName, k.credential.publicKey]), [[`wallet-auth:${w.publicKey}`, w.publicKey]]);
  });

  test('loginWithWallet: stamp_login to the parent finds the account by the wallet key; walletClient signs any request', async () => {
    const { ctx } = context();
    w.calls.length = 0;
    const { session, wallet } = await ctx.loginWithWallet({ provider: w.provider, expirationSeconds: 600 });
    assert.equal(session.organizationId, organizationId);
    assert.equal(wallet.address, w.account.address);
    assert.ok(session.expiry * 1000 - Date.now() <= 600_000);
    assert.equal(w.calls.length, 1);
    const whoami = await ctx.walletClient(w.provider).getWhoami({ organizationId: parentOrg() });
    assert.equal(whoami.organizationId, organizationId);
  });

  test('refusals: declined, no account, another key’s signature — typed, nothing sent, no key left, the session in place untouched', async () => {
    const { ctx, keyStore } = context();
    const { session } = await ctx.loginWithWallet({ provider: w.provider });
    let signups = 0;
    const signup = async (body: BackendWalletSignupBody) => (signups++, createAccount(body));
    const attempts = async (code: string, message?: RegExp) => {
      await refused(ctx.loginWithWallet({ provider: w.provider }), code, message);
      await refused(ctx.signUpWithWallet({ provider: w.provider, signup }), code, message);
    };
    try {
      w.behave = { reject: true };
      await attempts('CONNECT_WALLET_CANCELLED');
      w.behave = { noAccounts: true };
      await attempts('NO_WALLET_ACCOUNT');
      w.behave = { signWith: testEthWallet().privateKey };
      await attempts('WALLET_SIGNATURE_INVALID', /not with the account it connected/);
    } finally {
      w.behave = {};
    }
    assert.equal(signups, 0, 'the backend was never asked');
    assert.deepEqual(await keyStore.listKeys(), [session.publicKey]);
    assert.equal(ctx.session?.publicKey, session.publicKey);
  });

  test('a provider that answers personal_sign with something else is WALLET_SIGNATURE_INVALID; an object that is no wallet, WALLET_NOT_SUPPORTED; request + signMessage (viem) is Ethereum', async () => {
    const { ctx, keyStore } = context();
    const odd = { request: async ({ method }: { method: string }) => (method === 'eth_requestAccounts' ? [w.account.address] : '0x1234') };
    await refused(ctx.loginWithWallet({ provider: odd }), 'WALLET_SIGNATURE_INVALID');
    await refused(ctx.loginWithWallet({ provider: {} as never }), 'WALLET_NOT_SUPPORTED');
    // A viem WalletClient is EIP-1193 (request) with a signMessage of its own: still an Ethereum wallet.
    const viemLike = { request: w.provider.request, signMessage: async () => assert.fail('the Solana path was taken') };
    const { session } = await ctx.loginWithWallet({ provider: viemLike as never });
    assert.equal(session.organizationId, organizationId);
    assert.deepEqual(await keyStore.listKeys(), [session.publicKey]);
  });
});

describe('Solana (signMessage)', () => {
  const w = testSolWallet();

  test('the address helper gives base58 of the key', () => {
    assert.equal(solanaAddress(w.publicKey), base58.encode(Buffer.from(w.publicKey, 'hex')));
    assert.equal(walletAddress(w.publicKey, 'CREDENTIAL_TYPE_API_KEY_ED25519'), solanaAddress(w.publicKey));
  });

  test('signUpWithWallet({signup}), then loginWithWallet: the same account; a base58 publicKey and a bare-bytes answer work too', async () => {
    const { ctx } = context();
    const { session, wallet } = await ctx.signUpWithWallet({ provider: w.signer, signup: createAccount });
    assert.deepEqual(wallet, { chain: 'solana', address: solanaAddress(w.publicKey), publicKey: w.publicKey, curveType: 'API_KEY_CURVE_ED25519' });
    assert.deepEqual(await subOrgsHolding(w.publicKey), [session.organizationId]);

    const plain = { publicKey: wallet.address, signMessage: async (m: Uint8Array) => (await w.signer.signMessage(m) as { signature: Uint8Array }).signature };
    const again = await context().ctx.loginWithWallet({ provider: plain });
    assert.equal(again.session.organizationId, session.organizationId);
  });

  test('a signer that connects first (publicKey null until connect()) works', async () => {
    let connected = false;
    const lazy = {
      publicKey: null as null | { toBytes(): Uint8Array },
      async connect() {
        connected = true;
        lazy.publicKey = w.signer.publicKey as { toBytes(): Uint8Array };
        return { publicKey: lazy.publicKey };
      },
      signMessage: (m: Uint8Array) => w.signer.signMessage(m),
    };
    const { session } = await context().ctx.loginWithWallet({ provider: lazy });
    assert.ok(connected);
    assert.deepEqual(await subOrgsHolding(w.publicKey), [session.organizationId]);
  });

  test('refusals: declined, a signature by another key, no public key', async () => {
    const { ctx, keyStore } = context();
    try {
      w.behave = { reject: true };
      await refused(ctx.loginWithWallet({ provider: w.signer }), 'CONNECT_WALLET_CANCELLED');
      w.behave = { signWith: testSolWallet().secretKey };
      await refused(ctx.loginWithWallet({ provider: w.signer }), 'WALLET_SIGNATURE_INVALID');
    } finally {
      w.behave = {};
    }
    await refused(ctx.loginWithWallet({ provider: { publicKey: null, signMessage: w.signer.signMessage } }), 'NO_WALLET_ACCOUNT');
    assert.deepEqual(await keyStore.listKeys(), []);
  });
});

describe('through the backend (backendUrl: /signup {wallet}, /wallet-login-lookup)', () => {
  for (const [chain, make] of [['Ethereum', () => ({ provider: testEthWallet() })], ['Solana', () => ({ provider: testSolWallet() })]] as const) {
    test(`${chain}: loginOrSignUpWithWallet signs up, then logs in to the same account; signUpWithWallet again is the backend's 409`, async () => {
      const made = make().provider;
      const provider = 'signer' in made ? made.signer : made.provider;
      const { ctx, keyStore } = context();
      const first = await ctx.loginOrSignUpWithWallet({ provider, backendUrl: s.backend.url });
      assert.equal(first.action, 'SIGNUP');
      assert.deepEqual(await subOrgsHolding(made.publicKey), [first.session.organizationId]);
      const { apiKeys } = await parent().getApiKeys({ organizationId: first.session.organizationId, userId: first.session.userId });
      const walletKey = apiKeys.find((k) => k.credential.publicKey === made.publicKey);
      assert.equal(walletKey?.apiKeyName, `wallet-auth:${made.publicKey}`);
      assert.equal(walletKey?.credential.type, chain === 'Ethereum' ? 'CREDENTIAL_TYPE_API_KEY_SECP256K1' : 'CREDENTIAL_TYPE_API_KEY_ED25519');
      const { wallets } = await parent().getWallets({ organizationId: first.session.organizationId });
      assert.equal(wallets.length, 1, 'the default embedded wallet');

      await ctx.clearSession({ revoke: true });
      const second = await ctx.loginOrSignUpWithWallet({ provider, backendUrl: s.backend.url });
      assert.equal(second.action, 'LOGIN');
      assert.equal(second.session.organizationId, first.session.organizationId);
      assert.equal(second.session.userId, first.session.userId);

      await assert.rejects(ctx.signUpWithWallet({ provider, backendUrl: s.backend.url }), (e: TurnkeyClientError & { status?: number; errorCode?: string }) => {
        assert.equal(e.code, 'BACKEND_REQUEST_FAILED');
        assert.equal(e.status, 409);
        assert.equal(e.errorCode, 'CONTACT_EXISTS');
        return true;
      });
      assert.deepEqual(await keyStore.listKeys(), [second.session.publicKey], 'the failed sign-up left no key');
      assert.deepEqual(await subOrgsHolding(made.publicKey), [first.session.organizationId], 'and no second account');
    });
  }

  test('the wallet\'s key registered by someone else as a P-256 key does not pass for its account: login is UNKNOWN_WALLET, loginOrSignUp signs up', async () => {
    let made = testEthWallet();
    while (!onP256(made.publicKey)) made = testEthWallet();
    const squat = await parent().createSubOrganization({
      type: 'ACTIVITY_TYPE_CREATE_SUB_ORGANIZATION_V8',
      timestampMs: String(Date.now()),
      organizationId: parentOrg(),
      parameters: { subOrganizationName: `squat ${made.publicKey.slice(0, 8)}`, rootQuorumThreshold: 1, rootUsers: [{ userName: 'squatter', apiKeys: [{ apiKeyName: 'looks alike', publicKey: made.publicKey, curveType: 'API_KEY_CURVE_P256' }], authenticators: [], oauthProviders: [] }] },
    });
    const squatOrg = squat.activity.result.createSubOrganizationResultV8!.subOrganizationId;
    const { ctx } = context();
    await refused(ctx.loginWithWallet({ provider: made.provider }), 'UNKNOWN_WALLET');
    const first = await ctx.loginOrSignUpWithWallet({ provider: made.provider, backendUrl: s.backend.url });
    assert.equal(first.action, 'SIGNUP');
    assert.notEqual(first.session.organizationId, squatOrg);
    assert.deepEqual((await subOrgsHolding(made.publicKey)).sort(), [squatOrg, first.session.organizationId].sort());
    await ctx.clearSession({ revoke: true });
    const again = await ctx.loginWithWallet({ provider: made.provider });
    assert.equal(again.session.organizationId, first.session.organizationId);
  });
});

describe('a wallet key someone added to their own account', () => {
  /** An ordinary account of someone else, who then adds the wallet's public key to it with their own key. */
  async function plant(walletPublicKey: string, curveType: 'API_KEY_CURVE_SECP256K1' | 'API_KEY_CURVE_ED25519') {
    const attacker = newKey();
    const made = await parent().createSubOrganization({
      type: 'ACTIVITY_TYPE_CREATE_SUB_ORGANIZATION_V8',
      timestampMs: String(Date.now()),
      organizationId: parentOrg(),
      parameters: { subOrganizationName: `attacker ${attacker.publicKey.slice(0, 8)}`, rootQuorumThreshold: 1, rootUsers: [{ userName: 'attacker', apiKeys: [{ apiKeyName: 'mine', publicKey: attacker.publicKey, curveType: 'API_KEY_CURVE_P256' }], authenticators: [], oauthProviders: [] }] },
    });
    const result = made.activity.result.createSubOrganizationResultV8!;
    const planted = await httpFor(s.api.url, attacker).createApiKeys({
      type: 'ACTIVITY_TYPE_CREATE_API_KEYS_V2',
      timestampMs: String(Date.now()),
      organizationId: result.subOrganizationId,
      parameters: { userId: result.rootUserIds![0]!, apiKeys: [{ apiKeyName: `wallet-auth:${walletPublicKey}`, publicKey: walletPublicKey, curveType }] },
    });
    assert.equal(planted.activity.status, 'ACTIVITY_STATUS_COMPLETED');
    return result.subOrganizationId;
  }

  test('planted before the wallet signed up: loginOrSignUpWithWallet signs up its own account and lands there (a second signature, addressed to it)', async () => {
    const w = testEthWallet();
    const attackerOrg = await plant(w.publicKey, 'API_KEY_CURVE_SECP256K1');
    const { ctx } = context();
    w.calls.length = 0;
    const first = await ctx.loginOrSignUpWithWallet({ provider: w.provider, backendUrl: s.backend.url });
    assert.equal(first.action, 'SIGNUP');
    assert.notEqual(first.session.organizationId, attackerOrg);
    assert.equal(w.calls.length, 2, 'the parent could not tell the two holders apart: one more signature, addressed to the wallet\'s own account');
    await ctx.clearSession({ revoke: true });
    const again = await ctx.loginOrSignUpWithWallet({ provider: w.provider, backendUrl: s.backend.url });
    assert.equal(again.action, 'LOGIN');
    assert.equal(again.session.organizationId, first.session.organizationId);
  });

  test('planted after: the wallet still lands in its own account, never in the other one', async () => {
    const made = testSolWallet();
    const { ctx } = context();
    const first = await ctx.loginOrSignUpWithWallet({ provider: made.signer, backendUrl: s.backend.url });
    const attackerOrg = await plant(made.publicKey, 'API_KEY_CURVE_ED25519');
    await ctx.clearSession({ revoke: true });
    const again = await ctx.loginOrSignUpWithWallet({ provider: made.signer, backendUrl: s.backend.url });
    assert.equal(again.action, 'LOGIN');
    assert.equal(again.session.organizationId, first.session.organizationId);
    assert.notEqual(again.session.organizationId, attackerOrg);
  });

  test('a login that lands elsewhere than the account the backend named is WALLET_ACCOUNT_MISMATCH: no session kept, no key left', async () => {
    const w = testEthWallet();
    const attackerOrg = await plant(w.publicKey, 'API_KEY_CURVE_SECP256K1');
    const { ctx, keyStore } = context();
    // A backend that names another account than the one the key resolves to.
    const lookup = async () => ({ subOrganizationId: '00000000-0000-4000-8000-000000000000' });
    await refused(ctx.loginOrSignUpWithWallet({ provider: w.provider, lookup, signup: createAccount }), 'WALLET_ACCOUNT_MISMATCH', new RegExp(attackerOrg));
    assert.equal(ctx.authState, 'unauthenticated');
    assert.deepEqual(await keyStore.listKeys(), []);
  });
});

/** Whether a compressed key's hex also names a P-256 point (about half of secp256k1 keys do). */
function onP256(hex: string): boolean {
  try {
    p256.Point.fromHex(hex);
    return true;
  } catch {
    return false;
  }
}
