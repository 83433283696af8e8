/**
 * POST /signup {userEmail?, userPhoneNumber?, userName?, apiKeys?, passkey? | authenticators?,
 * wallet?, oauthProviders?, verificationToken?} → {subOrganizationId, userId, wallet}.
 * An email or phone is attached only with a verification token proving it: otherwise anyone could
 * register someone else's email with their own key and be waiting when the owner logs in
 * (pre-account takeover). SIGNUP_REQUIRE_VERIFIED_CONTACT=false lifts this for trusted deployments.
 * A contact, OAuth identity or passkey credential that already has an account → 409.
 * A passkey sign-up (Turnkey's with-passkeys/with-backend example, turnkey-wire-logins.md §1.3):
 * `passkey` becomes the root user's authenticator, a temporary API key in `apiKeys` lets the device
 * log in once without a second passkey prompt, and later logins are the device's passkey-stamped
 * stamp_login to the parent organization, with no backend involved.
 * An external-wallet sign-up (turnkey-wire-logins.md §2.2): `wallet` {publicKey, curveType} becomes
 * the root user's long-lived API key `wallet-auth:<publicKey>`, as core's signUpWithWallet names it;
 * every login is then the wallet's own signature over a stamp_login to the parent organization.
 * A wallet key (there or in `apiKeys`) is one account, like a passkey. `walletProof` — the wallet's
 * signed stamp_login the device sends next — shows the caller holds the wallet (wallet-proof.ts);
 * only the auth proxy's protocol and the Swift example, which have no field for it, go without, and
 * there the account holds the wallet's key alone. The account's name carries the wallet's tag
 * (wallet-account-tag.ts): lookups answer only such an account.
 */
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { anyBase64ToBytes, BackendError, bytesToBase64url, decodeJwtClaims, signupUsageMismatch, verifyClientSignature } from '@tkauth/wire';
import type { RouteDeps } from '../deps.ts';
import type { NewSubOrg } from '../turnkey-client.ts';
import { oauthIdentityKey } from './oauth-login.ts';
import { ApiKeyCurveType, ClientSignature, E164, Email, ErrorBody, ExpirationSeconds, Jwt, PublicKeyHex, Strict, WalletCurveType } from '../schemas.ts';
import { checkApiKeyPublicKey, isWalletCurve, walletApiKeyName, type WalletCurve } from '../api-key-curves.ts';
import { checkVerificationToken, type ProvenContact } from '../verification-token.ts';
import { AUTHENTICATOR_NAME_PATTERN, checkRegistrationClientData, registrationsOf } from '../passkey-registration.ts';
import { checkWalletProof, WalletProof } from '../wallet-proof.ts';
import { findWalletAccount } from '../wallet-account-tag.ts';

export const ApiKey = Type.Object(
  { apiKeyName: Type.String({ minLength: 1, maxLength: 256 }), publicKey: PublicKeyHex, curveType: ApiKeyCurveType, expirationSeconds: Type.Optional(ExpirationSeconds) },
  Strict,
);
/** An external wallet's public key: Ethereum's compressed secp256k1 point or Solana's ed25519 key, in hex. */
export const WalletKey = Type.Object(
  { publicKey: PublicKeyHex, curveType: WalletCurveType },
  { ...Strict, description: 'an external wallet\'s key, registered as the API key wallet-auth:<publicKey> that the wallet\'s signatures log in with' },
);
export const AuthenticatorName = Type.String({ pattern: AUTHENTICATOR_NAME_PATTERN, description: '1-64 letters, digits, spaces, or _ - : / .' });
const TRANSPORTS = ['AUTHENTICATOR_TRANSPORT_BLE', 'AUTHENTICATOR_TRANSPORT_INTERNAL', 'AUTHENTICATOR_TRANSPORT_NFC', 'AUTHENTICATOR_TRANSPORT_USB', 'AUTHENTICATOR_TRANSPORT_HYBRID'] as const;
// An enum rather than a union of literals: one error line ("must be equal to one of the allowed values") instead of five.
const Transport = Type.Unsafe<(typeof TRANSPORTS)[number]>({ type: 'string', enum: [...TRANSPORTS] });
/** v1Attestation: the browser's registration response, base64url (turnkey-wire-logins.md §1.2). */
export const Attestation = Type.Object(
  {
    credentialId: Type.String({ minLength: 1, maxLength: 1024 }),
    clientDataJson: Type.String({ minLength: 1, maxLength: 16384 }),
    attestationObject: Type.String({ minLength: 1, maxLength: 32768 }),
    transports: Type.Array(Transport, { maxItems: 8 }),
  },
  Strict,
);
const Challenge = Type.String({ minLength: 1, maxLength: 1024, description: 'the challenge in clientDataJSON, as it stands there' });
/** v1AuthenticatorParamsV2. */
export const Authenticator = Type.Object({ authenticatorName: AuthenticatorName, challenge: Challenge, attestation: Attestation }, Strict);
/** A sign-up's passkey: an authenticator whose name defaults to "Passkey". */
export const Passkey = Type.Object(
  { authenticatorName: Type.Optional(AuthenticatorName), challenge: Challenge, attestation: Attestation },
  { ...Strict, description: 'the user\'s passkey (authenticatorName defaults to "Passkey"); give this or authenticators, not both' },
);
export const OauthProvider = Type.Object({ providerName: Type.String({ minLength: 1, maxLength: 64 }), oidcToken: Jwt }, Strict);

