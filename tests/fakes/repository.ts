import type {
  ArticleRecord,
  ArticleRepository,
  ClaimRequest,
  ClaimResult,
  ErrorInfo,
  SourceRecord,
  SourceRef,
} from '../../shared/app/ports.js';
import type { Analysis } from '../../shared/nlp/pipeline.js';
import { Faults } from './faults.js';

export type RepositoryOp =
  | 'getArticle'
  | 'claimArticle'
  | 'saveAnalysis'
  | 'markEventsPublished'
  | 'completeArticle'
  | 'releaseArticle'
  | 'failArticle'
  | 'getSource'
  | 'putSource';

/** The article item as the DynamoDB adapter stores it (attributes it may lack are optional). */
interface ArticleItem {
  articleId: string;
  status?: ArticleRecord['status'];
  title?: string | null;
  language?: string | null;
  publishedAt?: string | null;
  contentHash?: string;
  format?: ArticleRecord['format'];
  sourceBucket?: string;
  sourceKey?: string;
  statementCount?: number;
  quoteCount?: number;
  entityCount?: number;
  publishedEventIds?: Set<string>;
  error?: ErrorInfo;
  createdAt?: string;
  updatedAt?: string;
  processedAt?: string;
  leaseOwner?: string;
  leaseUntil?: string;
}

/**
 * In-memory ArticleRepository with the DynamoDB adapter's semantics, item for item:
 * - claimArticle succeeds when the article is new, or not PROCESSED and its lease is absent, expired
 *   (leaseUntil < now, compared as ISO strings the way DynamoDB compares them) or held by the same
 *   owner; otherwise 'already-processed' or 'busy'. It clears a recorded error; createdAt is kept.
 * - completeArticle and markEventsPublished are unconditional; releaseArticle only releases the
 *   caller's own lease; failArticle never overwrites a PROCESSED article. All of them create the item
 *   if it is missing (DynamoDB's UpdateItem does).
 * - Reads return copies: mutating a returned record does not change what is stored.
 * faults.failNext(op) makes an operation throw before it changes anything (a throttled call).
 * tests/integration/repository-contract.test.ts runs the same assertions against both.
 */
export class InMemoryArticleRepository implements ArticleRepository {
  readonly faults = new Faults<RepositoryOp>();
  private readonly articles = new Map<string, ArticleItem>();
  private readonly sources = new Map<string, SourceRecord>();
  /** The last analysis saved for each article (items are rewritten whole, as deterministic keys make them). */
  readonly analyses = new Map<string, { analysis: Analysis; source: SourceRef; processedAt: string }>();

  async getArticle(articleId: string): Promise<ArticleRecord | null> {
    this.faults.enter('getArticle');
    const item = this.articles.get(articleId);
    return item ? toArticleRecord(item) : null;
  }

  async claimArticle(req: ClaimRequest): Promise<ClaimResult> {
    this.faults.enter('claimArticle');
    const { article, statements, quotes, entities } = req.analysis;
    const current = this.articles.get(article.id);
    const claimable =
      !current ||
      (current.status !== 'PROCESSED' &&
        (current.leaseUntil === undefined ||
          current.leaseUntil < req.now ||
          current.leaseOwner === req.owner));
    if (!claimable) return current.status === 'PROCESSED' ? 'already-processed' : 'busy';
    const { error: _error, ...kept } = current ?? { articleId: article.id };
    this.articles.set(article.id, {
      ...kept,
      articleId: article.id,
      status: 'PROCESSING',
      title: article.title,
      language: article.language,
      publishedAt: article.publishedAt,
      contentHash: article.contentHash,
      format: req.format,
      sourceBucket: req.source.bucket,
      sourceKey: req.source.key,
      statementCount: statements.length,
      quoteCount: quotes.length,
      entityCount: entities.length,
      createdAt: current?.createdAt ?? req.now,
      updatedAt: req.now,
      leaseOwner: req.owner,
      leaseUntil: req.leaseUntil,
    });
    return 'claimed';
  }

