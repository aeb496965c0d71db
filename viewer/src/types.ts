// The query API's response shapes the viewer reads. Domain parts come from the one domain schema
// (type-only imports: nothing of zod reaches the bundle).
// TODO(store): import these from shared/results/views.ts once the query API lands on main.
import type {
  EntityType,
  ErrorInfo,
  Quote,
  QuoteType,
  SpeakerResolution,
  Statement,
  TextSpan,
} from '../../shared/domain/schema.js';

export type { EntityType, ErrorInfo, Quote };

export interface ArticleCounts {
  statements: number;
  quotes: number;
  entities: number;
}

export interface ArticleView {
  articleId: string;
  status: 'PROCESSING' | 'PROCESSED' | 'FAILED' | 'DELETED';
  title: string | null;
  publishedAt: string | null;
  date: string;
  source: { bucket: string; key: string };
  counts: ArticleCounts;
  error: ErrorInfo | null;
  processedAt: string | null;
}

export interface StatementView extends Statement {
  articleId: string;
  quotes: Quote[];
  entities: Array<{ entityId: string; name: string; type: EntityType; mentions: TextSpan[] }>;
}

export interface ArticleListItem {
  kind: 'article' | 'source';
  articleId: string | null;
  status: 'PROCESSED' | 'FAILED' | 'DELETED';
  title: string | null;
  date: string;
  counts: ArticleCounts | null;
  error: ErrorInfo | null;
  source: { bucket: string; key: string } | null;
  updatedAt: string | null;
}

export interface IdentityRef {
  identityId: string;
  name: string;
  type: EntityType;
}

export interface QuoteView {
  id: string;
  articleId: string;
  articleTitle: string | null;
  date: string;
  type: QuoteType;
  text: string;
  cue: string | null;
  statementIndex: number;
  speaker: {
    identityId: string;
    name: string;
    mention: string | null;
    resolution: SpeakerResolution;
    confidence?: number;
  };
  confidence?: number;
}

export interface MentionStatementView {
  id: string;
  articleId: string;
  articleTitle: string | null;
  date: string;
  index: number;
  text: string;
  entities: IdentityRef[];
}

export interface Page<T> {
  items: T[];
  cursor: string | null;
}

export interface NamedPage<T> extends Page<T> {
  matched: IdentityRef[];
}

/** An article event of the bus, as the page receives it from the server-sent events stream. */
export interface ArticleEvent {
  type: 'Article Processed' | 'Article Failed';
  id: string;
  time: string;
  detail: {
    articleId: string | null;
    title?: string | null;
    publishedAt?: string | null;
    counts?: { statements: number; quotes: number; entities: number };
    error?: { code: string; message: string };
    source: { bucket: string; key: string };
    processedAt?: string;
    failedAt?: string;
  };
}
