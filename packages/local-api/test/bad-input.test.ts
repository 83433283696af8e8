/** Bad input gets a 4xx rpcStatus with a clear message and a stable code, and nothing is written. */
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ETH_ACCOUNT, rootUser, SOL_ACCOUNT, uniqueEmail } from './helpers/fixtures.ts';
import { rawPost, stampHeader, startTestApi, type TestApi } from './helpers/local-api.ts';
import { rowCounts } from './helpers/db-counts.ts';

let t: TestApi;
let admin: { publicKey: string; privateKey: string };
let orgId: string;
let counts: Record<string, number>;
before(async () => {
  t = await startTestApi();
  admin = { publicKey: t.api.credentials.apiPublicKey, privateKey: t.api.credentials.apiPrivateKey };
  orgId = t.api.credentials.organizationId;
});
beforeEach(async () => {
  counts = await rowCounts(t.dataDir);
});
after(() => t.stop());

async function post(route: string, body: string) {
  return rawPost(t.api.url, route, body, await stampHeader(body, admin));
}
const activity = (type: string, parameters: unknown) => JSON.stringify({ type, timestampMs: String(Date.now()), organizationId: orgId, parameters });

async function refused(res: { status: number; json: any }, status: number, errorCode: string, message?: RegExp) {
  assert.equal(res.status, status, JSON.stringify(res.json));
  assert.equal(typeof res.json.code, 'number');
  assert.equal(typeof res.json.message, 'string');
  assert.ok(!/\n\s+at /.test(res.json.message), 'no stack trace');
  assert.ok(res.json.details.some((d: any) => d.errorCode === errorCode), JSON.stringify(res.json.details));
  if (message) assert.match(res.json.message, message);
  assert.deepEqual(await rowCounts(t.dataDir), counts, 'nothing written');
}

const subOrg = (overrides: Record<string, unknown> = {}) => ({
  subOrganizationName: 'bad',
  rootQuorumThreshold: 1,
  rootUsers: [rootUser(uniqueEmail('bad'))],
  wallet: { walletName: 'w', accounts: [ETH_ACCOUNT, SOL_ACCOUNT] },
  ...overrides,
});

