/** The page's words for each failure a person can meet (backend codes from wire/backend-errors.ts). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backendErrorList } from '@tkauth/wire';
import { BackendCallError, humanError } from '../src/backend.ts';

const err = (code: string, status = 400) => new BackendCallError(code, 'raw server text', status);

test('each failure a person can meet has its own sentence', () => {
  assert.equal(humanError(err('OTP_INVALID', 401), { triesLeft: 4 }), "That code isn't right. 4 tries left.");
  assert.equal(humanError(err('OTP_INVALID', 401), { triesLeft: 1 }), "That code isn't right. 1 try left.");
  assert.equal(humanError(err('OTP_INVALID', 401), { triesLeft: 0 }), "That code isn't right. Ask for a new code.");
  assert.equal(humanError(err('OTP_TOO_MANY_ATTEMPTS', 429)), 'Too many wrong codes. Ask for a new code.');
  assert.equal(humanError(err('OTP_EXPIRED', 401)), 'This code has expired. Ask for a new one.');
  assert.equal(humanError(new BackendCallError('BACKEND_DOWN', "Can't reach the server. Is it still running?", 0)), "Can't reach the server. Is it still running?");
  assert.equal(humanError(err('VALIDATION_FAILED'), { contactKind: 'phone' }), 'Enter the phone number in international format, like +14155550100.');
  assert.equal(humanError(err('UPSTREAM_UNAVAILABLE', 502)), 'The key service is not answering. Try again in a moment.');
  // The SDK's own code for an API that does not answer (the page stamps requests to it directly).
  assert.equal(humanError({ code: 'API_UNREACHABLE', message: 'x' }), "Can't reach the key service. Is it still running?");
});

test('the codes the page words exist in the backend error list', () => {
  for (const code of ['OTP_INVALID', 'OTP_TOO_MANY_ATTEMPTS', 'OTP_EXPIRED', 'OTP_NOT_FOUND', 'OTP_LIMIT_REACHED', 'RATE_LIMITED', 'VALIDATION_FAILED', 'UPSTREAM_UNAVAILABLE', 'UPSTREAM_TEMPORARILY_UNAVAILABLE', 'SHARED_STATE_UNAVAILABLE', 'CONFLICT', 'OIDC_INVALID']) {
    assert.ok(code in backendErrorList, code);
    assert.notEqual(humanError(err(code)), 'raw server text', `${code} falls through to the raw message`);
  }
});

test('a page fetch that cannot connect becomes BACKEND_DOWN', async () => {
  const { post } = await import('../src/backend.ts');
  await assert.rejects(post('http://127.0.0.1:9', '/otp/init', {}), (e: unknown) => e instanceof BackendCallError && e.code === 'BACKEND_DOWN');
});

test('passkey failures in words: cancelled (or no passkey for this site), unknown passkey, not available here', () => {
  const sdk = (code: string, message = 'sdk text') => ({ code, message });
  assert.match(humanError(sdk('SELECT_PASSKEY_CANCELLED'), { passkey: 'sign-in' }), /cancelled or timed out, or this device has no passkey for this site/);
  assert.equal(humanError(sdk('SELECT_PASSKEY_CANCELLED'), { passkey: 'create' }), 'No passkey was created: the request was cancelled or timed out. Try again.');
  assert.equal(humanError(sdk('UNKNOWN_PASSKEY')), "This passkey isn't linked to an account here. Create an account with a passkey, or sign in with a code.");
  assert.equal(humanError(sdk('PASSKEY_NOT_AVAILABLE', 'this browser cannot use passkeys')), "Passkeys can't be used here: this browser cannot use passkeys.");
  for (const code of ['SELECT_PASSKEY_CANCELLED', 'UNKNOWN_PASSKEY', 'PASSKEY_NOT_AVAILABLE', 'PASSKEY_ALREADY_REGISTERED', 'PASSKEY_FAILED']) {
    assert.notEqual(humanError(sdk(code)), 'sdk text', `${code} falls through to the raw message`);
  }
});

test('wallet failures in words: declined, no account, unknown, a signature that cannot be used, a wallet problem', () => {
  const sdk = (code: string, message = 'sdk text') => ({ code, message });
  assert.match(humanError(sdk('CONNECT_WALLET_CANCELLED'), { wallet: 'ethereum' }), /cancelled in your wallet, so nothing was signed and no account was created/);
  assert.equal(humanError(sdk('NO_WALLET_ACCOUNT')), 'Your wallet has no account connected. Unlock it or add an account, then try again.');
  assert.equal(humanError(sdk('UNKNOWN_WALLET')), "This wallet isn't linked to an account here. Try again to create one.");
  assert.equal(humanError(sdk('WALLET_NOT_SUPPORTED'), { wallet: 'solana' }), "This Solana wallet can't sign messages for sign-in.");
  assert.equal(humanError(err('CONTACT_EXISTS', 409), { wallet: 'solana' }), 'This wallet already has an account here. Sign in with it again.');
  for (const code of ['CONNECT_WALLET_CANCELLED', 'NO_WALLET_ACCOUNT', 'UNKNOWN_WALLET', 'WALLET_SIGNATURE_INVALID', 'WALLET_NOT_SUPPORTED', 'WALLET_FAILED']) {
    assert.notEqual(humanError(sdk(code)), 'sdk text', `${code} falls through to the raw message`);
  }
});
