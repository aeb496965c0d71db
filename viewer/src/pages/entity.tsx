// Entity: the statements that mention it across articles, newest first.
import { formatDate, plural } from '../format.js';
import { href } from '../router.js';
import { useServices } from '../services.js';
import type { MentionStatementView } from '../types.js';
import { usePaged } from './paged.js';
import { Matched } from './speaker.js';

export function EntityPage({ name }: { name: string }) {
  const { api } = useServices();
  const { items, matched, error, loading, more } = usePaged<MentionStatementView>(
    name,
    api ? (cursor) => api.entityStatements(name, cursor) : null,
  );
  const identity = matched[0];
  return (
    <section class="listing entity-page">
      <p class="crumbs">
        <a href={href.articles()}>Articles</a>
      </p>
      <h1 tabIndex={-1}>
        {identity?.name ?? name}
        {identity && (
          <span class="type-tag">
            <span class={`ent ent-${identity.type}`}>{identity.type.toLowerCase()}</span>
          </span>
        )}
      </h1>
      <Matched matched={matched} />
      {error && <p class="notice error">Could not load the statements: {error}</p>}
      <p class="meta" role="status">
        {loading ? 'Loading…' : `${plural(items.length, 'statement')}${more ? ' so far' : ''}, newest first`}
      </p>
      <ol class="statement-list">
        {items.map((s) => (
          <li key={s.id} class="statement-item">
            <p>{s.text}</p>
            <p class="meta">
              <a href={href.article(s.articleId, s.index)}>{s.articleTitle ?? s.articleId}</a> ·{' '}
              <time dateTime={s.date}>{formatDate(s.date)}</time>
              {s.entities.length > 1 &&
                ` · also: ${s.entities
                  .slice(1)
                  .map((e) => e.name)
                  .join(', ')}`}
            </p>
          </li>
        ))}
      </ol>
      {more && (
        <button type="button" onClick={more}>
          More statements
        </button>
      )}
    </section>
  );
}
