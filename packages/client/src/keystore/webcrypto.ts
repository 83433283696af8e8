/** WebCrypto P-256 primitives shared by the key stores (web standards: Node 20 and browsers alike). */
import { compressP256PublicKey } from '@tkauth/wire';

export const ECDSA_P256 = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGN = { name: 'ECDSA', hash: 'SHA-256' } as const;

/** A fresh pair; `extractable` only where the store must write the private key somewhere itself. */
export async function generateP256(extractable: boolean): Promise<CryptoKeyPair> {
  return (await crypto.subtle.generateKey(ECDSA_P256, extractable, ['sign', 'verify'])) as CryptoKeyPair;
}

/** Public keys are always exportable in WebCrypto, whatever the private key's flag. */
export async function compressedPublicKey(publicKey: CryptoKey): Promise<string> {
  return compressP256PublicKey(new Uint8Array(await crypto.subtle.exportKey('raw', publicKey)));
}

export async function signP256(privateKey: CryptoKey, data: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.sign(SIGN, privateKey, data as BufferSource));
}
