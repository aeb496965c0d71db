// A listing read page by page from the query API (opaque cursors), with a "more" action.
import { useCallback, useEffect, useState } from 'preact/hooks';
import type { IdentityRef, NamedPage } from '../types.js';

export interface Paged<T> {
  items: T[];
  matched: IdentityRef[];
  error: string | null;
  loading: boolean;
  /** Loads the next page; null on the last page. */
  more: (() => void) | null;
}

export function usePaged<T>(
  key: string,
  fetchPage: ((cursor?: string) => Promise<NamedPage<T>>) | null,
): Paged<T> {
  const [state, setState] = useState<Omit<Paged<T>, 'more'> & { cursor: string | null }>({
    items: [],
    matched: [],
    error: fetchPage ? null : 'No query API is configured.',
    loading: fetchPage !== null,
    cursor: null,
  });
  const load = useCallback(
    (cursor?: string) => {
      if (!fetchPage) return;
      setState((s) => ({ ...s, loading: true }));
      fetchPage(cursor)
        .then((page) =>
          setState((s) => ({
            items: cursor ? [...s.items, ...page.items] : page.items,
            matched: page.matched,
            error: null,
            loading: false,
            cursor: page.cursor,
          })),
        )
        .catch((err: unknown) =>
          setState((s) => ({
            ...s,
            loading: false,
            error: err instanceof Error ? err.message : String(err),
          })),
        );
    },
    // One listing per key (the fetch function is made anew on every render).
    [key],
  );
  useEffect(() => load(), [load]);
  const { cursor, ...rest } = state;
  return { ...rest, more: cursor ? () => load(cursor) : null };
}