export const SignupBody = Type.Object(
  {
    userEmail: Type.Optional(Email),
    userPhoneNumber: Type.Optional(E164),
    userName: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
    apiKeys: Type.Optional(Type.Array(ApiKey, { maxItems: 10 })),
    passkey: Type.Optional(Passkey),
    authenticators: Type.Optional(Type.Array(Authenticator, { maxItems: 10 })),
    wallet: Type.Optional(WalletKey),
    /** Required with a wallet key: the wallet's signed stamp_login, proving the caller holds it. */
    walletProof: Type.Optional(WalletProof),
    oauthProviders: Type.Optional(Type.Array(OauthProvider, { maxItems: 10 })),
    verificationToken: Type.Optional(Jwt),
    /** Required when the token is bound to a device key: that key's signature over this sign-up (core's message). */
    clientSignature: Type.Optional(ClientSignature),
  },
  Strict,
);

const SignupResponse = Type.Object({
  subOrganizationId: Type.String(),
  userId: Type.String(),
  wallet: Type.Object({ walletId: Type.String(), addresses: Type.Array(Type.String()) }),
});

export async function signupRoute(app: FastifyInstance, d: RouteDeps) {
  app.post<{ Body: Static<typeof SignupBody> }>(
    '/signup',
    { schema: { summary: 'Create an account (a sub-organization with a wallet)', body: SignupBody, response: { 200: SignupResponse, '4xx': ErrorBody, '5xx': ErrorBody } } },
    async (req) => signup(d, req.body, req.upstreamActivities),
  );
}

export type SignupResult = Static<typeof SignupResponse>;

/** What the auth proxy's sign-up adds to ours: a named organization and its own embedded wallet. */
export interface SignupInput extends Static<typeof SignupBody> {
  subOrganizationName?: string;
  embeddedWallet?: NewSubOrg['wallet'];
}

type ApiKeyParams = Static<typeof ApiKey>;
type WalletKeyOf = { publicKey: string; curveType: WalletCurve; where: string };

/**
 * Whether a sign-up must prove its wallet key: always, except where the protocol has no field for
 * the proof (the auth proxy's /v1/signup, which @turnkey/core calls without one, and the Swift
 * example's fixed shape).
 */
export type WalletProofRule = 'required' | 'not-in-protocol';

/**
 * A wallet's public key is public, so a sign-up naming one must show it holds the wallet
 * (wallet-proof.ts) — then the account may hold other credentials beside it, as its owner asked.
 * Where the protocol carries no proof, the account holds the wallet's key and nothing else:
 * whoever knows a wallet's public key could otherwise open its account with a key, passkey, OAuth
 * identity or contact of their own beside it, and be inside when the owner first logs in; alone,
 * the key is a way in for its owner only.
 */
function checkWalletSignup(b: SignupInput, walletKeys: WalletKeyOf[], apiKeyCount: number, organizationId: string, rule: WalletProofRule): void {
  if (walletKeys.length === 0) {
    if (b.walletProof) throw new BackendError('VALIDATION_FAILED', 'walletProof is for a sign-up with a wallet key');
    return;
  }
  const [w, second] = walletKeys;
  if (second) throw new BackendError('VALIDATION_FAILED', `${second.where}: one wallet key per account (${w!.where} is one)`);
  if (b.walletProof) return checkWalletProof(b.walletProof, w!, organizationId);
  if (rule === 'required') throw new BackendError('WALLET_PROOF_INVALID', `required with ${w!.where}: walletProof, the wallet's signed stamp_login (body and stamp)`);
  const beside = [
    b.userEmail && 'userEmail',
    b.userPhoneNumber && 'userPhoneNumber',
    apiKeyCount > 1 && 'another API key',
    b.authenticators?.length && 'a passkey',
    b.oauthProviders?.length && 'an OAuth provider',
  ].filter(Boolean);
  if (beside.length) throw new BackendError('VALIDATION_FAILED', `${w!.where}: unproven, a wallet account holds only the wallet's key, not ${beside.join(', ')}; add others once signed in`);
}

