/**
 * The local API's two signing keys, in the roles Turnkey's enclaves play (issue 3):
 * - notarizer: signs session JWTs (turnkey-wire.md §6.1);
 * - TLS fetcher: signs OTP encryption-target bundles and verification tokens (§4.2, §6.2).
 * Created on first start, sealed under the master key in `<data>/enclave-keys.json` (0600),
 * published (public halves, uncompressed hex) at /.well-known/tkauth.json.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { p256 } from '@noble/curves/nist.js';
import { bytesToHex, p256PrivateKeyJwk } from '@tkauth/wire';
import type { Sealer } from '../crypto/sealer.ts';
import { createSecretFileOnce } from '@tkauth/wire/secret-file';

export interface SigningKey {
  privateKey: Uint8Array;
  publicKey: Uint8Array;
  /** The same key for node:crypto (OpenSSL), parsed once: signing is on every login's path. */
  privateKeyObject: KeyObject;
  publicKeyObject: KeyObject;
  /** Uncompressed (65-byte) public key, hex — the form @turnkey/crypto's override arguments take. */
  publicKeyHex: string;
}

export interface EnclaveKeys {
  notarizer: SigningKey;
  tlsFetcher: SigningKey;
}

const ROLES = ['notarizer', 'tlsFetcher'] as const;

function toSigningKey(privateKey: Uint8Array): SigningKey {
  const publicKey = p256.getPublicKey(privateKey, false);
  const privateKeyObject = createPrivateKey({ key: p256PrivateKeyJwk(bytesToHex(privateKey)) as never, format: 'jwk' });
  return { privateKey, publicKey, privateKeyObject, publicKeyObject: createPublicKey(privateKeyObject), publicKeyHex: bytesToHex(publicKey) };
}

export function loadOrCreateEnclaveKeys(dataDir: string, sealer: Sealer): EnclaveKeys {
  const file = path.join(dataDir, 'enclave-keys.json');
  let text: string;
  if (fs.existsSync(file)) text = fs.readFileSync(file, 'utf8');
  else {
    // Several instances starting at once on a new data dir: the first file written is everyone's.
    const fresh = Object.fromEntries(ROLES.map((r) => [r, sealer.seal(p256.utils.randomSecretKey(), `enclave:${r}`)]));
    text = createSecretFileOnce(file, JSON.stringify(fresh, null, 2) + '\n');
  }
  const sealed = JSON.parse(text) as Record<string, string>;
  return Object.fromEntries(ROLES.map((r) => [r, toSigningKey(sealer.open(sealed[r]!, `enclave:${r}`))])) as unknown as EnclaveKeys;
}
