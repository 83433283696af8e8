/**
 * The address a person knows their external wallet by, from the public key a wallet stamp names
 * (turnkey-wire-logins.md §2.1, @turnkey/core's addressFromPublicKey): Ethereum, the EIP-55 form
 * of the last 20 bytes of keccak256 of the uncompressed point; Solana, base58 of the 32-byte key.
 */
import { base58 } from '@scure/base';
import { bytesToHex, ethereumAddress as ethereumAddressOf, hexToBytes, solanaAddress as solanaAddressOf } from '@tkauth/wire';

export { toChecksumAddress } from '@tkauth/wire';

export type WalletCurveType = 'API_KEY_CURVE_SECP256K1' | 'API_KEY_CURVE_ED25519';

/** The Ethereum address of a secp256k1 public key (hex, compressed or not). */
export const ethereumAddress = (publicKey: string): string => ethereumAddressOf(hexToBytes(publicKey.replace(/^0x/, '')));

/** The Solana address (base58) of a 32-byte ed25519 key given as hex. */
export const solanaAddress = (publicKey: string): string => solanaAddressOf(hexToBytes(publicKey));

/** The 32-byte ed25519 key (hex) of a Solana address. */
export const solanaPublicKey = (address: string): string => bytesToHex(base58.decode(address));

/** The address shown for a wallet key: by its API-key curve (or credential type). */
export function walletAddress(publicKey: string, curve: WalletCurveType | 'CREDENTIAL_TYPE_API_KEY_SECP256K1' | 'CREDENTIAL_TYPE_API_KEY_ED25519'): string {
  return curve.endsWith('SECP256K1') ? ethereumAddress(publicKey) : solanaAddress(publicKey);
}
