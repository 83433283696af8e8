/**
 * Owner-only files written atomically (temp file + rename): never half-written, never
 * world-readable. The one Node-only module of wire, on its own entry point
 * (`@tkauth/wire/secret-file`) so browser bundles of the index never reach node:fs.
 */
import fs from 'node:fs';
import { randomBytes } from 'node:crypto';

export function writeSecretFile(file: string, content: string): void {
  // Unique per write: two writers in one process must not share a temp file.
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    fs.writeFileSync(tmp, content, { mode: 0o600 });
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
  fs.chmodSync(file, 0o600);
}

/**
 * Creates `file` with `content` unless it exists; returns what the file holds afterwards. The
 * first writer wins, atomically (a hard link fails when the name is taken): several processes
 * starting at once on one data dir end up with the same key, never each with its own.
 */
export function createSecretFileOnce(file: string, content: string): string {
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    fs.writeFileSync(tmp, content, { mode: 0o600 });
    fs.linkSync(tmp, file);
    return content;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return fs.readFileSync(file, 'utf8');
    throw e;
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}
