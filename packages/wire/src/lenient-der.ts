/**
 * ECDSA signatures in DER, read the way wallets write them: @turnkey/crypto's toDerSignature (the
 * official wallet stamper's) always splits r and s into 32 bytes, adds a 00 only before a high
 * bit and never strips leading zeros, so about 1 signature in 256 is non-minimal DER that strict
 * parsers (noble's Signature.fromDER) refuse (turnkey-wire-logins.md §2.1). Structure is still
 * checked: SEQUENCE { INTEGER r, INTEGER s }, lengths exact, nothing after, each integer positive
 * and at most 32 bytes once leading zeros are gone.
 */

// 32 value bytes, plus the 00 a high bit needs and a few zeros a careless encoder leaves in.
const MAX_INTEGER_BYTES = 36;

/** r ‖ s, 64 bytes, from a DER signature; null when it is not one. */
export function derToCompact(der: Uint8Array): Uint8Array | null {
  if (der.length < 8 || der.length > 80 || der[0] !== 0x30 || der[1] !== der.length - 2) return null;
  const out = new Uint8Array(64);
  let at = 2;
  for (const half of [0, 32]) {
    if (der[at] !== 0x02) return null;
    const len = der[at + 1]!;
    at += 2;
    if (len === 0 || len > MAX_INTEGER_BYTES || at + len > der.length) return null;
    // A set high bit would make the INTEGER negative: not a signature.
    if (der[at]! & 0x80) return null;
    let start = at;
    const end = at + len;
    while (start < end - 1 && der[start] === 0) start++;
    if (end - start > 32) return null;
    out.set(der.subarray(start, end), half + 32 - (end - start));
    at = end;
  }
  return at === der.length ? out : null;
}
