/**
 * The auth-proxy routes (/v1/*): every ProxyT* route of @turnkey/sdk-types with its exact shapes
 * (the `satisfies` clauses are the compile-time check, run by the typecheck test), the config-id
 * header, the proxy's rpcStatus error shape, and what they refuse.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiKeyStamper, SignatureFormat } from '@turnkey/api-key-stamper';
import { encryptOtpCodeToBundle, generateP256KeyPair } from '@turnkey/crypto';
import { TurnkeyApiClient } from '@turnkey/sdk-server';
import type {
  ProxyTGetAccountBody,
  ProxyTGetAccountResponse,
  ProxyTGetWalletKitClientParamsResponse,
  ProxyTGetWalletKitConfigResponse,
  ProxyTInitOtpBody,
  ProxyTInitOtpResponse,
  ProxyTInitOtpV2Body,
  ProxyTInitOtpV2Response,
  ProxyTOAuth2AuthenticateBody,
  ProxyTOAuth2AuthenticateResponse,
  ProxyTOAuthLoginBody,
  ProxyTOAuthLoginResponse,
  ProxyTOtpLoginBody,
  ProxyTOtpLoginResponse,
  ProxyTOtpLoginV2Body,
  ProxyTSignupBody,
  ProxyTSignupResponse,
  ProxyTSignupV2Body,
  ProxyTSignupV2Response,
  ProxyTVerifyOtpBody,
  ProxyTVerifyOtpResponse,
  ProxyTVerifyOtpV2Body,
} from '@turnkey/sdk-types';
import { loginUsageMessage, oidcNonceFor, signupUsageMessage } from '@tkauth/wire';
import { devAuthorizationCode } from '../../local-api/test/helpers/oidc.ts';
import { sessionClaims, startSystem, uniqueEmail, type System } from './helpers/system.ts';

const CONFIG_ID = 'cfg-123';
let s: System;
let signerKey: string;
let parent: TurnkeyApiClient;

before(async () => {
  s = await startSystem({
    env: (api) => ({
      AUTH_PROXY_CONFIG_ID: CONFIG_ID,
      AUTH_PROXY_ENABLED_PROVIDERS: 'email,sms,google',
      OAUTH_CLIENT_IDS: JSON.stringify({ google: 'google-client-id' }),
      OAUTH_REDIRECT_URL: 'http://127.0.0.1:5173/oauth/callback',
      OAUTH2_PROVIDERS: JSON.stringify({ OAUTH2_PROVIDER_X: { tokenEndpoint: `${api.oidc!.issuer}/token`, clientId: api.oidc!.clientId } }),
    }),
  });
  signerKey = ((await (await fetch(`${s.api.url}/.well-known/tkauth.json`)).json()) as { tlsFetcherSignPublicKey: string }).tlsFetcherSignPublicKey;
  const c = s.api.credentials;
  parent = new TurnkeyApiClient({ stamper: new ApiKeyStamper({ apiPublicKey: c.apiPublicKey, apiPrivateKey: c.apiPrivateKey }), apiBaseUrl: c.apiBaseUrl, organizationId: c.organizationId });
});
after(() => s.stop());

async function post<T = any>(route: string, body: unknown, configId: string | null = CONFIG_ID): Promise<{ status: number; json: T }> {
  const res = await fetch(s.backend.url + route, { method: 'POST', headers: { 'content-type': 'application/json', ...(configId ? { 'X-Auth-Proxy-Config-ID': configId } : {}) }, body: JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as T };
}

/** The hosted proxy's error shape: gRPC code, message, our stable code in details. */
function assertProxyError(res: { status: number; json: any }, status: number, grpc: number, errorCode: string) {
  assert.equal(res.status, status, JSON.stringify(res.json));
  assert.equal(res.json.code, grpc, JSON.stringify(res.json));
  assert.equal(typeof res.json.message, 'string');
  assert.equal(res.json.details[0].errorCode, errorCode, JSON.stringify(res.json));
}

/** A device: its key, and the official stamper signing clientSignature messages with it (raw r‖s). */
function device() {
  const key = generateP256KeyPair();
  const stamper = new ApiKeyStamper({ apiPublicKey: key.publicKey, apiPrivateKey: key.privateKey });
  const sign = async (message: string) => ({ publicKey: key.publicKey, scheme: 'CLIENT_SIGNATURE_SCHEME_API_P256' as const, message, signature: await stamper.sign(message, SignatureFormat.Raw) });
  return { ...key, sign };
}

