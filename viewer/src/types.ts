// The query API's response shapes, from the one source (shared/results/views.ts, zod): type-only
// imports, so nothing of zod reaches the bundle.
import type { EntityType, ErrorInfo, Quote } from '../../shared/domain/schema.js';
import type {
  ArticleListItem,
  ArticleView,
  IdentityRef,
  MentionStatementView,
  QuoteView,
  StatementView,
} from '../../shared/results/views.js';

export type {
  ArticleListItem,
  ArticleView,
  EntityType,
  ErrorInfo,
  IdentityRef,
  MentionStatementView,
  Quote,
  QuoteView,
  StatementView,
};

/** A page of a listing (`cursor` is null on the last page). */
export interface Page<T> {
  items: T[];
  cursor: string | null;
}

/** A page of a listing by name, with the identities the name matched. */
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
