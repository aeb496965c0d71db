// `query --format table`: each query's entries as a plain-text table for people (JSON Lines stays the
// format for programs). One set of columns per query.
import type {
  AmbiguousLinkView,
  ArticleListItem,
  ArticleView,
  IdentityView,
  MentionStatementView,
  QuoteView,
  SpeakerView,
  StatementView,
} from '../../shared/results/views.js';
import type { Column } from '../output/table.js';

const day = (iso: string | null | undefined) => (iso ? iso.slice(0, 10) : '');
const quoted = (q: { type: string; text: string }) => (q.type === 'direct' ? `“${q.text}”` : q.text);

const quoteColumns: Column<QuoteView>[] = [
  { header: 'DATE', value: (q) => day(q.date) },
  { header: 'SPEAKER', value: (q) => q.speaker.name, maxWidth: 28 },
  { header: 'QUOTE', value: quoted, wrap: true },
  { header: 'ARTICLE', value: (q) => q.articleTitle ?? q.articleId, maxWidth: 30 },
];

const mentionColumns: Column<MentionStatementView>[] = [
  { header: 'DATE', value: (s) => day(s.date) },
  { header: 'ENTITIES', value: (s) => s.entities.map((e) => e.name).join('\n'), maxWidth: 28 },
  { header: 'STATEMENT', value: (s) => s.text, wrap: true },
  { header: 'ARTICLE', value: (s) => s.articleTitle ?? s.articleId, maxWidth: 30 },
];

const statementColumns: Column<StatementView>[] = [
  { header: '#', value: (s) => s.index, align: 'right' },
  { header: 'STATEMENT', value: (s) => s.text, wrap: true },
  { header: 'QUOTES', value: (s) => s.quotes.length || '', align: 'right' },
  { header: 'ENTITIES', value: (s) => s.entities.map((e) => e.name).join(', '), maxWidth: 30 },
];

const articleListColumns: Column<ArticleListItem>[] = [
  { header: 'DATE', value: (a) => day(a.date) },
  { header: 'STATUS', value: (a) => a.status },
  { header: 'ARTICLE', value: (a) => a.articleId ?? `s3://${a.source?.bucket}/${a.source?.key}` },
  {
    header: 'TITLE / ERROR',
    value: (a) => (a.error ? `${a.error.code}: ${a.error.message}` : (a.title ?? '')),
    wrap: true,
  },
  { header: 'QUOTES', value: (a) => a.counts?.quotes ?? '', align: 'right' },
];

const speakerColumns: Column<SpeakerView>[] = [
  { header: 'SPEAKER', value: (s) => s.name, wrap: true },
  { header: 'QUOTES', value: (s) => s.quotes, align: 'right' },
  { header: 'ARTICLES', value: (s) => s.articles, align: 'right' },
  { header: 'LAST QUOTED', value: (s) => day(s.lastQuotedAt) },
  { header: 'IDENTITY', value: (s) => s.identityId },
];

const identityColumns: Column<IdentityView>[] = [
  { header: 'IDENTITY', value: (i) => i.identityId },
  { header: 'TYPE', value: (i) => i.type },
  { header: 'NAMES', value: (i) => i.names.join(', '), wrap: true },
  { header: 'ARTICLES', value: (i) => i.articles, align: 'right' },
  { header: 'QUOTES', value: (i) => i.quotes, align: 'right' },
  { header: 'LAST SEEN', value: (i) => day(i.lastSeen) },
];

const ambiguousColumns: Column<AmbiguousLinkView>[] = [
  { header: 'DATE', value: (a) => day(a.date) },
  { header: 'NAME', value: (a) => a.name },
  { header: 'CANDIDATES', value: (a) => a.candidates.join(', '), wrap: true },
  { header: 'ARTICLE', value: (a) => a.articleId },
];

const articleColumns: Column<{ article: ArticleView }>[] = [
  { header: 'ARTICLE', value: (r) => r.article.articleId },
  { header: 'STATUS', value: (r) => r.article.status },
  { header: 'DATE', value: (r) => day(r.article.date) },
  {
    header: 'TITLE / ERROR',
    value: (r) =>
      r.article.error ? `${r.article.error.code}: ${r.article.error.message}` : (r.article.title ?? ''),
    wrap: true,
  },
  {
    header: 'STATEMENTS/QUOTES/ENTITIES',
    value: ({ article: { counts: c } }) => `${c.statements}/${c.quotes}/${c.entities}`,
  },
];

/** The table columns of each query's entries. */
export const QUERY_COLUMNS = {
  'quotes-by': quoteColumns,
  'statements-about': mentionColumns,
  statements: statementColumns,
  failed: articleListColumns,
  articles: articleListColumns,
  speakers: speakerColumns,
  identity: identityColumns,
  ambiguous: ambiguousColumns,
  article: articleColumns,
} as const;
