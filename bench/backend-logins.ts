/**
 * Full OTP logins through an auth backend, as a device makes them: ask for a code, read it from
 * the dev outbox, verify it with the device key, log in. Two backends speak different shapes:
 * ours (/otp/init, /otp/verify, /otp-login) and the seed's (/auth/sendOtp, /auth/verifyOtp).
 */
import { generateKeyPairSync } from 'node:crypto';
import http from 'node:http';

export type Shape = 'tkauth' | 'seed';

function deviceKey(): string {
  const jwk = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({ format: 'jwk' });
  const y = Buffer.from(jwk.y!, 'base64url');
  return ((y[31]! & 1) === 1 ? '03' : '02') + Buffer.from(jwk.x!, 'base64url').toString('hex');
}

// node:http on a keep-alive agent, not fetch: the load generator shares the machine's two cores
// with the servers it measures, and undici's fetch costs it several times more CPU per request.
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

function request(url: string, body?: unknown): Promise<any> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(url, { agent, method: payload ? 'POST' : 'GET', headers: payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        if ((res.statusCode ?? 500) >= 400) reject(new Error(`${url} → ${res.statusCode} ${text}`));
        else resolve(JSON.parse(text));
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}
const post = (url: string, body: unknown) => request(url, body);

export async function loginOnce(shape: Shape, backendUrl: string, apiUrl: string, email: string): Promise<void> {
  const publicKey = deviceKey();
  const init = await post(`${backendUrl}${shape === 'tkauth' ? '/otp/init' : '/auth/sendOtp'}`, { otpType: 'OTP_TYPE_EMAIL', contact: email });
  const outbox = (await request(`${apiUrl}/dev/outbox?contact=${encodeURIComponent(email)}`)) as { messages: { otpCode: string }[] };
  const otpCode = outbox.messages[0]!.otpCode;
  if (shape === 'tkauth') {
    const { verificationToken } = await post(`${backendUrl}/otp/verify`, { otpId: init.otpId, otpCode, publicKey });
    const { sessionToken } = await post(`${backendUrl}/otp-login`, { verificationToken, publicKey });
    if (!sessionToken) throw new Error('no session');
  } else {
    const { token } = await post(`${backendUrl}/auth/verifyOtp`, { otpId: init.otpId, otpCode, otpType: 'OTP_TYPE_EMAIL', contact: email, publicKey });
    if (!token) throw new Error('no session');
  }
}

export interface RunResult {
  rps: number;
  p50: number;
  p99: number;
  seconds: number;
  latencies: number[];
}

function summarize(latencies: number[], seconds: number): RunResult {
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))]!;
  return { rps: sorted.length / seconds, p50: at(0.5), p99: at(0.99), seconds, latencies: sorted };
}

/** Several runs of one backend as one: total logins over total time, percentiles over all. */
export const mergeRuns = (runs: RunResult[]): RunResult =>
  summarize(
    runs.flatMap((r) => r.latencies),
    runs.reduce((t, r) => t + r.seconds, 0),
  );

export async function runLogins(shape: Shape, backendUrl: string, apiUrl: string, emails: string[], concurrency: number): Promise<RunResult> {
  const latencies: number[] = [];
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < emails.length) {
        const email = emails[next++]!;
        const t0 = performance.now();
        await loginOnce(shape, backendUrl, apiUrl, email);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  return summarize(latencies, (performance.now() - start) / 1000);
}
