/**
 * One-time codes from the CSPRNG (NIST SP 800-63B §5.1.3.2 spirit): numeric, or Crockford base32
 * (no I, L, O, U) when alphanumeric. Every symbol is drawn uniformly; rejection sampling keeps
 * digits unbiased. Codes are stored only as a keyed hash and compared in constant time.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function generateCode(length: number, alphanumeric: boolean, randomBytes: (n: number) => Uint8Array): string {
  let out = '';
  while (out.length < length) {
    for (const b of randomBytes(length * 2)) {
      if (out.length === length) break;
      if (alphanumeric) out += CROCKFORD[b & 31];
      else if (b < 250) out += String(b % 10); // 250 = 25 × 10: no modulo bias
    }
  }
  return out;
}

/** Users type codes loosely: case and Crockford's look-alikes (I, L → 1; O → 0) do not matter. */
export const normalizeCode = (code: string): string => code.trim().toUpperCase().replace(/[IL]/g, '1').replace(/O/g, '0');

export const hashCode = (pepper: Uint8Array, otpId: string, code: string): string =>
  createHmac('sha256', pepper).update(`${otpId}:${normalizeCode(code)}`).digest('hex');

export function codeMatches(pepper: Uint8Array, otpId: string, code: string, storedHash: string): boolean {
  const a = Buffer.from(hashCode(pepper, otpId, code), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
