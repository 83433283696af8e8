/**
 * Which sub-organization is a wallet's account. The API answers "who holds this public key", and
 * any account's own root user can add any public key to its account — a wallet's key is public —
 * so that answer cannot say whose account it is: someone could add a victim's wallet key to their
 * own account and be the answer to the victim's first lookup. The backend therefore marks the
 * accounts it creates for a wallet (after the wallet proved itself, or holding nothing but the
 * wallet's key): the sub-organization's name ends with a tag, an HMAC of the wallet's key under
 * a key only the backend holds. Only a tagged holder is the wallet's account; a key added to an
 * account later (by its owner, or by someone planting it) is never looked up as one.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { bytesToBase64url, isEd25519Key, isSecp256k1Key } from '@tkauth/wire';
import type { TurnkeyApi } from './turnkey-client.ts';
import type { WalletCurve } from './api-key-curves.ts';

const PREFIX = ' #tkw1.';
// 22 base64url characters: 132 bits of the HMAC.
const TAG_CHARS = 22;
const MAX_NAME = 256;

export interface WalletAccountTagger {
  /** The sub-organization name for a wallet's account: `name` (shortened to fit) and the tag. */
  name(name: string, curveType: string, publicKey: string): string;
  /** Whether a sub-organization name carries this wallet's tag. */
  isTagged(name: string, curveType: string, publicKey: string): boolean;
}

export function walletAccountTagger(key: Uint8Array, organizationId: string): WalletAccountTagger {
  const tag = (curveType: string, publicKey: string) =>
    bytesToBase64url(createHmac('sha256', key).update(`${organizationId}|${curveType}|${publicKey.toLowerCase()}`).digest()).slice(0, TAG_CHARS);
  return {
    name(name, curveType, publicKey) {
      const suffix = `${PREFIX}${tag(curveType, publicKey)}`;
      return `${name.slice(0, MAX_NAME - suffix.length)}${suffix}`;
    },
    isTagged(name, curveType, publicKey) {
      const at = name.lastIndexOf(PREFIX);
      if (at < 0) return false;
      const given = Buffer.from(name.slice(at + PREFIX.length));
      const expected = Buffer.from(tag(curveType, publicKey));
      return given.length === expected.length && timingSafeEqual(given, expected);
    },
  };
}

/**
 * The wallet's account for `publicKey` (lowercase hex), or undefined. Without `curveType` (a
 * lookup that does not say), each wallet curve the key is a point of is asked.
 */
export async function findWalletAccount(d: { api: TurnkeyApi; walletAccounts: WalletAccountTagger }, publicKey: string, curveType?: WalletCurve): Promise<string | undefined> {
  const curves: WalletCurve[] = curveType ? [curveType] : [...(isSecp256k1Key(publicKey) ? (['API_KEY_CURVE_SECP256K1'] as const) : []), ...(isEd25519Key(publicKey) ? (['API_KEY_CURVE_ED25519'] as const) : [])];
  for (const curve of curves) {
    const found = await d.api.findWalletAccount(publicKey, curve, (name) => d.walletAccounts.isTagged(name, curve, publicKey));
    if (found) return found;
  }
  return undefined;
}
