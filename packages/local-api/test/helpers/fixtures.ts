/** Request fragments used across tests: the default ETH + SOL accounts sdk-server's helpers use. */
import { generateP256KeyPair } from '../../src/crypto/p256.ts';

export const ETH_ACCOUNT = { curve: 'CURVE_SECP256K1', pathFormat: 'PATH_FORMAT_BIP32', path: "m/44'/60'/0'/0/0", addressFormat: 'ADDRESS_FORMAT_ETHEREUM' } as const;
export const SOL_ACCOUNT = { curve: 'CURVE_ED25519', pathFormat: 'PATH_FORMAT_BIP32', path: "m/44'/501'/0'/0'", addressFormat: 'ADDRESS_FORMAT_SOLANA' } as const;

export const newKey = generateP256KeyPair;

/** A root user with this email (as its name too), P-256 API keys and OAuth providers. */
export function rootUser(email: string, apiKeys: { publicKey: string; expirationSeconds?: string }[] = [], oauthProviders: { providerName: string; oidcToken: string }[] = []) {
  return {
    userName: email,
    userEmail: email,
    apiKeys: apiKeys.map((k, i) => ({ apiKeyName: `key-${i}`, publicKey: k.publicKey, curveType: 'API_KEY_CURVE_P256' as const, ...(k.expirationSeconds ? { expirationSeconds: k.expirationSeconds } : {}) })),
    authenticators: [],
    oauthProviders,
  };
}

let n = 0;
export const uniqueEmail = (tag = 'user') => `${tag}-${Date.now()}-${++n}@example.com`;