/** otp_init_v2 → the code from the outbox, encrypted to the bundle for the device key → otp_verify_v2. */
async function verifiedToken(email: string, publicKey: string): Promise<string> {
  const init = await post<ProxyTInitOtpV2Response>('/v1/otp_init_v2', { otpType: 'OTP_TYPE_EMAIL', contact: email } satisfies ProxyTInitOtpV2Body);
  assert.equal(init.status, 200, JSON.stringify(init.json));
  const encryptedOtpBundle = await encryptOtpCodeToBundle(await s.code(email), init.json.otpEncryptionTargetBundle, publicKey, signerKey);
  const verify = await post<ProxyTVerifyOtpResponse>('/v1/otp_verify_v2', { otpId: init.json.otpId, encryptedOtpBundle } satisfies ProxyTVerifyOtpV2Body);
  assert.equal(verify.status, 200, JSON.stringify(verify.json));
  return verify.json.verificationToken;
}

const tokenId = (jwt: string) => String(JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString()).id);

describe('configuration routes', () => {
  test('wallet_kit_config answers the backend\'s own settings; wallet_kit_client_params answers nothing to set', async () => {
    const res = await post<ProxyTGetWalletKitConfigResponse>('/v1/wallet_kit_config', {});
    assert.equal(res.status, 200);
    assert.deepEqual(res.json, {
      enabledProviders: ['email', 'sms', 'google'],
      sessionExpirationSeconds: '900',
      organizationId: s.api.credentials.organizationId,
      oauthClientIds: { google: 'google-client-id' },
      oauthRedirectUrl: 'http://127.0.0.1:5173/oauth/callback',
      otpAlphanumeric: false,
      otpLength: '6',
    } satisfies ProxyTGetWalletKitConfigResponse);
    const params = await post<ProxyTGetWalletKitClientParamsResponse>('/v1/wallet_kit_client_params', {});
    assert.equal(params.status, 200);
    assert.deepEqual(params.json, {} satisfies ProxyTGetWalletKitClientParamsResponse);
  });

  test('an unknown /v1 route is a 404 in the proxy\'s error shape', async () => {
    assertProxyError(await post('/v1/no_such_route', {}), 404, 5, 'NOT_FOUND');
  });

  test('a missing or wrong X-Auth-Proxy-Config-ID is refused in the proxy\'s error shape, before anything is sent', async () => {
    const email = uniqueEmail('proxy-id');
    for (const id of [null, 'cfg-124', 'cfg-12']) {
      assertProxyError(await post('/v1/otp_init', { otpType: 'OTP_TYPE_EMAIL', contact: email }, id), 401, 16, 'AUTH_PROXY_CONFIG_MISMATCH');
      assertProxyError(await post('/v1/wallet_kit_config', {}, id), 401, 16, 'AUTH_PROXY_CONFIG_MISMATCH');
    }
    const outbox = (await (await fetch(`${s.api.url}/dev/outbox?contact=${encodeURIComponent(email)}`)).json()) as { messages: unknown[] };
    assert.deepEqual(outbox.messages, []);
  });
});

describe('OTP, v1 shapes (core 1.x): the plain code', () => {
  test('otp_init → otp_verify → otp_login gives a session for the device key', async () => {
    const email = uniqueEmail('proxy');
    const key = generateP256KeyPair();
    const init = await post<ProxyTInitOtpResponse>('/v1/otp_init', { otpType: 'OTP_TYPE_EMAIL', contact: email } satisfies ProxyTInitOtpBody);
    assert.equal(init.status, 200, JSON.stringify(init.json));
    const verify = await post<ProxyTVerifyOtpResponse>('/v1/otp_verify', { otpId: init.json.otpId, otpCode: await s.code(email), publicKey: key.publicKey } satisfies ProxyTVerifyOtpBody);
    assert.equal(verify.status, 200, JSON.stringify(verify.json));
    const login = await post<ProxyTOtpLoginResponse>('/v1/otp_login', { verificationToken: verify.json.verificationToken, publicKey: key.publicKey, invalidateExisting: false } satisfies ProxyTOtpLoginBody);
    assert.equal(login.status, 200, JSON.stringify(login.json));
    assert.equal(sessionClaims(login.json.session).public_key, key.publicKey);
  });

  test('a wrong code: 401 with Turnkey\'s "Invalid OTP code" words, which @turnkey/core maps to INVALID_OTP_CODE', async () => {
    const email = uniqueEmail('proxy-wrong');
    const init = await post('/v1/otp_init', { otpType: 'OTP_TYPE_EMAIL', contact: email });
    const code = await s.code(email);
    const wrong = code === '000000' ? '111111' : '000000';
    const res = await post('/v1/otp_verify', { otpId: init.json.otpId, otpCode: wrong });
    assertProxyError(res, 401, 16, 'OTP_INVALID');
    assert.match(res.json.message, /^Invalid OTP code/);
  });
});

