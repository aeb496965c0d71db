import type {
  ArticleRecord,
  ArticleRepository,
  ArticleSpeaker,
  ClaimRequest,
  ClaimResult,
  CompleteRequest,
  ErrorInfo,
  PipelineVersion,
  RemovalReason,
  SavedAnalysis,
  SaveRequest,
  SourceRecord,
  SourceRef,
} from '../../shared/app/ports.js';
import { speakersOf } from '../../shared/adapters/dynamodb/mention-items.js';
import { sourceRefId } from '../../shared/adapters/dynamodb/dynamo-repository.js';
import { decideLink } from '../../shared/domain/identity.js';
import type { Analysis } from '../../shared/nlp/pipeline.js';
import type { Supersedes } from '../../events/schemas.js';
import type { ReconcileRepository, StuckArticle } from '../../shared/app/reconcile.js';
import { Faults } from './faults.js';

export type RepositoryOp =
  | 'getArticle'
  | 'claimArticle'
  | 'saveAnalysis'
  | 'publishedEventIds'
  | 'markEventsPublished'
  | 'completeArticle'
  | 'finishReplacement'
  | 'releaseArticle'
  | 'failArticle'
  | 'attachSource'
  | 'detachSource'
  | 'removeArticle'
  | 'getSource'
  | 'putSource';

/** The article head as the DynamoDB adapter stores it (attributes it may lack are optional). */
interface ArticleItem {
  articleId: string;
  status?: ArticleRecord['status'];
  title?: string | null;
  language?: string | null;
  publishedAt?: string | null;
  date?: string;
  contentHash?: string;
  format?: ArticleRecord['format'];
  source?: SourceRef;
  counts?: ArticleRecord['counts'];
  version?: string;
  pipelineVersion?: PipelineVersion;
  pendingVersion?: PipelineVersion;
  staleVersions?: Set<string>;
  sourceRefs?: Set<string>;
  speakers?: ArticleSpeaker[];
  error?: ErrorInfo;
  createdAt?: string;
  updatedAt?: string;
  processedAt?: string;
  supersedes?: Supersedes;
  leaseOwner?: string;
  leaseUntil?: string;
  /**
   * In the lease index (DynamoDB: has leaseShard): from a claim that asks for it (inLeaseIndex, the
   * default) until complete, fail or remove.
   */
  leased?: boolean;
}

interface SavedVersion {
  analysis: Analysis;
  source: SourceRef;
  processedAt: string;
}

/**
 * In-memory ArticleRepository with the DynamoDB adapter's semantics, item for item:
 * - claimArticle succeeds when the article is new, or not PROCESSED by this pipeline version, and its
 *   lease is absent, expired (leaseUntil < now, compared as ISO strings the way DynamoDB compares
 *   them) or held by the same owner; otherwise 'already-processed' or 'busy'. It clears a recorded
 *   error, keeps createdAt and the article's date, and counts the source object.
 * - saveAnalysis keeps the analysis per pipeline version; completeArticle flips the version queries
 *   serve and drops what earlier versions stored (finishReplacement); the publish log is per version.
 * - completeArticle, markEventsPublished and failArticle create the item if it is missing (DynamoDB's
 *   UpdateItem does); releaseArticle only releases the caller's own lease; failArticle never
 *   overwrites a PROCESSED article.
 * - Reads return copies: mutating a returned record does not change what is stored.
 * faults.failNext(op) makes an operation throw before it changes anything (a throttled call).
 * tests/integration/repository-contract.test.ts runs the same assertions against both.
 */
export class InMemoryArticleRepository implements ArticleRepository, ReconcileRepository {
  readonly faults = new Faults<RepositoryOp>();
  private readonly articles = new Map<string, ArticleItem>();
  private readonly sources = new Map<string, SourceRecord>();
  private readonly published = new Map<string, Set<string>>();
  /** The analyses stored per article and pipeline version (what the result items would hold). */
  readonly analyses = new Map<string, Map<string, SavedVersion>>();

