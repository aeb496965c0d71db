// Ports of the application service: what processArticle needs from the outside world.
// Adapters: shared/adapters/s3/s3-object-store.ts, shared/adapters/dynamodb/dynamo-repository.ts,
// shared/adapters/eventbridge/eventbridge-publisher.ts. Tests may pass in-memory or fault-injecting versions.
import type { PipelineEvent, Supersedes } from '../../events/schemas.js';
import type { Analysis } from '../nlp/pipeline.js';
import type { DecodedArticle, ErrorInfo } from '../domain/schema.js';

export interface ObjectRef {
  bucket: string;
  /** The key as it appears in the S3 event notification (URL-encoded by S3, raw from some emulators). */
  key: string;
  size?: number;
  eTag?: string;
}

export interface StoredObject {
  bucket: string;
  /** The key the object was actually found under. */
  key: string;
  bytes: Uint8Array;
  contentType: string | undefined;
  eTag: string | undefined;
}

export interface ObjectStore {
  /** Throws ObjectError (OBJECT_NOT_FOUND, TOO_LARGE) for problems a retry cannot fix. */
  get(ref: ObjectRef): Promise<StoredObject>;
}

export type { ErrorInfo };

export type ArticleStatus = 'PROCESSING' | 'PROCESSED' | 'FAILED' | 'DELETED';

export interface SourceRef {
  bucket: string;
  key: string;
}

/**
 * What produced a stored analysis: the processing core's code and its model files. Results are
 * stored and announced per version; `reprocess` re-runs articles whose version differs.
 */
export interface PipelineVersion {
  /** Short stable id of code + models ("pv-3f2a9c1b0d4e"). */
  id: string;
  /** package version and hash of the core's source files. */
  code: string;
  /** Hash of the model files. */
  models: string;
}

export interface ArticleRecord {
  articleId: string;
  status: ArticleStatus;
  title: string | null;
  language: string | null;
  publishedAt: string | null;
  /** The date queries sort and filter by: publishedAt, else when the article was first processed. */
  date: string;
  contentHash: string;
  format: DecodedArticle['format'] | null;
  /** The source object last processed for this article. */
  source: SourceRef;
  counts: { statements: number; quotes: number; entities: number };
  /** Pipeline version (id) of the results queries return; null before the first completes. */
  version: string | null;
  pipelineVersion: PipelineVersion | null;
  /** Replaced or abandoned versions whose leftover items are still to be removed (finishReplacement). */
  staleVersions: string[];
  /** How many source objects hold this text (deleting the last one deletes the article's results). */
  sourceCount: number;
  error: ErrorInfo | null;
  createdAt: string;
  updatedAt: string;
  processedAt: string | null;
  /** What the `Article Processed` of the completing attempt supersedes (null: nothing). */
  supersedes: Supersedes | null;
}

export interface SourceRecord {
  bucket: string;
  key: string;
  status: ArticleStatus;
  articleId: string | null;
  error: ErrorInfo | null;
  /** sha256 of the object's bytes: tells a redelivery from a re-upload with new content. */
  objectHash: string | null;
  eTag: string | null;
  /** For FAILED: whether its Article Failed event was accepted by the bus. */
  failureEventPublished: boolean;
  /** PROCESSED because the same text had already been processed (nothing new stored or announced). */
  alreadyProcessed?: boolean;
  updatedAt: string;
}

export interface ClaimRequest {
  analysis: Analysis;
  format: DecodedArticle['format'];
  source: SourceRef;
  pipelineVersion: PipelineVersion;
  now: string;
  /** Who holds the article while it is processed, and until when (ISO): see processArticle. */
  owner: string;
  leaseUntil: string;
  /**
   * Whether reconcile must find this claim through the lease index if it is abandoned (default true).
   * False when its source object would be re-enqueued by reconcile's object listing anyway (no terminal
   * record for it yet): the claim then leaves the article out of the index, two write units saved.
   */
  inLeaseIndex?: boolean;
}