describe('OTP, v2 shapes (core 2.x): the code encrypted on the device, sign-up and login with a clientSignature', () => {
  test('new contact: account {} → signup_v2 → account names it → otp_login_v2 into that sub-organization', async () => {
    const email = uniqueEmail('proxy-v2');
    const d = device();
    const verificationToken = await verifiedToken(email, d.publicKey);

    const lookup = { filterType: 'EMAIL', filterValue: email, verificationToken } satisfies ProxyTGetAccountBody;
    const none = await post<ProxyTGetAccountResponse>('/v1/account', lookup);
    assert.equal(none.status, 200, JSON.stringify(none.json));
    assert.deepEqual(none.json, {});

    // What @turnkey/core's signUpWithOtp sends (utils.buildSignUpBody + getClientSignatureMessageForSignup).
    const body = { userName: email, userEmail: email, authenticators: [], organizationName: `sub-org-${Date.now()}`, verificationToken, apiKeys: [], oauthProviders: [] };
    const message = signupUsageMessage({ email, apiKeys: [], authenticators: [], oauthProviders: [] }, tokenId(verificationToken));
    const signup = await post<ProxyTSignupV2Response>('/v1/signup_v2', { ...body, clientSignature: await d.sign(message) } satisfies ProxyTSignupV2Body);
    assert.equal(signup.status, 200, JSON.stringify(signup.json));
    assert.match(signup.json.organizationId, /^[0-9a-f-]{36}$/);
    assert.equal(signup.json.wallet!.addresses.length, 2);
    const user = await parent.getUser({ organizationId: signup.json.organizationId, userId: signup.json.userId });
    assert.equal(user.user.userEmail, email);

    const found = await post<ProxyTGetAccountResponse>('/v1/account', lookup);
    assert.deepEqual(found.json, { organizationId: signup.json.organizationId });

    // core signs the login message with the token's key for the session key (here the same key).
    const login = await post<ProxyTOtpLoginResponse>('/v1/otp_login_v2', {
      verificationToken,
      publicKey: d.publicKey,
      clientSignature: await d.sign(loginUsageMessage(d.publicKey, tokenId(verificationToken))),
      organizationId: signup.json.organizationId,
    } satisfies ProxyTOtpLoginV2Body);
    assert.equal(login.status, 200, JSON.stringify(login.json));
    const claims = sessionClaims(login.json.session);
    assert.equal(claims.organization_id, signup.json.organizationId);
    assert.equal(claims.public_key, d.publicKey);
  });

  test('sign-up squatting: a seen token cannot register its email under another key — the device\'s signature over exactly this sign-up is required', async () => {
    const email = uniqueEmail('proxy-squat');
    const d = device();
    const verificationToken = await verifiedToken(email, d.publicKey);
    const attacker = device();
    const apiKeys = [{ apiKeyName: 'mine', publicKey: attacker.publicKey, curveType: 'API_KEY_CURVE_P256' as const }];
    const body = { userEmail: email, verificationToken, apiKeys, authenticators: [], oauthProviders: [] };
    const honest = signupUsageMessage({ email, apiKeys: [], authenticators: [], oauthProviders: [] }, tokenId(verificationToken));
    const attempts = [
      undefined,
      await attacker.sign(signupUsageMessage({ email, apiKeys, authenticators: [], oauthProviders: [] }, tokenId(verificationToken))),
      await d.sign(honest), // the device signed a sign-up without the attacker's key
    ];
    for (const clientSignature of attempts) {
      for (const route of ['/v1/signup_v2', '/signup']) {
        const res = await post(route, { ...body, ...(clientSignature ? { clientSignature } : {}) });
        assert.equal(res.status, 401, JSON.stringify(res.json));
        assert.equal(route === '/signup' ? res.json.code : res.json.details[0].errorCode, 'CLIENT_SIGNATURE_INVALID');
      }
    }
    assert.deepEqual((await parent.getSubOrgIds({ filterType: 'EMAIL', filterValue: email })).organizationIds, []);
  });

  test('otp_login with a clientSignature for another session key logs that key in; a forged or missing one is refused and creates nothing', async () => {
    const email = uniqueEmail('proxy-sig');
    const d = device();
    const session = generateP256KeyPair();
    const verificationToken = await verifiedToken(email, d.publicKey);
    const message = loginUsageMessage(session.publicKey, tokenId(verificationToken));

    const other = device();
    for (const clientSignature of [await other.sign(message), { ...(await d.sign(message)), message: loginUsageMessage(other.publicKey, tokenId(verificationToken)) }, undefined]) {
      const res = await post('/v1/otp_login', { verificationToken, publicKey: session.publicKey, ...(clientSignature ? { clientSignature } : {}) });
      assertProxyError(res, 401, 16, 'CLIENT_SIGNATURE_INVALID');
    }
    assert.deepEqual((await parent.getVerifiedSubOrgIds({ filterType: 'EMAIL', filterValue: email })).organizationIds, []);
    assert.deepEqual((await parent.getSubOrgIds({ filterType: 'EMAIL', filterValue: email })).organizationIds, []);

    const ok = await post<ProxyTOtpLoginResponse>('/v1/otp_login', { verificationToken, publicKey: session.publicKey, clientSignature: await d.sign(message) } satisfies ProxyTOtpLoginBody);
    assert.equal(ok.status, 200, JSON.stringify(ok.json));
    assert.equal(sessionClaims(ok.json.session).public_key, session.publicKey);
  });

  test('organizationId must be the account the token proves', async () => {
    const email = uniqueEmail('proxy-org');
    const d = device();
    const first = await verifiedToken(email, d.publicKey);
    const created = await post<ProxyTOtpLoginResponse>('/v1/otp_login', { verificationToken: first, publicKey: d.publicKey });
    assert.equal(created.status, 200, JSON.stringify(created.json));
    const subOrg = sessionClaims(created.json.session).organization_id;

    const again = await verifiedToken(email, d.publicKey);
    assertProxyError(await post('/v1/otp_login', { verificationToken: again, publicKey: d.publicKey, organizationId: s.api.credentials.organizationId }), 403, 7, 'ORGANIZATION_MISMATCH');
    const ok = await post<ProxyTOtpLoginResponse>('/v1/otp_login', { verificationToken: again, publicKey: d.publicKey, organizationId: subOrg, invalidateExisting: true });
    assert.equal(ok.status, 200, JSON.stringify(ok.json));
    assert.equal(sessionClaims(ok.json.session).organization_id, subOrg);
  });
});