  async getArticle(articleId: string): Promise<ArticleRecord | null> {
    this.faults.enter('getArticle');
    const item = this.articles.get(articleId);
    return item ? toArticleRecord(item) : null;
  }

  async claimArticle(req: ClaimRequest): Promise<ClaimResult> {
    this.faults.enter('claimArticle');
    const { article, statements, quotes, entities } = req.analysis;
    const current = this.articles.get(article.id);
    const done = current?.status === 'PROCESSED' && current.version === req.pipelineVersion.id;
    const leaseFree =
      current?.leaseUntil === undefined || current.leaseUntil < req.now || current.leaseOwner === req.owner;
    if (current && (done || !leaseFree)) return done ? 'already-processed' : 'busy';
    const { error: _error, ...kept } = current ?? { articleId: article.id };
    const abandoned = current?.pendingVersion?.id;
    const stale = new Set(current?.staleVersions ?? []);
    if (abandoned && abandoned !== req.pipelineVersion.id && abandoned !== current?.version)
      stale.add(abandoned);
    this.articles.set(article.id, {
      ...kept,
      articleId: article.id,
      status: 'PROCESSING',
      title: article.title,
      language: article.language,
      publishedAt: article.publishedAt,
      date: article.publishedAt ?? current?.date ?? req.now,
      contentHash: article.contentHash,
      format: req.format,
      source: { ...req.source },
      counts: { statements: statements.length, quotes: quotes.length, entities: entities.length },
      pendingVersion: { ...req.pipelineVersion },
      staleVersions: stale,
      sourceRefs: new Set([...(current?.sourceRefs ?? []), sourceRefId(req.source)]),
      createdAt: current?.createdAt ?? req.now,
      updatedAt: req.now,
      leaseOwner: req.owner,
      leaseUntil: req.leaseUntil,
      leased: req.inLeaseIndex !== false,
    });
    return 'claimed';
  }

  async saveAnalysis(req: SaveRequest): Promise<SavedAnalysis> {
    this.faults.enter('saveAnalysis');
    const { analysis } = req;
    const versions = this.analyses.get(analysis.article.id) ?? new Map<string, SavedVersion>();
    versions.set(
      req.pipelineVersion.id,
      structuredClone({ analysis, source: req.source, processedAt: req.processedAt }),
    );
    this.analyses.set(analysis.article.id, versions);
    // Speakers by identity, as the adapter files them (the fake keeps no registry: full names only).
    const decided = analysis.entities.map((entity) => ({
      entity,
      decision: decideLink(entity, { articleId: analysis.article.id, known: [], aliasTargets: [] }),
    }));
    const date =
      analysis.article.publishedAt ?? this.articles.get(analysis.article.id)?.date ?? req.processedAt;
    return { speakers: speakersOf(analysis.quotes, decided), date };
  }

  async publishedEventIds(articleId: string, version: string): Promise<string[]> {
    this.faults.enter('publishedEventIds');
    return [...(this.published.get(`${articleId}\u0000${version}`) ?? [])].sort();
  }

  async markEventsPublished(articleId: string, version: string, eventIds: string[]): Promise<void> {
    this.faults.enter('markEventsPublished');
    if (!eventIds.length) return;
    const key = `${articleId}\u0000${version}`;
    this.published.set(key, new Set([...(this.published.get(key) ?? []), ...eventIds]));
  }

  async completeArticle(articleId: string, req: CompleteRequest): Promise<void> {
    this.faults.enter('completeArticle');
    const item = this.upsert(articleId);
    const previous = item.version;
    Object.assign(item, {
      status: 'PROCESSED',
      processedAt: req.processedAt,
      updatedAt: req.processedAt,
      version: req.version,
      pipelineVersion: item.pendingVersion,
      speakers: req.speakers.map((s) => ({ ...s })),
    });
    if (req.supersedes) item.supersedes = { ...req.supersedes };
    else delete item.supersedes;
    delete item.pendingVersion;
    delete item.leaseOwner;
    delete item.leaseUntil;
    delete item.leased;
    delete item.error;
    if (previous && previous !== req.version) (item.staleVersions ??= new Set()).add(previous);
    if (item.staleVersions?.size) await this.finishReplacement(articleId);
  }