/** The lock key of the first OAuth identity, so a sign-up and a first OAuth login cannot both create an account. */
function oauthKey(providers: SignupInput['oauthProviders']): string | undefined {
  const token = providers?.[0]?.oidcToken;
  if (!token) return undefined;
  try {
    const { iss, sub } = decodeJwtClaims(token);
    return typeof iss === 'string' && typeof sub === 'string' ? oauthIdentityKey(iss, sub) : undefined;
  } catch {
    throw new BackendError('OIDC_INVALID', 'oauthProviders[0].oidcToken is not a JWT');
  }
}

/**
 * A verification token bound to a device key proves the contact only together with that key's
 * signature over exactly this sign-up (turnkey-wire.md §4.4): otherwise whoever saw the token could
 * register the victim's verified email with their own key and be waiting when the victim logs in.
 * Compared with the fields as the client sent them, before anything is created.
 */
function checkSignupProof(proven: ProvenContact, b: SignupInput): void {
  const tokenKey = proven.publicKey?.toLowerCase();
  if (!tokenKey) return;
  const sig = b.clientSignature;
  if (!sig) throw new BackendError('CLIENT_SIGNATURE_INVALID', 'required: the verification token is bound to a device key');
  if (sig.publicKey.toLowerCase() !== tokenKey) throw new BackendError('CLIENT_SIGNATURE_INVALID', 'publicKey is not the verification token key');
  const mismatch = signupUsageMismatch(sig.message, proven.tokenId, {
    email: b.userEmail,
    phoneNumber: b.userPhoneNumber,
    apiKeys: b.apiKeys ?? [],
    authenticators: b.authenticators ?? [],
    oauthProviders: b.oauthProviders ?? [],
  });
  if (mismatch) throw new BackendError('CLIENT_SIGNATURE_INVALID', mismatch);
  if (!verifyClientSignature(sig)) throw new BackendError('CLIENT_SIGNATURE_INVALID', 'signature does not verify');
}

/** One credential, one lock and one lookup, whichever base64 alphabet the device sent its id in. */
function credentialIdForm(id: string): string {
  try {
    return bytesToBase64url(anyBase64ToBytes(id));
  } catch {
    return id;
  }
}

/**
 * The root user's API keys: `apiKeys` as given, then the wallet's key named as core names it; each
 * checked against its curve, in the API's lowercase hex. A key given twice is refused (which
 * name or expiry it should get would be a guess). Keys on a wallet's curve come back with where
 * they were given: each is one account, looked up and locked like a passkey's credential.
 */
function apiKeysOf(b: SignupInput): { apiKeys: ApiKeyParams[]; walletKeys: WalletKeyOf[] } {
  const given = [
    ...(b.apiKeys ?? []).map((k, i) => ({ key: k, where: `apiKeys[${i}]` })),
    ...(b.wallet ? [{ key: { apiKeyName: walletApiKeyName(b.wallet.publicKey.toLowerCase()), publicKey: b.wallet.publicKey, curveType: b.wallet.curveType }, where: 'wallet' }] : []),
  ];
  const seen = new Map<string, string>();
  const apiKeys: ApiKeyParams[] = [];
  const walletKeys: WalletKeyOf[] = [];
  for (const { key, where } of given) {
    const publicKey = checkApiKeyPublicKey(key.curveType, key.publicKey, `${where}.publicKey`);
    const first = seen.get(publicKey);
    if (first) throw new BackendError('VALIDATION_FAILED', `${where}.publicKey is also ${first}.publicKey: give each key once`);
    seen.set(publicKey, where);
    apiKeys.push({ ...key, publicKey });
    if (isWalletCurve(key.curveType)) {
      // A wallet's key is its account's way in: one that expired would leave the account to nobody.
      if ('expirationSeconds' in key && key.expirationSeconds !== undefined) throw new BackendError('VALIDATION_FAILED', `${where}.expirationSeconds: a wallet's key does not expire`);
      walletKeys.push({ publicKey, curveType: key.curveType, where });
    }
  }
  return { apiKeys, walletKeys };
}

