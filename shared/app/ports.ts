// Ports of the application service: what processArticle needs from the outside world.
// Adapters: shared/adapters/s3/s3-object-store.ts, shared/adapters/dynamodb/dynamo-repository.ts,
// shared/adapters/eventbridge/eventbridge-publisher.ts. Tests may pass in-memory or fault-injecting versions.
import type { PipelineEvent } from '../../events/schemas.js';
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

export type ArticleStatus = 'PROCESSING' | 'PROCESSED' | 'FAILED';

export interface SourceRef {
  bucket: string;
  key: string;
}

export interface ArticleRecord {
  articleId: string;
  status: ArticleStatus;
  title: string | null;
  language: string | null;
  publishedAt: string | null;
  contentHash: string;
  format: DecodedArticle['format'] | null;
  source: SourceRef;
  counts: { statements: number; quotes: number; entities: number };
  /** Ids of the events already accepted by the bus: a retry publishes only the others. */
  publishedEventIds: string[];
  error: ErrorInfo | null;
  createdAt: string;
  updatedAt: string;
  processedAt: string | null;
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
  updatedAt: string;
}

export interface ClaimRequest {
  analysis: Analysis;
  format: DecodedArticle['format'];
  source: SourceRef;
  now: string;
  /** Who holds the article while it is processed, and until when (ISO): see processArticle. */
  owner: string;
  leaseUntil: string;
}

export type ClaimResult = 'claimed' | 'already-processed' | 'busy';

export interface ArticleRepository {
  getArticle(articleId: string): Promise<ArticleRecord | null>;
  /** Marks the article PROCESSING under a lease unless it is PROCESSED or leased by someone else. */
  claimArticle(req: ClaimRequest): Promise<ClaimResult>;
  /** Writes statement, quote and entity items (idempotent: deterministic keys). */
  saveAnalysis(analysis: Analysis, source: SourceRef, processedAt: string): Promise<void>;
  markEventsPublished(articleId: string, eventIds: string[]): Promise<void>;
  completeArticle(articleId: string, processedAt: string): Promise<void>;
  /** Gives up the lease early (after a failure) so a redelivery need not wait for it to expire. */
  releaseArticle(articleId: string, owner: string): Promise<void>;
  failArticle(articleId: string, error: ErrorInfo, now: string): Promise<void>;
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