  async finishReplacement(articleId: string): Promise<void> {
    this.faults.enter('finishReplacement');
    const item = this.articles.get(articleId);
    for (const version of item?.staleVersions ?? []) {
      if (version === item?.version) continue;
      this.analyses.get(articleId)?.delete(version);
      this.published.delete(`${articleId}\u0000${version}`);
      item!.staleVersions!.delete(version);
    }
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
      date: item.date ?? now,
    });
    delete item.leaseOwner;
    delete item.leaseUntil;
    delete item.leased;
  }

  async attachSource(articleId: string, source: SourceRef): Promise<void> {
    this.faults.enter('attachSource');
    const item = this.articles.get(articleId);
    if (item) item.sourceRefs = new Set([...(item.sourceRefs ?? []), sourceRefId(source)]);
  }

  async detachSource(articleId: string, source: SourceRef): Promise<number> {
    this.faults.enter('detachSource');
    const item = this.articles.get(articleId);
    if (!item) return 0;
    item.sourceRefs?.delete(sourceRefId(source));
    return item.sourceRefs?.size ?? 0;
  }

  async removeArticle(
    articleId: string,
    removal: { reason: RemovalReason; supersededBy: string | null; at: string },
  ): Promise<void> {
    this.faults.enter('removeArticle');
    const item = this.articles.get(articleId);
    if (!item) return;
    for (const version of [item.version, item.pendingVersion?.id]) {
      if (version) (item.staleVersions ??= new Set()).add(version);
    }
    Object.assign(item, { status: 'DELETED', updatedAt: removal.at });
    delete item.version;
    delete item.pendingVersion;
    delete item.speakers;
    delete item.leased;
    await this.finishReplacement(articleId);
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

  /**
   * As the DynamoDB adapter's Query of the lease index: heads in it (claimed, not yet completed, failed
   * or removed) that are PROCESSING with a released lease or one that ended before `now`.
   */
  async *stuckArticles(now: string): AsyncIterable<StuckArticle> {
    for (const item of this.articles.values()) {
      if (!item.leased || item.status !== 'PROCESSING') continue;
      if (item.leaseUntil !== undefined && item.leaseUntil >= now) continue;
      yield {
        articleId: item.articleId,
        source: item.source ? { ...item.source } : null,
        leaseUntil: item.leaseUntil ?? null,
        updatedAt: item.updatedAt as string,
      };
    }
  }

  // ---- for assertions: what the table would hold --------------------------------------------

  /** Who holds the article's lease, and until when (null when nobody does). */
  lease(articleId: string): { owner: string; until: string } | null {
    const item = this.articles.get(articleId);
    return item?.leaseOwner && item.leaseUntil ? { owner: item.leaseOwner, until: item.leaseUntil } : null;
  }

  /** The analysis queries would serve for the article (its current version), if any. */
  served(articleId: string): SavedVersion | null {
    const version = this.articles.get(articleId)?.version;
    return version ? (this.analyses.get(articleId)?.get(version) ?? null) : null;
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
    date: item.date ?? (item.createdAt as string),
    contentHash: item.contentHash ?? '',
    format: item.format ?? null,
    source: item.source ? { ...item.source } : { bucket: '', key: '' },
    counts: item.counts ? { ...item.counts } : { statements: 0, quotes: 0, entities: 0 },
    version: item.version ?? null,
    pipelineVersion: item.pipelineVersion ? { ...item.pipelineVersion } : null,
    staleVersions: [...(item.staleVersions ?? [])].sort(),
    sourceCount: item.sourceRefs?.size ?? 0,
    error: item.error ? { ...item.error } : null,
    createdAt: item.createdAt as string,
    updatedAt: item.updatedAt as string,
    processedAt: item.processedAt ?? null,
    supersedes: item.supersedes ? { ...item.supersedes } : null,
  };
}

const sourceId = (bucket: string, key: string) => `${bucket}\u0000${key}`;
