// Articles: every processed and failed article, newest first, kept up to date by the bus's events;
// the drop zone above it uploads files into the incoming prefix.
import { useEffect, useState } from 'preact/hooks';
import { DropZone } from '../drop-zone.js';
import { formatDate } from '../format.js';
import { mergeRows, rowFromEvent, rowKey, type Row } from '../article-rows.js';
import type { StreamState } from '../live.js';
import { href } from '../router.js';
import { useServices } from '../services.js';

function useArticleRows(): { rows: Row[]; error: string | null; loading: boolean } {
  const { api, live } = useServices();
  const [rows, setRows] = useState<Row[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(api !== null);
  useEffect(() => {
    // Events that arrive while the listing loads are merged after it, so nothing is lost.
    const unsubscribe = live.subscribe((event) =>
      setRows((current) => mergeRows(current, [rowFromEvent(event)])),
    );
    if (api) {
      Promise.all([api.articles('PROCESSED'), api.articles('FAILED')])
        .then(([processed, failed]) =>
          setRows((current) => mergeRows([...processed.items, ...failed.items], current)),
        )
        .catch((err: unknown) => setError(err instanceof Error ? err.message : String(err)))
        .finally(() => setLoading(false));
    }
    return unsubscribe;
  }, [api, live]);
  return { rows, error, loading };
}

function useStreamState(): StreamState {
  const { live } = useServices();
  const [state, setState] = useState(live.state);
  useEffect(() => live.onState(setState), [live]);
  return state;
}

const STREAM_LABELS: Record<StreamState, string> = {
  connecting: 'connecting to the event stream…',
  live: 'live: new articles appear here',
  offline: 'event stream offline',
  none: 'no event stream (reload to see new articles)',
};

export function ArticlesPage() {
  const { api, config } = useServices();
  const { rows, error, loading } = useArticleRows();
  const stream = useStreamState();
  return (
    <section class="articles-page">
      <div class="page-head">
        <h1 tabIndex={-1}>Articles</h1>
        <p class={`stream stream-${stream}`} role="status">
          <span class="dot" aria-hidden="true" /> {STREAM_LABELS[stream]}
        </p>
      </div>
      {config.upload && <DropZone endpoint={config.upload} />}
      {!api && (
        <p class="notice">
          No query API is configured: only articles announced while this page is open are listed.
        </p>
      )}
      {error && <p class="notice error">Could not list the articles: {error}</p>}
      <table class="articles">
        <caption class="visually-hidden">Articles, newest first</caption>
        <colgroup>
          <col class="c-status" />
          <col class="c-title" />
          <col class="c-date" />
          <col class="c-count" />
          <col class="c-count" />
          <col class="c-count" />
        </colgroup>
        <thead>
          <tr>
            <th scope="col">Status</th>
            <th scope="col">Title</th>
            <th scope="col">Date</th>
            <th scope="col" class="num">
              Statements
            </th>
            <th scope="col" class="num">
              Quotes
            </th>
            <th scope="col" class="num">
              Entities
            </th>
          </tr>
        </thead>
        <tbody aria-live="polite" aria-relevant="additions">
          {rows.map((row) => (
            <ArticleRow key={rowKey(row)} row={row} />
          ))}
          {!rows.length && (
            <tr class="empty">
              <td colSpan={6}>
                {loading ? 'Loading…' : 'No articles yet: drop a file above, or upload one with the CLI.'}
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </section>
  );
}

function ArticleRow({ row }: { row: Row }) {
  const title = row.title ?? row.source?.key.split('/').pop() ?? row.articleId ?? 'untitled';
  return (
    <tr
      class={row.live ? 'live' : undefined}
      data-article-id={row.articleId ?? undefined}
      data-status={row.status}
    >
      <td>
        <span class={`status status-${row.status.toLowerCase()}`}>{row.status.toLowerCase()}</span>
      </td>
      <td class="title">
        {row.articleId && row.status !== 'FAILED' ? (
          <a href={href.article(row.articleId)}>{title}</a>
        ) : (
          <span>{title}</span>
        )}
        {row.error && (
          <span class="row-error">
            {row.error.code}: {row.error.message}
          </span>
        )}
      </td>
      <td>
        <time dateTime={row.date}>{formatDate(row.date)}</time>
      </td>
      <td class="num">{row.counts?.statements ?? '—'}</td>
      <td class="num">{row.counts?.quotes ?? '—'}</td>
      <td class="num">{row.counts?.entities ?? '—'}</td>
    </tr>
  );
}
