/**
 * Builds the page with Vite into `outDir` (what `tkauth dev` serves). The page learns where the
 * backend and API are from /config.json, so one build serves any ports.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

export const WEB_ROOT = path.dirname(fileURLToPath(import.meta.url));

export async function buildWeb(outDir: string): Promise<void> {
  await build({ root: WEB_ROOT, logLevel: 'warn', build: { outDir, emptyOutDir: true, target: 'es2022', reportCompressedSize: false } });
}
