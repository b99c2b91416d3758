// A cursor-paged list (organisations, personnel) read again after a live change: from its
// start as far as it was shown, so the rows someone scrolled to stay on screen instead of the
// list dropping back to its first page.

/** One page of such a list, as the core answers it (the total with the first page only). */
export interface CursorPage<T> {
  rows: T[];
  nextCursor: string | null;
  total: number;
}

/** At most this many pages are asked again; further down, the list continues from there. */
export const MAX_REFRESH_PAGES = 10;

export async function reloadAsFar<T>(
  fetchPage: (after: string | null) => Promise<CursorPage<T>>,
  shown: number,
  maxPages = MAX_REFRESH_PAGES,
): Promise<{ rows: T[]; total: number; cursor: string | null }> {
  const first = await fetchPage(null);
  let rows = first.rows;
  let cursor = first.nextCursor;
  for (let asked = 1; asked < maxPages && cursor !== null && rows.length < shown; asked++) {
    const page = await fetchPage(cursor);
    rows = [...rows, ...page.rows];
    cursor = page.nextCursor;
  }
  return { rows, total: first.total, cursor };
}
