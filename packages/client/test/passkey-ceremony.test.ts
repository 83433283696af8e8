/**
 * What a failed WebAuthn ceremony becomes (passkey/ceremony-error.ts), the transports mapping,
 * and the passkey helpers where there is no WebAuthn at all (Node): typed errors before any
 * request, the pending key deleted again, and the proxy-mode sign-up still refused without an
 * auth proxy before any prompt. The ceremonies themselves run in Chromium (passkey-logins.test.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WebAuthnError } from '@simplewebauthn/browser';
import { ceremonyError } from '../src/passkey/ceremony-error.ts';
import { turnkeyTransports } from '../src/passkey/create-passkey.ts';
import { MemoryKeyStore, MemorySessionStore, PasskeyStamper, TurnkeyContext, createPasskey } from '../src/index.ts';

const dom = (name: string, message = `${name} happened`) => Object.assign(new Error(message), { name });
const wrapped = (name: string, code: string, message = 'm') => new WebAuthnError({ message, code: code as never, cause: dom(name), name });

test('each ceremony failure has its typed error', () => {
  const cases: [unknown, string][] = [
    [wrapped('NotAllowedError', 'ERROR_PASSTHROUGH_SEE_CAUSE_PROPERTY', 'The operation either timed out or was not allowed.'), 'SELECT_PASSKEY_CANCELLED'],
    [dom('NotAllowedError'), 'SELECT_PASSKEY_CANCELLED'],
    [wrapped('AbortError', 'ERROR_CEREMONY_ABORTED'), 'SELECT_PASSKEY_CANCELLED'],
    // @turnkey/core's test, for runtimes that throw a plain Error with the browser's words.
    [new Error('The operation either timed out or was not allowed. See: …'), 'SELECT_PASSKEY_CANCELLED'],
    [wrapped('SecurityError', 'ERROR_INVALID_DOMAIN'), 'PASSKEY_NOT_AVAILABLE'],
    [wrapped('SecurityError', 'ERROR_INVALID_RP_ID'), 'PASSKEY_NOT_AVAILABLE'],
    [new Error('WebAuthn is not supported in this browser'), 'PASSKEY_NOT_AVAILABLE'],
    [wrapped('InvalidStateError', 'ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED'), 'PASSKEY_ALREADY_REGISTERED'],
    [wrapped('UnknownError', 'ERROR_AUTHENTICATOR_GENERAL_ERROR', 'the authenticator broke'), 'PASSKEY_FAILED'],
  ];
  for (const [e, code] of cases) {
    const mapped = ceremonyError(e);
    assert.equal(mapped.code, code, `${(e as Error).name}: ${(e as Error).message}`);
    assert.equal(mapped.cause, e, 'the browser error stays reachable as the cause');
  }
  assert.match(ceremonyError(wrapped('UnknownError', 'ERROR_AUTHENTICATOR_GENERAL_ERROR', 'the authenticator broke')).message, /the authenticator broke/);
});

test('transports in Turnkey enum form; unknown ones dropped, not fatal', () => {
  assert.deepEqual(turnkeyTransports(['internal', 'hybrid', 'smart-card', 'cable', 'usb', 'internal', 'nfc', 'ble']), [
    'AUTHENTICATOR_TRANSPORT_INTERNAL',
    'AUTHENTICATOR_TRANSPORT_HYBRID',
    'AUTHENTICATOR_TRANSPORT_USB',
    'AUTHENTICATOR_TRANSPORT_NFC',
    'AUTHENTICATOR_TRANSPORT_BLE',
  ]);
  assert.deepEqual(turnkeyTransports(undefined), []);
});

test('without WebAuthn: typed errors, no request sent, no key left; a bad name is refused before the prompt', async () => {
  const keyStore = new MemoryKeyStore();
  const requests: string[] = [];
  const ctx = new TurnkeyContext({
    organizationId: 'parent',
    apiBaseUrl: 'http://127.0.0.1:9',
    keyStore,
    sessionStore: new MemorySessionStore(),
    fetch: async (url) => {
      requests.push(String(url));
      throw new Error('no request expected');
    },
  });
  await ctx.ready;
  let signupCalled = false;
  const signup = async () => {
    signupCalled = true;
    return { subOrganizationId: 'x' };
  };
  await assert.rejects(ctx.loginWithPasskey(), { code: 'PASSKEY_NOT_AVAILABLE' });
  await assert.rejects(ctx.signUpWithPasskey({ signup }), { code: 'PASSKEY_NOT_AVAILABLE' });
  await assert.rejects(ctx.signUpWithPasskey({ backendUrl: 'http://127.0.0.1:9' }), { code: 'PASSKEY_NOT_AVAILABLE' });
  // Proxy mode (no backendUrl, no signup): refused for the missing auth proxy before any prompt.
  await assert.rejects(ctx.signUpWithPasskey({ passkeyName: 'p' }), { code: 'MISSING_AUTH_PROXY_CONFIGURATION' });
  await assert.rejects(new PasskeyStamper().stamp('{}'), { code: 'PASSKEY_NOT_AVAILABLE' });
  await assert.rejects(createPasskey({ name: 'no <emoji> names' }), { code: 'INVALID_PASSKEY_NAME' });
  await assert.rejects(createPasskey({ name: 'x'.repeat(65) }), { code: 'INVALID_PASSKEY_NAME' });
  assert.equal(signupCalled, false);
  assert.deepEqual(requests, []);
  assert.deepEqual(await keyStore.listKeys(), [], 'the pending keys were deleted again');
  ctx.dispose();
});