export async function signup(d: RouteDeps, input: SignupInput, activities: string[], walletProofRule: WalletProofRule = 'required'): Promise<SignupResult> {
  // A passkey is one more authenticator from here on, and the wallet one more API key, so the
  // device's clientSignature, the one-account rule and the API all see them as they see
  // `authenticators` and `apiKeys`.
  const registrations = registrationsOf(input);
  for (const { registration, where } of registrations) checkRegistrationClientData(registration, where);
  const { apiKeys, walletKeys } = apiKeysOf(input);
  checkWalletSignup({ ...input, authenticators: registrations.map((r) => r.registration) }, walletKeys, apiKeys.length, d.config.organizationId, walletProofRule);
  const { passkey: _passkey, wallet: _wallet, walletProof: _walletProof, ...rest } = input;
  const b: SignupInput = { ...rest, ...(apiKeys.length ? { apiKeys } : {}), ...(registrations.length ? { authenticators: registrations.map((r) => r.registration) } : {}) };
  const credentialIds = registrations.map((r) => ({ id: credentialIdForm(r.registration.attestation.credentialId), where: r.where }));

  const email = b.userEmail?.toLowerCase();
  const phone = b.userPhoneNumber;
  const proven = b.verificationToken ? await checkVerificationToken(b.verificationToken, d.signerKey, d.config.organizationId) : undefined;
  if (proven) checkSignupProof(proven, b);
  if (d.config.signupRequireVerifiedContact) {
    if (email && !(proven?.type === 'OTP_TYPE_EMAIL' && proven.contact === email)) throw new BackendError('CONTACT_NOT_VERIFIED', 'userEmail');
    if (phone && !(proven?.type === 'OTP_TYPE_SMS' && proven.contact === phone)) throw new BackendError('CONTACT_NOT_VERIFIED', 'userPhoneNumber');
  }
  // The contact, the OAuth identity, each passkey credential and each wallet key are each one
  // account: hold them all, so no sign-up or first login on another of them can create a second one meanwhile.
  // Taken once each and in one order, so two sign-ups sharing keys cannot wait on each other.
  const lockKeys = [
    ...new Set(
      [
        // Both, when both are given: each is one account, and either could be someone's first login meanwhile.
        email ? `EMAIL:${email}` : undefined,
        phone ? `PHONE_NUMBER:${phone}` : undefined,
        oauthKey(b.oauthProviders),
        ...credentialIds.map((c) => `CREDENTIAL_ID:${c.id}`),
        ...walletKeys.map((w) => `PUBLIC_KEY:${w.publicKey}`),
      ].filter((k): k is string => k !== undefined),
    ),
  ].sort();
  const wallet = walletKeys[0];
  const create = async () => {
    if (email && (await d.api.findSubOrg('EMAIL', email))) throw new BackendError('CONTACT_EXISTS', 'userEmail');
    if (phone && (await d.api.findSubOrg('PHONE_NUMBER', phone))) throw new BackendError('CONTACT_EXISTS', 'userPhoneNumber');
    // An OAuth identity is an account too: a second sub-organization for it would split the user in two.
    for (const p of b.oauthProviders ?? []) {
      if (await d.api.findSubOrg('OIDC_TOKEN', p.oidcToken)) throw new BackendError('CONTACT_EXISTS', 'oauthProviders');
    }
    // So is a passkey: a login stamped by it must resolve to one sub-organization (Turnkey refuses
    // "more than one suborg associated with a credential ID").
    for (const c of credentialIds) {
      if (await d.api.findSubOrg('CREDENTIAL_ID', c.id)) throw new BackendError('CONTACT_EXISTS', `${c.where}: this passkey already has an account`);
    }
    // And a wallet: its stamp_login to the parent is resolved by its public key, which must name one sub-organization.
    for (const w of walletKeys) {
      if (await findWalletAccount(d, w.publicKey, w.curveType)) throw new BackendError('CONTACT_EXISTS', `${w.where}: this wallet key already has an account`);
    }
    return d.api.createSubOrg({
      userName: b.userName ?? email ?? phone ?? 'user',
      ...(email ? { userEmail: email } : {}),
      ...(phone ? { userPhoneNumber: phone } : {}),
      apiKeys: b.apiKeys,
      authenticators: b.authenticators,
      oauthProviders: b.oauthProviders,
      // Only a token that proves one of this account's contacts is passed on, with the device's proof.
      ...(proven && (proven.contact === email || proven.contact === phone) ? { verificationToken: b.verificationToken, ...(b.clientSignature ? { clientSignature: b.clientSignature } : {}) } : {}),
      // A wallet's account is marked as the backend's, so its lookups never answer an account the key was added to later.
      ...(wallet ? { subOrganizationName: d.walletAccounts.name(b.subOrganizationName ?? `wallet ${wallet.publicKey.slice(0, 16)}`, wallet.curveType, wallet.publicKey) } : b.subOrganizationName ? { subOrganizationName: b.subOrganizationName } : {}),
      ...(b.embeddedWallet ? { wallet: b.embeddedWallet } : {}),
    });
  };
  const locked = lockKeys.reduceRight((inner, key) => () => d.accounts.run(key, inner), create);
  const created = await locked();
  activities.push(created.activityId);
  return { subOrganizationId: created.subOrganizationId, userId: created.userId, wallet: created.wallet ?? { walletId: '', addresses: [] } };
}