describe('/v1/signup (v1 shapes)', () => {
  test('an account for a device key alone (no contact) → {organizationId, userId, wallet}; the key finds it and logs in', async () => {
    const d = device();
    const res = await post<ProxyTSignupResponse>('/v1/signup', {
      userName: `user-${Date.now()}`,
      apiKeys: [{ apiKeyName: `passkey-auth-${d.publicKey}`, publicKey: d.publicKey, curveType: 'API_KEY_CURVE_P256', expirationSeconds: '60' }],
      authenticators: [],
      oauthProviders: [],
    } satisfies ProxyTSignupBody);
    assert.equal(res.status, 200, JSON.stringify(res.json));
    assert.equal(res.json.wallet!.addresses.length, 2);
    // PUBLIC_KEY answers only a wallet's account (core's loginOrSignupWithWallet): a device key is no wallet.
    assert.deepEqual((await post('/v1/account', { filterType: 'PUBLIC_KEY', filterValue: d.publicKey })).json, {});
    const keys = await parent.getApiKeys({ organizationId: res.json.organizationId, userId: res.json.userId });
    assert.deepEqual(keys.apiKeys.map((k) => k.credential.publicKey), [d.publicKey]);
  });

  test('an email without its proof is refused and nothing is created', async () => {
    const email = uniqueEmail('signup-v1');
    assertProxyError(await post('/v1/signup', { userEmail: email, apiKeys: [], authenticators: [], oauthProviders: [] } satisfies ProxyTSignupBody), 403, 7, 'CONTACT_NOT_VERIFIED');
    assert.deepEqual((await parent.getSubOrgIds({ filterType: 'EMAIL', filterValue: email })).organizationIds, []);
  });
});