/** already-processed: PROCESSED by the same pipeline version (a different version is claimed again). */
export type ClaimResult = 'claimed' | 'already-processed' | 'busy';

export interface SaveRequest {
  analysis: Analysis;
  format: DecodedArticle['format'];
  source: SourceRef;
  pipelineVersion: PipelineVersion;
  processedAt: string;
}

/** A person or organisation quoted in an article, as the cross-article registry identifies it. */
export interface ArticleSpeaker {
  identityId: string;
  name: string;
  quotes: number;
}

/** What saving an analysis settled that completing the article records. */
export interface SavedAnalysis {
  speakers: ArticleSpeaker[];
  /** The date the article is filed under (publishedAt, else when it was first processed). */
  date: string;
}

export interface CompleteRequest extends SavedAnalysis {
  version: string;
  processedAt: string;
  /** What the completing attempt's `Article Processed` says it supersedes, kept so a re-send matches it. */
  supersedes?: Supersedes | null;
}

export type RemovalReason = 'object-removed' | 'replaced';

export interface ArticleRepository {
  getArticle(articleId: string): Promise<ArticleRecord | null>;
  /**
   * Marks the article PROCESSING under a lease unless it is PROCESSED by this pipeline version or
   * leased by someone else; records the source object as one holding the article.
   */
  claimArticle(req: ClaimRequest): Promise<ClaimResult>;
  /**
   * Stores the analysis under its pipeline version and indexes it across articles (identity links
   * included). Idempotent: deterministic keys; what queries return does not change until completeArticle.
   */
  saveAnalysis(req: SaveRequest): Promise<SavedAnalysis>;
  /** Event ids of this version the bus already accepted (recorded by markEventsPublished). */
  publishedEventIds(articleId: string, version: string): Promise<string[]>;
  /** Records accepted event ids after an attempt that stopped part-way, so a retry skips them. */
  markEventsPublished(articleId: string, version: string, eventIds: string[]): Promise<void>;
  /**
   * PROCESSED, with `version` the results queries see (the pointer flip); then removes what an
   * earlier version stored and this one did not.
   */
  completeArticle(articleId: string, req: CompleteRequest): Promise<void>;
  /** Removes the leftovers of replaced versions when completeArticle was interrupted (staleVersions). */
  finishReplacement(articleId: string): Promise<void>;
  /** Gives up the lease early (after a failure) so a redelivery need not wait for it to expire. */
  releaseArticle(articleId: string, owner: string): Promise<void>;
  failArticle(articleId: string, error: ErrorInfo, now: string): Promise<void>;
  /** Records one more source object holding the article's text (a duplicate upload). */
  attachSource(articleId: string, source: SourceRef): Promise<void>;
  /** Forgets a source object of the article; returns how many remain. */
  detachSource(articleId: string, source: SourceRef): Promise<number>;
  /** Removes every result of the article from queries; its head stays, DELETED, as a tombstone. */
  removeArticle(
    articleId: string,
    removal: { reason: RemovalReason; supersededBy: string | null; at: string },
  ): Promise<void>;
  getSource(bucket: string, key: string): Promise<SourceRecord | null>;
  putSource(record: SourceRecord): Promise<void>;
}

export interface EventPublisher {
  /**
   * Publishes the events in order. Calls onPublished with the ids (detail.eventId) of events the
   * bus accepted, after each request, so a retry can skip them. Throws when some could not be published.
   */
  publish(events: PipelineEvent[], onPublished?: (eventIds: string[]) => Promise<void>): Promise<void>;
}

export interface Clock {
  now(): Date;
}

/** The subset of the Powertools Logger the service uses (message plus one object of attributes). */
export interface Log {
  debug(message: string, attributes: Record<string, unknown>): void;
  info(message: string, attributes: Record<string, unknown>): void;
  warn(message: string, attributes: Record<string, unknown>): void;
  error(message: string, attributes: Record<string, unknown>): void;
}