  async saveAnalysis(analysis: Analysis, source: SourceRef, processedAt: string): Promise<void> {
    this.faults.enter('saveAnalysis');
    this.analyses.set(analysis.article.id, structuredClone({ analysis, source, processedAt }));
  }

  async markEventsPublished(articleId: string, eventIds: string[]): Promise<void> {
    this.faults.enter('markEventsPublished');
    if (!eventIds.length) return;
    const item = this.upsert(articleId);
    item.publishedEventIds = new Set([...(item.publishedEventIds ?? []), ...eventIds]);
  }

  async completeArticle(articleId: string, processedAt: string): Promise<void> {
    this.faults.enter('completeArticle');
    const item = this.upsert(articleId);
    Object.assign(item, { status: 'PROCESSED', processedAt, updatedAt: processedAt });
    delete item.leaseOwner;
    delete item.leaseUntil;
    delete item.error;
  }

  async releaseArticle(articleId: string, owner: string): Promise<void> {
    this.faults.enter('releaseArticle');
    const item = this.articles.get(articleId);
    if (item?.leaseOwner !== owner) return; // someone else's lease (or none): left alone
    delete item.leaseOwner;
    delete item.leaseUntil;
  }

  async failArticle(articleId: string, error: ErrorInfo, now: string): Promise<void> {
    this.faults.enter('failArticle');
    if (this.articles.get(articleId)?.status === 'PROCESSED') return; // a processed article stays processed
    const item = this.upsert(articleId);
    Object.assign(item, {
      status: 'FAILED',
      error: { ...error },
      updatedAt: now,
      createdAt: item.createdAt ?? now,
    });
    delete item.leaseOwner;
    delete item.leaseUntil;
  }

  async getSource(bucket: string, key: string): Promise<SourceRecord | null> {
    this.faults.enter('getSource');
    const record = this.sources.get(sourceId(bucket, key));
    return record ? structuredClone(record) : null;
  }

  async putSource(record: SourceRecord): Promise<void> {
    this.faults.enter('putSource');
    this.sources.set(sourceId(record.bucket, record.key), structuredClone(record));
  }

  // ---- for assertions: what the table would hold --------------------------------------------

  /** Who holds the article's lease, and until when (null when nobody does). */
  lease(articleId: string): { owner: string; until: string } | null {
    const item = this.articles.get(articleId);
    return item?.leaseOwner && item.leaseUntil ? { owner: item.leaseOwner, until: item.leaseUntil } : null;
  }

  allSources(): SourceRecord[] {
    return [...this.sources.values()].map((r) => structuredClone(r));
  }

  private upsert(articleId: string): ArticleItem {
    let item = this.articles.get(articleId);
    if (!item) this.articles.set(articleId, (item = { articleId }));
    return item;
  }
}

/** Same defaults as the DynamoDB adapter's toArticleRecord for attributes an item lacks. */
function toArticleRecord(item: ArticleItem): ArticleRecord {
  return {
    articleId: item.articleId,
    status: item.status as ArticleRecord['status'],
    title: item.title ?? null,
    language: item.language ?? null,
    publishedAt: item.publishedAt ?? null,
    contentHash: item.contentHash ?? '',
    format: item.format ?? null,
    source: { bucket: item.sourceBucket ?? '', key: item.sourceKey ?? '' },
    counts: {
      statements: item.statementCount ?? 0,
      quotes: item.quoteCount ?? 0,
      entities: item.entityCount ?? 0,
    },
    publishedEventIds: [...(item.publishedEventIds ?? [])].sort(),
    error: item.error ? { ...item.error } : null,
    createdAt: item.createdAt as string,
    updatedAt: item.updatedAt as string,
    processedAt: item.processedAt ?? null,
  };
}

const sourceId = (bucket: string, key: string) => `${bucket}\u0000${key}`;
