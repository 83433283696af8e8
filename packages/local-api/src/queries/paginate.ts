/**
 * Cursor pagination over a `seq` column (turnkey-wire.md §5): `limit` a string 1–100, default 10;
 * `after` / `before` are object ids. Core pages while a page is full, so `after` must be exact.
 */
import { ApiError } from '@tkauth/wire';

export interface Page {
  limit: number;
  afterSeq?: number;
  beforeSeq?: number;
}

export const DEFAULT_LIMIT = 10;
export const MAX_LIMIT = 100;

export async function resolvePage(
  opts: { limit?: string; after?: string; before?: string } | undefined,
  seqOf: (id: string) => Promise<number | undefined>,
): Promise<Page> {
  const limit = opts?.limit === undefined ? DEFAULT_LIMIT : Number(opts.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw new ApiError('ERR_REQUEST_INVALID', `paginationOptions/limit: must be between 1 and ${MAX_LIMIT}`);
  }
  const page: Page = { limit };
  for (const dir of ['after', 'before'] as const) {
    const id = opts?.[dir];
    if (id === undefined || id === '') continue;
    const seq = await seqOf(id);
    if (seq === undefined) throw new ApiError('ERR_REQUEST_INVALID', `paginationOptions/${dir}: no object with id ${id}`);
    page[dir === 'after' ? 'afterSeq' : 'beforeSeq'] = seq;
  }
  return page;
}