describe('/v1/account never tells whether an unproven contact has an account', () => {
  test('without a token, or with a token for another contact, the refusal is the same for a known and an unknown email', async () => {
    const known = uniqueEmail('known');
    const d = device();
    assert.equal((await post('/v1/otp_login', { verificationToken: await verifiedToken(known, d.publicKey), publicKey: d.publicKey })).status, 200);
    const unknown = uniqueEmail('unknown');
    const otherToken = await verifiedToken(uniqueEmail('other'), d.publicKey);

    const answers = [];
    for (const email of [known, unknown]) {
      for (const extra of [{}, { verificationToken: otherToken }]) {
        const res = await post('/v1/account', { filterType: 'EMAIL', filterValue: email, ...extra });
        assertProxyError(res, 403, 7, 'CONTACT_NOT_VERIFIED');
        answers.push(res.json);
      }
    }
    assert.deepEqual(answers.slice(0, 2), answers.slice(2));
  });

  test('NAME and USERNAME lookups are not offered; PUBLIC_KEY answers only for a wallet, never for the session key an account happens to hold', async () => {
    for (const filterType of ['NAME', 'USERNAME']) assertProxyError(await post('/v1/account', { filterType, filterValue: 'x' }), 400, 3, 'VALIDATION_FAILED');
    const email = uniqueEmail('pk');
    const d = device();
    const login = await post<ProxyTOtpLoginResponse>('/v1/otp_login', { verificationToken: await verifiedToken(email, d.publicKey), publicKey: d.publicKey });
    const found = await post<ProxyTGetAccountResponse>('/v1/account', { filterType: 'PUBLIC_KEY', filterValue: d.publicKey.toUpperCase() } satisfies ProxyTGetAccountBody);
    assert.equal(login.status, 200, JSON.stringify(login.json));
    // Whoever can put a key into their own account could otherwise make it the answer for someone else's wallet.
    assert.deepEqual(found.json, {});
    assert.deepEqual((await post('/v1/account', { filterType: 'PUBLIC_KEY', filterValue: generateP256KeyPair().publicKey })).json, {});
  });
});

