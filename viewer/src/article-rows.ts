// The articles list's rows: the listing from the query API merged with what the bus announces while
// the page is open. Pure: no DOM.
import type { ArticleEvent, ArticleListItem } from './types.js';

/** One row: a listed article, or one the bus has just announced. */
export interface Row extends ArticleListItem {
  /** Arrived through the event stream while the page was open. */
  live?: boolean;
}

export const rowKey = (row: Pick<Row, 'articleId' | 'source'>) =>
  row.articleId ?? `source:${row.source?.bucket}/${row.source?.key}`;

export function rowFromEvent(event: ArticleEvent): Row {
  const d = event.detail;
  const processed = event.type === 'Article Processed';
  const at = (processed ? d.processedAt : d.failedAt) ?? event.time;
  return {
    kind: d.articleId ? 'article' : 'source',
    articleId: d.articleId,
    status: processed ? 'PROCESSED' : 'FAILED',
    title: d.title ?? null,
    date: d.publishedAt ?? at,
    counts: d.counts ?? null,
    // The events do not say which pipeline version produced the results.
    version: null,
    error: d.error ?? null,
    source: d.source,
    updatedAt: at,
    live: true,
  };
}

/** Rows by key, newest first; a later row for the same article replaces the earlier one. */
export function mergeRows(rows: Row[], incoming: Row[]): Row[] {
  const byKey = new Map(rows.map((r) => [rowKey(r), r]));
  for (const row of incoming) {
    const known = byKey.get(rowKey(row));
    // A failed retry does not hide an article that was processed (and the listing keeps the first title).
    if (known?.status === 'PROCESSED' && row.status === 'FAILED') continue;
    byKey.set(rowKey(row), { ...row, title: row.title ?? known?.title ?? null });
  }
  return [...byKey.values()].sort(
    (a, b) => b.date.localeCompare(a.date) || rowKey(a).localeCompare(rowKey(b)),
  );
}
