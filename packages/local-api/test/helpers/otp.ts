/** The client side of an OTP login, done the way @turnkey/core and the official helpers do it. */
import { ApiKeyStamper, SignatureFormat } from '@turnkey/api-key-stamper';
import { encryptOtpCodeToBundle, generateP256KeyPair } from '@turnkey/crypto';
import { decodeJwtClaims } from '@tkauth/wire';

export interface WellKnown {
  organizationId: string;
  notarizerSignPublicKey: string;
  tlsFetcherSignPublicKey: string;
}

export async function wellKnown(baseUrl: string): Promise<WellKnown> {
  return (await fetch(`${baseUrl}/.well-known/tkauth.json`)).json() as Promise<WellKnown>;
}

/** The newest code the dev outbox holds for a contact. */
export async function codeFromOutbox(baseUrl: string, contact: string): Promise<string> {
  const res = await fetch(`${baseUrl}/dev/outbox?contact=${encodeURIComponent(contact)}`);
  const { messages } = (await res.json()) as { messages: { otpCode: string }[] };
  if (!messages[0]) throw new Error(`no message for ${contact}`);
  return messages[0].otpCode;
}

/** clientSignature for otp_login (turnkey-wire.md §4.4), signed raw r‖s by the token's key. */
export async function loginClientSignature(key: { publicKey: string; privateKey: string }, sessionPublicKey: string, tokenId: string) {
  const message = JSON.stringify({ login: { publicKey: sessionPublicKey }, tokenId, type: 'USAGE_TYPE_LOGIN' });
  const signature = await new ApiKeyStamper({ apiPublicKey: key.publicKey, apiPrivateKey: key.privateKey }).sign(message, SignatureFormat.Raw);
  return { publicKey: key.publicKey, scheme: 'CLIENT_SIGNATURE_SCHEME_API_P256' as const, message, signature };
}

export const tokenId = (jwt: string): string => String(decodeJwtClaims(jwt).id);

/** A verification token for `email` from the API itself: init_otp V3, the code from the dev outbox, verify_otp V2 with the device's key. */
export async function verificationTokenFor(t: { api: { url: string }; sdk: { initOtp(p: { otpType: string; contact: string; appName: string }): Promise<{ otpId: string; otpEncryptionTargetBundle: string }>; verifyOtp(p: { otpId: string; encryptedOtpBundle: string }): Promise<{ verificationToken: string }> } }, email: string, device: { publicKey: string } = generateP256KeyPair()): Promise<string> {
  const init = await t.sdk.initOtp({ otpType: 'OTP_TYPE_EMAIL', contact: email, appName: 'tests' });
  const code = await codeFromOutbox(t.api.url, email);
  const { tlsFetcherSignPublicKey } = await wellKnown(t.api.url);
  const encryptedOtpBundle = await encryptOtpCodeToBundle(code, init.otpEncryptionTargetBundle, device.publicKey, tlsFetcherSignPublicKey);
  return (await t.sdk.verifyOtp({ otpId: init.otpId, encryptedOtpBundle })).verificationToken;
}
