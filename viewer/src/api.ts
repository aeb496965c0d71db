// The query API's routes (issue 11), read with fetch. Pages follow the opaque cursors.
import type {
  ArticleListItem,
  ArticleView,
  MentionStatementView,
  NamedPage,
  Page,
  QuoteView,
  StatementView,
} from './types.js';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export class QueryApi {
  constructor(readonly base: string) {}

  article(articleId: string): Promise<ArticleView> {
    return this.get(`/articles/${encodeURIComponent(articleId)}`);
  }

  /** Every statement of the article, in order (all pages). */
  async statements(articleId: string): Promise<StatementView[]> {
    return this.all<StatementView>(`/articles/${encodeURIComponent(articleId)}/statements`);
  }

  articles(status: ArticleListItem['status'], limit = 100): Promise<Page<ArticleListItem>> {
    return this.get(`/articles?${new URLSearchParams({ status, limit: String(limit) })}`);
  }

  speakerQuotes(name: string, cursor?: string): Promise<NamedPage<QuoteView>> {
    return this.get(`/speakers/${encodeURIComponent(name)}/quotes${query({ cursor })}`);
  }

  entityStatements(name: string, cursor?: string): Promise<NamedPage<MentionStatementView>> {
    return this.get(`/entities/${encodeURIComponent(name)}/statements${query({ cursor })}`);
  }

  private async all<T>(path: string): Promise<T[]> {
    const items: T[] = [];
    let cursor: string | undefined;
    do {
      const sep = path.includes('?') ? '&' : '?';
      const page = await this.get<Page<T>>(
        cursor ? `${path}${sep}cursor=${encodeURIComponent(cursor)}` : path,
      );
      items.push(...page.items);
      cursor = page.cursor ?? undefined;
    } while (cursor);
    return items;
  }

  private async get<T>(path: string): Promise<T> {
    const response = await fetch(`${this.base}${path}`, { headers: { accept: 'application/json' } });
    if (!response.ok) {
      const body = (await response.json().catch(() => null)) as { message?: string; error?: string } | null;
      throw new ApiError(
        response.status,
        body?.message ?? body?.error ?? `${response.status} ${response.statusText}`,
      );
    }
    return response.json() as Promise<T>;
  }
}

function query(params: Record<string, string | undefined>): string {
  const defined = Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined);
  return defined.length ? `?${new URLSearchParams(defined)}` : '';
}
