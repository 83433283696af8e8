/**
 * Content types as Turnkey's gateway takes them: the JSON body as application/json, text/plain
 * (any charset) or with no Content-Type at all, the stamp always verified over the raw bytes;
 * any other type is 415 (gRPC 12), a body over the limit 413 (gRPC 8). Stamps by the official
 * ApiKeyStamper; node:http so that "no Content-Type" really sends none.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { ETH_ACCOUNT } from './helpers/fixtures.ts';
import { stampHeader, startTestApi, type TestApi } from './helpers/local-api.ts';

const LIMIT = 16 * 1024;
let t: TestApi;
let admin: { publicKey: string; privateKey: string };
let orgId: string;
before(async () => {
  t = await startTestApi({ config: { bodyLimitBytes: LIMIT } });
  admin = { publicKey: t.api.credentials.apiPublicKey, privateKey: t.api.credentials.apiPrivateKey };
  orgId = t.api.credentials.organizationId;
});
after(() => t.stop());

/** POSTs exactly these bytes with exactly these headers (no Content-Type unless given). */
function send(route: string, body: string, headers: Record<string, string>): Promise<{ status: number; json: any }> {
  const url = new URL(route, t.api.url);
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode!, json: JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const stamped = async (route: string, body: string, contentType?: string) =>
  send(route, body, { ...(await stampHeader(body, admin)), ...(contentType === undefined ? {} : { 'content-type': contentType }) });

const whoami = () => JSON.stringify({ organizationId: orgId });

test('text/plain (with or without a charset) and no Content-Type are read as JSON', async () => {
  for (const type of ['application/json', 'text/plain', 'text/plain; charset=utf-8', 'text/plain;charset=ISO-8859-1', undefined]) {
    const res = await stamped('/public/v1/query/whoami', whoami(), type);
    assert.equal(res.status, 200, `${type}: ${JSON.stringify(res.json)}`);
    assert.equal(res.json.organizationId, orgId);
  }
  const activity = JSON.stringify({ type: 'ACTIVITY_TYPE_CREATE_WALLET', timestampMs: String(Date.now()), organizationId: orgId, parameters: { walletName: 'plain', accounts: [ETH_ACCOUNT] } });
  const res = await stamped('/public/v1/submit/create_wallet', activity, 'text/plain;charset=UTF-8');
  assert.equal(res.status, 200, JSON.stringify(res.json));
  assert.equal(res.json.activity.status, 'ACTIVITY_STATUS_COMPLETED');
});

test('the stamp is still checked over the raw bytes, whatever the type', async () => {
  const body = whoami();
  const headers = await stampHeader(body, admin);
  for (const type of ['text/plain', undefined]) {
    const res = await send('/public/v1/query/whoami', body.replace('{', '{ '), { ...headers, ...(type ? { 'content-type': type } : {}) });
    assert.equal(res.status, 401, String(type));
    assert.equal(res.json.code, 16);
  }
});

test('any other media type: 415 with gRPC 12', async () => {
  for (const type of ['application/xml', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
    const res = await stamped('/public/v1/query/whoami', whoami(), type);
    assert.equal(res.status, 415, type);
    assert.equal(res.json.code, 12);
    assert.ok(res.json.details.some((d: any) => d.errorCode === 'ERR_REQUEST_UNSUPPORTED_MEDIA_TYPE'));
    assert.match(res.json.message, /media type not supported/);
  }
});

test('a body over the limit: 413 with gRPC 8, as JSON or as text/plain', async () => {
  const body = JSON.stringify({ organizationId: orgId, padding: 'x'.repeat(LIMIT) });
  for (const type of ['application/json', 'text/plain', undefined]) {
    const res = await stamped('/public/v1/query/whoami', body, type);
    assert.equal(res.status, 413, String(type));
    assert.equal(res.json.code, 8);
    assert.ok(res.json.details.some((d: any) => d.errorCode === 'ERR_REQUEST_TOO_LARGE'));
  }
});