describe('bad input', () => {
  test('malformed JSON (correctly stamped)', async () => {
    await refused(await post('/public/v1/submit/create_wallet', '{"type": '), 400, 'ERR_REQUEST_MALFORMED_JSON');
  });

  test('wrong types name the offending field', async () => {
    const res = await post('/public/v1/submit/create_sub_organization', activity('ACTIVITY_TYPE_CREATE_SUB_ORGANIZATION_V8', subOrg({ rootQuorumThreshold: '1' })));
    await refused(res, 400, 'ERR_REQUEST_INVALID', /parameters\/rootQuorumThreshold/);
    const env = await post('/public/v1/submit/create_wallet', JSON.stringify({ type: 'ACTIVITY_TYPE_CREATE_WALLET', timestampMs: 1, organizationId: orgId, parameters: {} }));
    await refused(env, 400, 'ERR_REQUEST_INVALID', /timestampMs/);
  });

  test('unknown activity type, and a type sent to the wrong path', async () => {
    await refused(await post('/public/v1/submit/create_wallet', activity('ACTIVITY_TYPE_MAKE_COFFEE', {})), 400, 'ERR_ACTIVITY_TYPE_UNKNOWN', /ACTIVITY_TYPE_MAKE_COFFEE/);
    await refused(await post('/public/v1/submit/create_wallet', activity('ACTIVITY_TYPE_CREATE_USERS_V4', { users: [] })), 400, 'ERR_ACTIVITY_TYPE_UNKNOWN');
  });

  test('oversized body (> 1 MiB)', async () => {
    const body = activity('ACTIVITY_TYPE_CREATE_WALLET', { walletName: 'x'.repeat(1024 * 1024 + 10), accounts: [] });
    await refused(await post('/public/v1/submit/create_wallet', body), 413, 'ERR_REQUEST_TOO_LARGE');
  });

  test('unknown ids', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    await refused(await post('/public/v1/query/get_wallet', JSON.stringify({ organizationId: orgId, walletId: missing })), 404, 'ERR_WALLET_NOT_FOUND', new RegExp(missing));
    await refused(await post('/public/v1/query/get_user', JSON.stringify({ organizationId: orgId, userId: missing })), 404, 'ERR_USER_NOT_FOUND');
    await refused(await post('/public/v1/query/get_activity', JSON.stringify({ organizationId: orgId, activityId: missing })), 404, 'ERR_ACTIVITY_NOT_FOUND');
    await refused(await post('/public/v1/query/whoami', JSON.stringify({ organizationId: missing })), 404, 'ERR_ORGANIZATION_NOT_FOUND');
    await refused(
      await post('/public/v1/submit/create_wallet_accounts', activity('ACTIVITY_TYPE_CREATE_WALLET_ACCOUNTS', { walletId: missing, accounts: [ETH_ACCOUNT] })),
      404,
      'ERR_WALLET_NOT_FOUND',
    );
    await refused(await post('/public/v1/query/list_wallet_accounts', JSON.stringify({ organizationId: orgId, paginationOptions: { after: missing } })), 400, 'ERR_REQUEST_INVALID', /after/);
  });

  test('a bad item late in a request leaves nothing half-written', async () => {
    const users = [rootUser(uniqueEmail('ok')), { ...rootUser(uniqueEmail('bad-phone')), userPhoneNumber: '555-1234' }];
    await refused(
      await post('/public/v1/submit/create_sub_organization', activity('ACTIVITY_TYPE_CREATE_SUB_ORGANIZATION_V8', subOrg({ rootUsers: users, rootQuorumThreshold: 2 }))),
      400,
      'ERR_REQUEST_INVALID',
      /rootUsers\/1\/userPhoneNumber/,
    );
    const badAccount = { walletName: 'w', accounts: [ETH_ACCOUNT, { ...SOL_ACCOUNT, path: "m/44'/501'/0'/0" }] };
    await refused(await post('/public/v1/submit/create_sub_organization', activity('ACTIVITY_TYPE_CREATE_SUB_ORGANIZATION_V8', subOrg({ wallet: badAccount }))), 400, 'ERR_WALLET_INVALID_PATH', /hardened/);
    const badCombo = { walletName: 'w', accounts: [{ ...ETH_ACCOUNT, addressFormat: 'ADDRESS_FORMAT_SOLANA' }] };
    await refused(await post('/public/v1/submit/create_sub_organization', activity('ACTIVITY_TYPE_CREATE_SUB_ORGANIZATION_V8', subOrg({ wallet: badCombo }))), 400, 'ERR_WALLET_UNSUPPORTED');
    await refused(await post('/public/v1/submit/create_sub_organization', activity('ACTIVITY_TYPE_CREATE_SUB_ORGANIZATION_V8', subOrg({ rootQuorumThreshold: 2 }))), 400, 'ERR_QUORUM_INVALID');
  });

  test('unknown route (media types: content-types.test.ts)', async () => {
    await refused(await post('/public/v1/query/get_everything', JSON.stringify({ organizationId: orgId })), 404, 'ERR_ROUTE_NOT_FOUND');
  });

  test('CORS: a page on another origin may send stamped requests, with no cookies', async () => {
    const pre = await fetch(`${t.api.url}/public/v1/query/whoami`, {
      method: 'OPTIONS',
      headers: { origin: 'http://app.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-stamp,x-client-version' },
    });
    assert.equal(pre.status, 204);
    assert.equal(pre.headers.get('access-control-allow-origin'), 'http://app.example');
    assert.equal(pre.headers.get('access-control-allow-credentials'), null);
    const allowed = (pre.headers.get('access-control-allow-headers') ?? '').split(',').map((h) => h.trim());
    for (const h of ['content-type', 'x-stamp', 'x-client-version']) assert.ok(allowed.includes(h), h);
  });

  test('CORS: the dev outbox (one-time codes) is readable from loopback pages only', async () => {
    const from = async (origin: string) => (await fetch(`${t.api.url}/dev/outbox`, { headers: { origin, accept: 'application/json' } })).headers.get('access-control-allow-origin');
    assert.equal(await from('http://127.0.0.1:5173'), 'http://127.0.0.1:5173');
    assert.equal(await from('http://localhost:3000'), 'http://localhost:3000');
    assert.equal(await from('https://evil.example'), null);
    assert.equal(await from('http://127.0.0.1.evil.example'), null);
  });
});
