// Article: the text with each quote highlighted in its speaker's colour and entity mentions underlined
// by type; a panel with the selected quote's details, the speakers with their quotes and the entities
// with their mentions; a confidence threshold that hides the quotes below it.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { formatDate, percent, plural, SPEAKER_COLOURS, UNRESOLVED_COLOUR } from '../format.js';
import { href } from '../router.js';
import { useServices } from '../services.js';
import { layoutArticle, quoteConfidence, quotesOf, speakerKey, type Block } from '../text-layout.js';
import type { ArticleView, EntityType, Quote, StatementView } from '../types.js';

/** Quotes under this confidence are drawn as uncertain (dashed, paler), whatever the threshold. */
export const LOW_CONFIDENCE = 0.5;

const ENTITY_LABELS: Record<EntityType, string> = {
  PERSON: 'People',
  ORGANIZATION: 'Organisations',
  LOCATION: 'Places',
  NATIONALITY: 'Nationalities',
  DATE: 'Dates',
  MISC: 'Other',
};

interface SpeakerGroup {
  key: string;
  name: string;
  colour: string;
  quotes: Quote[];
}

interface Loaded {
  article: ArticleView;
  statements: StatementView[];
}

function useArticle(articleId: string): { loaded: Loaded | null; error: string | null } {
  const { api } = useServices();
  const [state, setState] = useState<{ loaded: Loaded | null; error: string | null }>({
    loaded: null,
    error: null,
  });
  useEffect(() => {
    setState({ loaded: null, error: null });
    if (!api) return setState({ loaded: null, error: 'No query API is configured.' });
    let current = true;
    Promise.all([api.article(articleId), api.statements(articleId)])
      .then(([article, statements]) => current && setState({ loaded: { article, statements }, error: null }))
      .catch(
        (err: unknown) =>
          current && setState({ loaded: null, error: err instanceof Error ? err.message : String(err) }),
      );
    return () => {
      current = false;
    };
  }, [api, articleId]);
  return state;
}

export function ArticlePage({ articleId, statement }: { articleId: string; statement: number | null }) {
  const { loaded, error } = useArticle(articleId);
  if (error)
    return (
      <section>
        <h1 tabIndex={-1}>Article</h1>
        <p class="notice error">
          Could not load article {articleId}: {error}
        </p>
      </section>
    );
  if (!loaded)
    return (
      <section aria-busy="true">
        <h1 tabIndex={-1}>Article</h1>
        <p class="loading">Loading…</p>
      </section>
    );
  return <ArticleBody {...loaded} focusStatement={statement} />;
}

