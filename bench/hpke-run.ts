/**
 * OTP bundles opened per second: the local API's OpenSSL HPKE open vs @turnkey/crypto's
 * hpkeDecrypt (what the local API used before), on bundles @turnkey/crypto's encryptOtpCodeToBundle
 * made — the work verify_otp V2 does. Prints one JSON line.
 */
import { generateP256KeyPair, hpkeDecrypt, hpkeEncrypt, uncompressRawPublicKey } from '@turnkey/crypto';
import { hpkeOpen } from '../packages/local-api/src/otp/hpke-open.ts';

const SECONDS = Number(process.env.BENCH_HPKE_SECONDS ?? 2);
const receiver = generateP256KeyPair();
const plain = new TextEncoder().encode(JSON.stringify({ otp_code: '123456', public_key: generateP256KeyPair().publicKey }));
const bundles = Array.from({ length: 64 }, () => {
  const out = hpkeEncrypt({ plainTextBuf: plain, targetKeyBuf: Buffer.from(receiver.publicKeyUncompressed, 'hex') });
  return { enc: uncompressRawPublicKey(out.subarray(0, 33)), ct: out.subarray(33) };
});
const priv = Uint8Array.from(Buffer.from(receiver.privateKey, 'hex'));

function rate(open: (b: { enc: Uint8Array; ct: Uint8Array }) => Uint8Array): number {
  for (let i = 0; i < 20; i++) open(bundles[i % bundles.length]!);
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < SECONDS * 1000) {
    if (open(bundles[n % bundles.length]!).length !== plain.length) throw new Error('wrong plaintext');
    n++;
  }
  return n / ((performance.now() - start) / 1000);
}

console.log(
  JSON.stringify([
    { name: '@turnkey/crypto hpkeDecrypt (baseline; JavaScript P-256)', opsPerSecond: rate((b) => hpkeDecrypt({ ciphertextBuf: b.ct, encappedKeyBuf: b.enc, receiverPriv: receiver.privateKey })) },
    { name: 'tkauth hpkeOpen (OpenSSL)', opsPerSecond: rate((b) => hpkeOpen(b.ct, b.enc, priv)) },
  ]),
);
