/** BIP-32 path strings (`m/44'/60'/0'/0/0`, `h` also marks hardened) to child indexes. */
const HARDENED = 0x8000_0000;
const SEGMENT = /^(\d{1,10})(['hH]?)$/;
export const MAX_PATH_DEPTH = 16;

export function parsePath(path: string): number[] {
  const parts = path.split('/');
  if (parts[0] !== 'm' && parts[0] !== 'M') throw new RangeError('path must start with m/');
  const segments = parts.slice(1);
  if (segments.length > MAX_PATH_DEPTH) throw new RangeError('path is too deep');
  return segments.map((s) => {
    const m = SEGMENT.exec(s);
    if (!m) throw new RangeError(`bad path segment ${JSON.stringify(s)}`);
    const n = Number(m[1]);
    if (n >= HARDENED) throw new RangeError('path index out of range');
    return m[2] ? n + HARDENED : n;
  });
}
