/**
 * clientSignature (turnkey-wire.md §4.4): the device that verified a one-time code signs what it
 * asks the token to be used for, with the key the verification token carries. The messages are
 * @turnkey/core's `getClientSignatureMessageForLogin` / `…ForSignup`, byte for byte (key order
 * included), so a signature made by core verifies here and the other way round.
 */
import { p256 } from '@noble/curves/nist.js';
import { hexToBytes, utf8ToBytes } from './encoding.ts';

export const CLIENT_SIGNATURE_SCHEME = 'CLIENT_SIGNATURE_SCHEME_API_P256';

export interface ClientSignatureBody {
  publicKey: string;
  scheme: typeof CLIENT_SIGNATURE_SCHEME;
  message: string;
  /** Raw r‖s, 128 hex characters (core signs with SignatureFormat.Raw). */
  signature: string;
}

export const loginUsageMessage = (sessionPublicKey: string, tokenId: string): string =>
  JSON.stringify({ login: { publicKey: sessionPublicKey }, tokenId, type: 'USAGE_TYPE_LOGIN' });

export interface SignupUsage {
  apiKeys?: unknown[];
  authenticators?: unknown[];
  oauthProviders?: unknown[];
  email?: string;
  phoneNumber?: string;
}

export function signupUsageMessage(usage: SignupUsage, tokenId: string): string {
  const { apiKeys, authenticators, oauthProviders, email, phoneNumber } = usage;
  const signupV2 = {
    ...(apiKeys ? { apiKeys } : {}),
    ...(authenticators ? { authenticators } : {}),
    ...(oauthProviders ? { oauthProviders } : {}),
    ...(email ? { email } : {}),
    ...(phoneNumber ? { phoneNumber } : {}),
  };
  return JSON.stringify({ signupV2, tokenId, type: 'USAGE_TYPE_SIGNUP' });
}

/**
 * ECDSA P-256 over sha256(UTF-8 message), raw r‖s; high-S accepted like the official stampers
 * produce it (turnkey-wire.md "Pitfalls"). False for anything malformed.
 */
export function verifyClientSignature(sig: Pick<ClientSignatureBody, 'publicKey' | 'message' | 'signature'>): boolean {
  try {
    if (!/^[0-9a-fA-F]{128}$/.test(sig.signature)) return false;
    return p256.verify(hexToBytes(sig.signature), utf8ToBytes(sig.message), hexToBytes(sig.publicKey), { lowS: false, format: 'compact' });
  } catch {
    return false;
  }
}

/** What a sign-up asks for, as the request carries it (compared with what the device signed). */
export interface SignupRequestCredentials {
  email?: string | undefined;
  phoneNumber?: string | undefined;
  apiKeys: readonly { publicKey: string; curveType?: string }[];
  authenticators: readonly { attestation: { credentialId: string } }[];
  oauthProviders: readonly { oidcToken?: string }[];
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');

/**
 * Why a sign-up clientSignature's message does not authorize this request, or undefined when it
 * does: a USAGE_TYPE_SIGNUP for this token naming the same contact and the same credentials. The
 * comparison is by meaning (email case, key case, order), not bytes: the server may normalise
 * what it received, while the device signed what it sent.
 */
export function signupUsageMismatch(message: string, tokenId: string, request: SignupRequestCredentials): string | undefined {
  let m: { signupV2?: Record<string, unknown>; tokenId?: unknown; type?: unknown };
  try {
    m = JSON.parse(message) as typeof m;
  } catch {
    return 'message is not JSON';
  }
  if (m.type !== 'USAGE_TYPE_SIGNUP' || m.tokenId !== tokenId || typeof m.signupV2 !== 'object' || m.signupV2 === null) return 'message is not a sign-up for this token';
  const u = m.signupV2 as { email?: unknown; phoneNumber?: unknown; apiKeys?: unknown; authenticators?: unknown; oauthProviders?: unknown };
  const list = (v: unknown): Record<string, unknown>[] => (Array.isArray(v) ? v.filter((x): x is Record<string, unknown> => typeof x === 'object' && x !== null) : []);
  const lower = (v: unknown) => (typeof v === 'string' ? v.toLowerCase() : undefined);
  if (lower(u.email) !== lower(request.email)) return 'the signed email is not the one asked for';
  if ((typeof u.phoneNumber === 'string' ? u.phoneNumber : undefined) !== request.phoneNumber) return 'the signed phone number is not the one asked for';
  const keys = (ks: readonly Record<string, unknown>[]) => ks.map((k) => `${String(k.publicKey).toLowerCase()} ${String(k.curveType ?? '')}`);
  if (!sameSet(keys(list(u.apiKeys)), keys(request.apiKeys as unknown as Record<string, unknown>[]))) return 'the signed API keys are not the ones asked for';
  const credentialIds = (as: readonly Record<string, unknown>[]) => as.map((a) => String((a.attestation as { credentialId?: unknown } | undefined)?.credentialId));
  if (!sameSet(credentialIds(list(u.authenticators)), credentialIds(request.authenticators as unknown as Record<string, unknown>[]))) return 'the signed authenticators are not the ones asked for';
  const tokens = (ps: readonly Record<string, unknown>[]) => ps.map((p) => String(p.oidcToken));
  if (!sameSet(tokens(list(u.oauthProviders)), tokens(request.oauthProviders as unknown as Record<string, unknown>[]))) return 'the signed OAuth providers are not the ones asked for';
  return undefined;
}
