/**
 * The routes of the Swift SDK's with-backend example server (tkhq/swift-sdk
 * Examples/swift-demo-wallet/example-server), with its request and response shapes, so its demo
 * app works unchanged. Each is a thin adapter over the routes above — the same checks, limits and
 * order of operations, only the shapes differ:
 *   /auth/sendOtp     {otpType, contact, userIdentifier?}                       → {otpId}
 *   /auth/verifyOtp   {otpId, otpCode, otpType?, contact?, publicKey?, expirationSeconds?}
 *                     → {verificationToken}, plus {token} (logged in) when publicKey is given
 *   /auth/otp         {verificationToken, publicKey, expirationSeconds?, …}      → {token}
 *   /auth/createSubOrg {email?, phone?, passkey?: {name?, challenge, attestation}, oauth?, apiKeys?,
 *                     verificationToken?} → {subOrganizationId}, as /signup with `passkey`
 *   /auth/oAuth       {publicKey, providerName, oidcToken, expirationSeconds?}  → {token}
 */
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { RouteDeps } from '../deps.ts';
import { CompressedP256, E164, Email, ErrorBody, ExpirationSeconds, Jwt, OtpType, Strict } from '../schemas.ts';
import { otpInit } from './otp-init.ts';
import { otpVerify } from './otp-verify.ts';
import { otpLogin } from './otp-login.ts';
import { oauthLogin } from './oauth-login.ts';
import { Attestation, Passkey, signup, SignupBody } from './signup.ts';
import { sanitizeAuthenticatorName } from '../passkey-registration.ts';

const SendOtp = Type.Object({ otpType: OtpType, contact: Type.String({ minLength: 3, maxLength: 320 }), userIdentifier: Type.Optional(Type.String({ maxLength: 256 })) }, Strict);
const VerifyOtp = Type.Object(
  {
    otpId: Type.String({ pattern: '^[0-9a-fA-F-]{36}$' }),
    otpCode: Type.String({ pattern: '^[0-9A-Za-z]{6,9}$' }),
    otpType: Type.Optional(OtpType),
    contact: Type.Optional(Type.String({ maxLength: 320 })),
    publicKey: Type.Optional(CompressedP256),
    expirationSeconds: Type.Optional(ExpirationSeconds),
  },
  Strict,
);
const Otp = Type.Object(
  { verificationToken: Jwt, publicKey: CompressedP256, expirationSeconds: Type.Optional(ExpirationSeconds), otpType: Type.Optional(OtpType), contact: Type.Optional(Type.String({ maxLength: 320 })) },
  Strict,
);
const CreateSubOrg = Type.Object(
  {
    email: Type.Optional(Email),
    phone: Type.Optional(E164),
    // The example server ignores `name` (always "Passkey"); here it is kept when it can be, see below.
    passkey: Type.Optional(Type.Object({ name: Type.Optional(Type.String({ maxLength: 256 })), challenge: Passkey.properties.challenge, attestation: Attestation }, Strict)),
    oauth: Type.Optional(Type.Object({ providerName: Type.String({ minLength: 1, maxLength: 64 }), oidcToken: Jwt }, Strict)),
    apiKeys: SignupBody.properties.apiKeys,
    verificationToken: Type.Optional(Jwt),
  },
  Strict,
);
const OAuth = Type.Object({ publicKey: CompressedP256, providerName: Type.String({ minLength: 1, maxLength: 64 }), oidcToken: Jwt, expirationSeconds: Type.Optional(ExpirationSeconds) }, Strict);

const errors = { '4xx': ErrorBody, '5xx': ErrorBody };

export async function swiftExampleRoutes(app: FastifyInstance, d: RouteDeps) {
  app.post<{ Body: Static<typeof SendOtp> }>(
    '/auth/sendOtp',
    { preHandler: d.limits.otpInit, schema: { summary: 'Swift example: send a code', body: SendOtp, response: { 200: Type.Object({ otpId: Type.String() }), ...errors } } },
    async (req) => otpInit(d, { otpType: req.body.otpType, contact: req.body.contact }, req.upstreamActivities),
  );

  app.post<{ Body: Static<typeof VerifyOtp> }>(
    '/auth/verifyOtp',
    {
      preHandler: d.limits.otpVerify,
      schema: { summary: 'Swift example: verify a code (and log in when publicKey is given)', body: VerifyOtp, response: { 200: Type.Object({ verificationToken: Type.String(), token: Type.Optional(Type.String()) }), ...errors } },
    },
    async (req) => {
      const b = req.body;
      const { verificationToken } = await otpVerify(d, { otpId: b.otpId, otpCode: b.otpCode, ...(b.publicKey ? { publicKey: b.publicKey } : {}) }, req.upstreamActivities);
      if (!b.publicKey) return { verificationToken };
      const { sessionToken } = await otpLogin(d, { verificationToken, publicKey: b.publicKey, ...(b.expirationSeconds ? { expirationSeconds: b.expirationSeconds } : {}) }, req.upstreamActivities);
      return { verificationToken, token: sessionToken };
    },
  );

  app.post<{ Body: Static<typeof Otp> }>(
    '/auth/otp',
    { schema: { summary: 'Swift example: log in with a verification token', body: Otp, response: { 200: Type.Object({ token: Type.String() }), ...errors } } },
    async (req) => {
      const b = req.body;
      const { sessionToken } = await otpLogin(d, { verificationToken: b.verificationToken, publicKey: b.publicKey, ...(b.expirationSeconds ? { expirationSeconds: b.expirationSeconds } : {}) }, req.upstreamActivities);
      return { token: sessionToken };
    },
  );

  app.post<{ Body: Static<typeof CreateSubOrg> }>(
    '/auth/createSubOrg',
    { schema: { summary: 'Swift example: create an account', body: CreateSubOrg, response: { 200: Type.Object({ subOrganizationId: Type.String() }), ...errors } } },
    async (req) => {
      const b = req.body;
      const result = await signup(
        d,
        {
          ...(b.email ? { userEmail: b.email } : {}),
          ...(b.phone ? { userPhoneNumber: b.phone } : {}),
          ...(b.apiKeys ? { apiKeys: b.apiKeys } : {}),
          // The demo app's name is the user's free text, which the example server never refused:
          // it is cut down to the characters Turnkey allows instead of failing the sign-up.
          ...(b.passkey ? { passkey: { authenticatorName: sanitizeAuthenticatorName(b.passkey.name), challenge: b.passkey.challenge, attestation: b.passkey.attestation } } : {}),
          ...(b.oauth ? { oauthProviders: [b.oauth] } : {}),
          ...(b.verificationToken ? { verificationToken: b.verificationToken } : {}),
        },
        req.upstreamActivities,
        // The demo app's shape has no field for a wallet's proof.
        'not-in-protocol',
      );
      return { subOrganizationId: result.subOrganizationId };
    },
  );

  app.post<{ Body: Static<typeof OAuth> }>(
    '/auth/oAuth',
    { schema: { summary: 'Swift example: log in with an id_token', body: OAuth, response: { 200: Type.Object({ token: Type.String() }), ...errors } } },
    async (req) => {
      const b = req.body;
      const { sessionToken } = await oauthLogin(d, { oidcToken: b.oidcToken, publicKey: b.publicKey, providerName: b.providerName, ...(b.expirationSeconds ? { expirationSeconds: b.expirationSeconds } : {}) }, req.upstreamActivities);
      return { token: sessionToken };
    },
  );
}