function ArticleBody({ article, statements, focusStatement }: Loaded & { focusStatement: number | null }) {
  const blocks = useMemo(() => layoutArticle(statements), [statements]);
  const quotes = useMemo(() => quotesOf(statements), [statements]);
  const speakers = useMemo(() => speakerGroups(quotes), [quotes]);
  const colourOf = useMemo(() => new Map(speakers.map((s) => [s.key, s.colour])), [speakers]);
  const [threshold, setThreshold] = useState(0);
  const [selected, setSelected] = useState<string | null>(null);
  const [hovered, setHovered] = useState<string | null>(null);
  const shown = (q: Quote) => (quoteConfidence(q) ?? 1) >= threshold;
  const shownCount = quotes.filter(shown).length;
  const inspected = quotes.find((q) => q.id === (hovered ?? selected)) ?? null;

  useEffect(() => {
    if (focusStatement === null) return;
    const target = document.querySelector<HTMLElement>(`[data-statement="${focusStatement}"]`);
    target?.scrollIntoView({ block: 'center' });
    target?.classList.add('flash');
  }, [focusStatement, blocks]);

  const tabStops = new Set<string>();
  const select = (quote: Quote) => {
    setSelected(quote.id);
    const mark = document.querySelector<HTMLElement>(`mark[data-quote="${CSS.escape(quote.id)}"]`);
    mark?.scrollIntoView({ block: 'center', behavior: 'smooth' });
    mark?.focus({ preventScroll: true });
  };

  return (
    <div class="article-page">
      <article class="article">
        <header>
          <p class="crumbs">
            <a href={href.articles()}>Articles</a>
          </p>
          <h1 tabIndex={-1}>{article.title ?? article.source.key.split('/').pop()}</h1>
          <p class="meta">
            <time dateTime={article.date}>{formatDate(article.date)}</time> ·{' '}
            {plural(article.counts.statements, 'statement')} · {plural(article.counts.quotes, 'quote')} ·{' '}
            {plural(article.counts.entities, 'entity', 'entities')} · <code>{article.articleId}</code>
          </p>
          {article.status !== 'PROCESSED' && (
            <p class={`notice${article.error ? ' error' : ''}`}>
              {article.status.toLowerCase()}
              {article.error && `: ${article.error.code}: ${article.error.message}`}
            </p>
          )}
        </header>
        <div class="text" onMouseLeave={() => setHovered(null)}>
          {/* Only a quote's first run is a tab stop: one stop per quote. */}
          {(tabStops.clear(), null)}
          {paragraphs(blocks).map((paragraph) => (
            <p key={paragraph[0]!.statementIndex} class={`para kind-${paragraph[0]!.kind}`}>
              {paragraph.map((block, i) => (
                <span key={block.statementIndex} class="statement" data-statement={block.statementIndex}>
                  {i > 0 && ' '}
                  {block.runs.map((run) => {
                    const inner = run.entity ? (
                      <span
                        key={run.start}
                        class={`ent ent-${run.entity.type}`}
                        data-entity={run.entity.name}
                        title={`${run.entity.name} (${run.entity.type.toLowerCase()})`}
                      >
                        {run.text}
                      </span>
                    ) : (
                      run.text
                    );
                    const quote = run.quote;
                    if (!quote) return inner;
                    const visible = shown(quote);
                    const confidence = quoteConfidence(quote);
                    return (
                      <mark
                        key={run.start}
                        class={[
                          'q',
                          visible ? '' : 'hidden',
                          confidence !== null && confidence < LOW_CONFIDENCE ? 'low' : '',
                          quote.id === selected ? 'selected' : '',
                          quote.id === hovered ? 'hovered' : '',
                        ]
                          .filter(Boolean)
                          .join(' ')}
                        style={
                          visible
                            ? { '--speaker': colourOf.get(speakerKey(quote)) ?? UNRESOLVED_COLOUR }
                            : undefined
                        }
                        data-quote={quote.id}
                        data-speaker={quote.speaker.name ?? ''}
                        data-confidence={confidence ?? ''}
                        tabIndex={visible && !tabStops.has(quote.id) && tabStops.add(quote.id) ? 0 : -1}
                        aria-label={
                          visible
                            ? `${quote.type} quote by ${quote.speaker.name ?? 'an unresolved speaker'}`
                            : undefined
                        }
                        onMouseEnter={() => visible && setHovered(quote.id)}
                        onFocus={() => visible && setSelected(quote.id)}
                        onClick={() => visible && setSelected(quote.id)}
                      >
                        {inner}
                      </mark>
                    );
                  })}
                </span>
              ))}
            </p>
          ))}
        </div>
      </article>
      <aside class="panel" aria-label="Quotes, speakers and entities">
        <section class="filter">
          <label for="threshold">
            Minimum confidence: <strong>{percent(threshold)}</strong>
          </label>
          <input
            id="threshold"
            type="range"
            min={0}
            max={1}
            step={0.05}
            value={threshold}
            onInput={(e) => setThreshold(Number(e.currentTarget.value))}
          />
          <p class="shown" role="status" data-testid="quotes-shown">
            {shownCount} of {plural(quotes.length, 'quote')} shown
          </p>
        </section>
        <QuoteDetails
          quote={inspected}
          colour={inspected ? colourOf.get(speakerKey(inspected)) : undefined}
        />
        <section>
          <h2>Speakers</h2>
          <ul class="speakers">
            {speakers.map((speaker) => (
              <li key={speaker.key} data-speaker-key={speaker.key}>
                <span class="swatch" style={{ background: speaker.colour }} aria-hidden="true" />
                {speaker.key === 'unresolved' ? (
                  <span>{speaker.name}</span>
                ) : (
                  <a class="speaker-link" href={href.speaker(speaker.name)}>
                    {speaker.name}
                  </a>
                )}{' '}
                <span class="count">{plural(speaker.quotes.length, 'quote')}</span>
                <ol class="speaker-quotes">
                  {speaker.quotes.filter(shown).map((q) => (
                    <li key={q.id}>
                      <button type="button" class="quote-button" onClick={() => select(q)}>
                        {truncate(q.text, 90)}
                      </button>
                    </li>
                  ))}
                </ol>
              </li>
            ))}
            {!speakers.length && <li>No quotes.</li>}
          </ul>
        </section>
        <EntityList statements={statements} />
      </aside>
    </div>
  );
}

