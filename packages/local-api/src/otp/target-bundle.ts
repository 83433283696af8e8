/**
 * INIT_OTP_V3's encryption target (turnkey-wire.md §4.2) and VERIFY_OTP_V2's encrypted bundle
 * (§4.3). Opening is otp/hpke-open.ts (OpenSSL), checked against @turnkey/crypto's encryption.
 */
import { generateKeyPairSync } from 'node:crypto';
import { hpkeOpen } from './hpke-open.ts';
import { bytesToHex, hexToBytes, utf8ToBytes } from '@tkauth/wire';
import type { SigningKey } from '../enclave/enclave-keys.ts';
import { signEnclaveData } from '../enclave/sign.ts';

export interface TargetKey {
  privateKeyHex: string;
  bundle: string;
}

/** A fresh HPKE target key and the bundle announcing it, signed by the TLS-fetcher key. */
export function newOtpTarget(tlsFetcher: SigningKey): TargetKey {
  // OpenSSL makes the key pair (a JS curve costs milliseconds here); HPKE itself stays @turnkey/crypto's.
  const jwk = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({ format: 'jwk' });
  const hex = (b64: string) => Buffer.from(b64, 'base64url').toString('hex');
  const targetPublic = `04${hex(jwk.x!)}${hex(jwk.y!)}`;
  const data = bytesToHex(utf8ToBytes(JSON.stringify({ targetPublic })));
  const bundle = JSON.stringify({ enclaveQuorumPublic: tlsFetcher.publicKeyHex, dataSignature: signEnclaveData(data, tlsFetcher), data });
  return { privateKeyHex: hex(jwk.d!), bundle };
}

export interface OtpBundleContents {
  otpCode: string;
  publicKey: string;
}

/** Opens `{"encappedPublic","ciphertext"}`; throws on anything that does not decrypt to the expected JSON. */
export function openOtpBundle(encryptedOtpBundle: string, targetPrivateKeyHex: string): OtpBundleContents {
  const { encappedPublic, ciphertext } = JSON.parse(encryptedOtpBundle) as { encappedPublic?: unknown; ciphertext?: unknown };
  if (typeof encappedPublic !== 'string' || typeof ciphertext !== 'string') throw new Error('bundle needs encappedPublic and ciphertext');
  const plain = hpkeOpen(hexToBytes(ciphertext), hexToBytes(encappedPublic), hexToBytes(targetPrivateKeyHex));
  const { otp_code, public_key } = JSON.parse(new TextDecoder().decode(plain)) as { otp_code?: unknown; public_key?: unknown };
  if (typeof otp_code !== 'string' || typeof public_key !== 'string') throw new Error('bundle plaintext needs otp_code and public_key');
  return { otpCode: otp_code, publicKey: public_key };
}