describe('OAuth through the proxy routes, with the dev OpenID provider', () => {
  test('oauth2_authenticate exchanges the code for an id_token bound to the device key → account {} → signup_v2 → oauth_login', async () => {
    const { issuer, clientId } = s.api.oidc!;
    const key = generateP256KeyPair();
    const nonce = oidcNonceFor(key.publicKey);
    const login = uniqueEmail('oauth2');
    const auth = await devAuthorizationCode(issuer, clientId, login, nonce);
    const exchanged = await post<ProxyTOAuth2AuthenticateResponse>('/v1/oauth2_authenticate', {
      provider: 'OAUTH2_PROVIDER_X',
      authCode: auth.code,
      redirectUri: auth.redirectUri,
      codeVerifier: auth.codeVerifier,
      nonce,
      clientId,
    } satisfies ProxyTOAuth2AuthenticateBody);
    assert.equal(exchanged.status, 200, JSON.stringify(exchanged.json));
    const oidcToken = exchanged.json.oidcToken;

    assert.deepEqual((await post<ProxyTGetAccountResponse>('/v1/account', { filterType: 'OIDC_TOKEN', filterValue: oidcToken } satisfies ProxyTGetAccountBody)).json, {});
    const signup = await post<ProxyTSignupV2Response>('/v1/signup_v2', { userName: `user-${Date.now()}`, apiKeys: [], authenticators: [], oauthProviders: [{ providerName: 'dev', oidcToken }] } satisfies ProxyTSignupV2Body);
    assert.equal(signup.status, 200, JSON.stringify(signup.json));
    assert.deepEqual((await post('/v1/account', { filterType: 'OIDC_TOKEN', filterValue: oidcToken })).json, { organizationId: signup.json.organizationId });
    // An email proven by the id_token (core's addOauthProvider); the dev provider marks it verified.
    assert.deepEqual((await post('/v1/account', { filterType: 'EMAIL', filterValue: login, oidcToken } satisfies ProxyTGetAccountBody)).json, {});
    assertProxyError(await post('/v1/account', { filterType: 'EMAIL', filterValue: uniqueEmail('not-in-token'), oidcToken }), 403, 7, 'CONTACT_NOT_VERIFIED');
    assertProxyError(await post('/v1/account', { filterType: 'OIDC_CLAIMS', filterValue: JSON.stringify({ iss: issuer, sub: login, aud: clientId }) }), 400, 3, 'VALIDATION_FAILED');
    // A second sign-up for the same identity would split the user in two.
    assertProxyError(await post('/v1/signup_v2', { apiKeys: [], authenticators: [], oauthProviders: [{ providerName: 'dev', oidcToken }] }), 409, 6, 'CONTACT_EXISTS');

    const session = await post<ProxyTOAuthLoginResponse>('/v1/oauth_login', { oidcToken, publicKey: key.publicKey, organizationId: signup.json.organizationId } satisfies ProxyTOAuthLoginBody);
    assert.equal(session.status, 200, JSON.stringify(session.json));
    assert.equal(sessionClaims(session.json.session).organization_id, signup.json.organizationId);
  });

  test('oauth2_authenticate refuses an unconfigured provider, a code the provider refuses, and a nonce the token does not carry', async () => {
    const { issuer, clientId } = s.api.oidc!;
    const base = { authCode: 'nope', redirectUri: 'http://127.0.0.1/callback', codeVerifier: 'v'.repeat(43), nonce: 'a'.repeat(64), clientId };
    assertProxyError(await post('/v1/oauth2_authenticate', { ...base, provider: 'OAUTH2_PROVIDER_DISCORD' }), 400, 3, 'OAUTH2_PROVIDER_NOT_CONFIGURED');
    assertProxyError(await post('/v1/oauth2_authenticate', { ...base, provider: 'OAUTH2_PROVIDER_X', clientId: 'someone-else' }), 400, 3, 'OAUTH2_PROVIDER_NOT_CONFIGURED');
    assertProxyError(await post('/v1/oauth2_authenticate', { ...base, provider: 'OAUTH2_PROVIDER_X' }), 401, 16, 'OAUTH2_EXCHANGE_FAILED');
    const auth = await devAuthorizationCode(issuer, clientId, uniqueEmail('nonce'), 'b'.repeat(64));
    const res = await post('/v1/oauth2_authenticate', { ...base, provider: 'OAUTH2_PROVIDER_X', authCode: auth.code, codeVerifier: auth.codeVerifier });
    assertProxyError(res, 401, 16, 'OIDC_INVALID');
  });

  test('what the API refuses as invalid in a sign-up is the caller\'s 400, not a 5xx: an unreadable passkey attestation, an unknown curve', async () => {
    const attestation = { credentialId: 'x', clientDataJson: 'x', attestationObject: 'x', transports: [] };
    const passkey = await post('/v1/signup_v2', { apiKeys: [], authenticators: [{ authenticatorName: 'a', challenge: 'x', attestation }], oauthProviders: [] } satisfies ProxyTSignupV2Body);
    assertProxyError(passkey, 400, 3, 'VALIDATION_FAILED');
    assert.match(passkey.json.message, /invalid authenticator attestation/);
    const wallet = { walletName: 'w', accounts: [{ curve: 'CURVE_X', pathFormat: 'PATH_FORMAT_BIP32', path: 'm', addressFormat: 'ADDRESS_FORMAT_ETHEREUM' }] };
    assertProxyError(await post('/v1/signup_v2', { apiKeys: [], authenticators: [], oauthProviders: [], wallet }), 400, 3, 'VALIDATION_FAILED');
  });

  test('signup_v2 takes an OAuth identity only with its id_token, not bare oidcClaims', async () => {
    const res = await post('/v1/signup_v2', { apiKeys: [], authenticators: [], oauthProviders: [{ providerName: 'x', oidcClaims: { iss: 'https://accounts.google.com', sub: 'victim', aud: 'app' } }] } satisfies ProxyTSignupV2Body);
    assertProxyError(res, 400, 3, 'VALIDATION_FAILED');
  });
});
