/** The client side of an OTP login, done the way @turnkey/core and the official helpers do it. */
import { ApiKeyStamper, SignatureFormat } from '@turnkey/api-key-stamper';
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
