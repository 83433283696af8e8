/**
 * OTP logins through the local API as a real backend and device run them: init_otp (V3) → code from
 * the dev outbox → verify_otp (HPKE bundle, encrypted client-side) → otp_login with a
 * clientSignature. Every user is a distinct contact, so the per-contact limit never throttles.
 */
import { Turnkey } from '@turnkey/sdk-server';
import { ApiKeyStamper, SignatureFormat } from '@turnkey/api-key-stamper';
import { encryptOtpCodeToBundle, generateP256KeyPair } from '@turnkey/crypto';

export interface LoginBenchResult {
  logins: number;
  seconds: number;
  p50: number;
  p99: number;
}

interface Creds {
  apiBaseUrl: string;
  organizationId: string;
  apiPublicKey: string;
  apiPrivateKey: string;
}

export async function benchOtpLogins(c: Creds, users: number, concurrency: number, progress: (msg: string) => void, onStart: () => void = () => {}): Promise<LoginBenchResult> {
  const sdk = new Turnkey({ apiBaseUrl: c.apiBaseUrl, defaultOrganizationId: c.organizationId, apiPublicKey: c.apiPublicKey, apiPrivateKey: c.apiPrivateKey }).apiClient();
  const { tlsFetcherSignPublicKey } = (await (await fetch(`${c.apiBaseUrl}/.well-known/tkauth.json`)).json()) as { tlsFetcherSignPublicKey: string };
  const run = Date.now();
  const emails = Array.from({ length: users }, (_, i) => `bench-${run}-${i}@example.com`);
  const subOrgs: string[] = [];
  for (const [i, email] of emails.entries()) {
    const sub = await sdk.createSubOrganization({ subOrganizationName: email, rootQuorumThreshold: 1, rootUsers: [{ userName: email, userEmail: email, apiKeys: [], authenticators: [], oauthProviders: [] }] });
    subOrgs.push(sub.subOrganizationId);
    if ((i + 1) % 50 === 0) progress(`${i + 1}/${users} users created`);
  }

  async function login(i: number): Promise<number> {
    const t0 = performance.now();
    const email = emails[i]!;
    const kp = generateP256KeyPair();
    const device = new ApiKeyStamper({ apiPublicKey: kp.publicKey, apiPrivateKey: kp.privateKey });
    const init = await sdk.initOtp({ otpType: 'OTP_TYPE_EMAIL', contact: email, appName: 'bench' });
    const outbox = (await (await fetch(`${c.apiBaseUrl}/dev/outbox?contact=${encodeURIComponent(email)}`)).json()) as { messages: { otpCode: string }[] };
    const bundle = await encryptOtpCodeToBundle(outbox.messages[0]!.otpCode, init.otpEncryptionTargetBundle, kp.publicKey, tlsFetcherSignPublicKey);
    const { verificationToken } = await sdk.verifyOtp({ otpId: init.otpId, encryptedOtpBundle: bundle });
    const tokenId = JSON.parse(Buffer.from(verificationToken.split('.')[1]!, 'base64url').toString()).id;
    const message = JSON.stringify({ login: { publicKey: kp.publicKey }, tokenId, type: 'USAGE_TYPE_LOGIN' });
    const signature = await device.sign(message, SignatureFormat.Raw);
    const res = await sdk.otpLogin({
      organizationId: subOrgs[i]!,
      verificationToken,
      publicKey: kp.publicKey,
      clientSignature: { publicKey: kp.publicKey, scheme: 'CLIENT_SIGNATURE_SCHEME_API_P256', message, signature },
    });
    if (!res.session) throw new Error('no session');
    return performance.now() - t0;
  }

  const latencies: number[] = [];
  let next = 0;
  onStart();
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < users) latencies.push(await login(next++));
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  return { logins: users, seconds, p50: latencies[Math.floor(users * 0.5)]!, p99: latencies[Math.min(users - 1, Math.floor(users * 0.99))]! };
}
