/** GET /docs is OpenAPI 3 generated from the route schemas; CORS answers only allowed origins. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startSystem, type System } from './helpers/system.ts';

let s: System;
before(async () => {
  s = await startSystem({ env: { CORS_ORIGINS: 'https://app.example' } });
});
after(() => s.stop());

test('/docs describes every route with its body schema', async () => {
  const doc = (await (await fetch(`${s.backend.url}/docs`)).json()) as any;
  assert.match(doc.openapi, /^3\./);
  for (const route of ['/otp/init', '/otp/verify', '/otp-login', '/oauth-login', '/signup']) {
    const op = doc.paths[route]?.post;
    assert.ok(op, route);
    const schema = op.requestBody.content['application/json'].schema;
    assert.equal(schema.additionalProperties, false, `${route} refuses unknown fields`);
  }
  assert.deepEqual(doc.paths['/otp/init'].post.requestBody.content['application/json'].schema.required.sort(), ['contact', 'otpType']);
});

test('CORS: the allowed origin gets its header, another origin does not', async () => {
  const preflight = (origin: string) =>
    fetch(`${s.backend.url}/otp/init`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });
  const ok = await preflight('https://app.example');
  assert.equal(ok.headers.get('access-control-allow-origin'), 'https://app.example');
  const other = await preflight('https://evil.example');
  assert.equal(other.headers.get('access-control-allow-origin'), null);
});
