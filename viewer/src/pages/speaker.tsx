// Speaker: every quote by one identity across articles, newest first, each linking back to its place
// in the article.
import { useEffect, useState } from 'preact/hooks';
import { formatDate, percent, plural } from '../format.js';
import { href } from '../router.js';
import { useServices } from '../services.js';
import type { NamedPage, QuoteView } from '../types.js';
import { usePaged } from './paged.js';

export function SpeakerPage({ name }: { name: string }) {
  const { api } = useServices();
  const { items, matched, error, loading, more } = usePaged<QuoteView>(
    name,
    api ? (cursor) => api.speakerQuotes(name, cursor) : null,
  );
  const [title, setTitle] = useState(name);
  useEffect(() => setTitle(matched[0]?.name ?? name), [matched, name]);
  return (
    <section class="listing speaker-page">
      <p class="crumbs">
        <a href={href.articles()}>Articles</a>
      </p>
      <h1 tabIndex={-1}>{title}</h1>
      <Matched matched={matched} />
      {error && <p class="notice error">Could not load the quotes: {error}</p>}
      <p class="meta" role="status">
        {loading ? 'Loading…' : `${plural(items.length, 'quote')}${more ? ' so far' : ''}, newest first`}
      </p>
      <ol class="quote-list">
        {items.map((q) => (
          <li key={q.id} class="quote-item" data-quote-id={q.id}>
            <blockquote>{q.text}</blockquote>
            <p class="meta">
              {q.type}
              {q.cue ? ` · “${q.cue}”` : ''} · {q.speaker.mention ? `“${q.speaker.mention}” → ` : ''}
              {q.speaker.name} ({q.speaker.resolution})
              {q.confidence !== undefined && ` · confidence ${percent(q.confidence)}`}
            </p>
            <p class="meta">
              <a href={href.article(q.articleId, q.statementIndex)}>{q.articleTitle ?? q.articleId}</a> ·{' '}
              <time dateTime={q.date}>{formatDate(q.date)}</time>
            </p>
          </li>
        ))}
      </ol>
      {more && (
        <button type="button" onClick={more}>
          More quotes
        </button>
      )}
    </section>
  );
}

export function Matched({ matched }: { matched: NamedPage<unknown>['matched'] }) {
  if (matched.length < 2) return null;
  return (
    <p class="notice">
      The name matched {matched.length} identities:{' '}
      {matched.map((m) => `${m.name} (${m.type.toLowerCase()})`).join(', ')}.
    </p>
  );
}