function QuoteDetails({ quote, colour }: { quote: Quote | null; colour: string | undefined }) {
  return (
    <section class="details" aria-live="polite" data-testid="quote-details">
      <h2>Quote</h2>
      {!quote ? (
        <p class="hint">Point at a quote, or tab to it, to see who said it and how sure the pipeline is.</p>
      ) : (
        <dl>
          <dt>Type</dt>
          <dd>{quote.type}</dd>
          <dt>Cue</dt>
          <dd>{quote.cue?.text ?? '—'}</dd>
          <dt>Speaker</dt>
          <dd>
            <span class="swatch" style={{ background: colour ?? UNRESOLVED_COLOUR }} aria-hidden="true" />
            {quote.speaker.mention ? `“${quote.speaker.mention}” → ` : ''}
            {quote.speaker.name ? (
              <a href={href.speaker(quote.speaker.name)}>{quote.speaker.name}</a>
            ) : (
              'unresolved'
            )}
          </dd>
          <dt>Resolved by</dt>
          <dd>{quote.speaker.resolution}</dd>
          <dt>Confidence</dt>
          <dd>
            quote {percent(quote.confidence)}, speaker {percent(quote.speaker.confidence)}
          </dd>
          {quote.via && (
            <>
              <dt>Found by</dt>
              <dd class="via">{quote.via.join(', ')}</dd>
            </>
          )}
        </dl>
      )}
    </section>
  );
}

function EntityList({ statements }: { statements: StatementView[] }) {
  const byType = useMemo(() => {
    const entities = new Map<string, { name: string; type: EntityType; mentions: number; first: number }>();
    for (const s of statements)
      for (const e of s.entities) {
        const known = entities.get(e.entityId) ?? { name: e.name, type: e.type, mentions: 0, first: s.index };
        known.mentions += e.mentions.length;
        entities.set(e.entityId, known);
      }
    const groups = new Map<
      EntityType,
      Array<{ id: string; name: string; mentions: number; first: number }>
    >();
    for (const [id, e] of entities) groups.set(e.type, [...(groups.get(e.type) ?? []), { id, ...e }]);
    return [...groups].sort(([a], [b]) => a.localeCompare(b));
  }, [statements]);
  return (
    <section>
      <h2>Entities</h2>
      {byType.map(([type, list]) => (
        <div key={type} class="entity-group">
          <h3>
            <span class={`ent ent-${type}`}>{ENTITY_LABELS[type]}</span>
          </h3>
          <ul>
            {list.map((e) => (
              <li key={e.id}>
                {/* Dates are not indexed across articles: no page to go to. */}
                {type === 'DATE' ? <span>{e.name}</span> : <a href={href.entity(e.name)}>{e.name}</a>}{' '}
                <span class="count">{plural(e.mentions, 'mention')}</span>
              </li>
            ))}
          </ul>
        </div>
      ))}
      {!byType.length && <p>No entities.</p>}
    </section>
  );
}

function speakerGroups(quotes: Quote[]): SpeakerGroup[] {
  const groups = new Map<string, SpeakerGroup>();
  for (const quote of quotes) {
    const key = speakerKey(quote);
    const group = groups.get(key) ?? {
      key,
      name: quote.speaker.name ?? 'Unresolved speaker',
      colour:
        key === 'unresolved' ? UNRESOLVED_COLOUR : SPEAKER_COLOURS[groups.size % SPEAKER_COLOURS.length]!,
      quotes: [],
    };
    group.quotes.push(quote);
    groups.set(key, group);
  }
  return [...groups.values()];
}

/** Consecutive statements of one paragraph. */
function paragraphs(blocks: Block[]): Block[][] {
  const out: Block[][] = [];
  for (const block of blocks) {
    if (block.paragraph || !out.length) out.push([block]);
    else out[out.length - 1]!.push(block);
  }
  return out;
}

const truncate = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
