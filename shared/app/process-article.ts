// Application service: one uploaded object through ingest and the NLP core into storage and onto the bus.
//
// Delivery is at-least-once (S3 notifications, SQS redelivery, users re-uploading the same text), and
// there are no transactions (dynalite has none; EventBridge has no deduplication). So every step is
// idempotent and the article item records how far processing got:
//
//   1. read the object; decode and analyse it (pure). Bad input, or a bug in the pure core, is not
//      transient: it is recorded as FAILED (source item, article item when the id is known), an
//      `Article Failed` event is published, and the message is NOT retried.
//   2. article item already PROCESSED (same text seen before) → only record this source object; no new
//      items, no new events.
//   3. claim the article: PROCESSING with a lease (owner = SQS message id), so that two deliveries of
//      the same text do not publish the same events concurrently; a held lease → retry later.
//   4. write statement/quote/entity items (deterministic keys: rewriting them is harmless).
//   5. publish only events whose ids are not yet in the article's publishedEventIds set, adding ids to
//      that set after every PutEvents request. A crash between PutEvents and that update is the only
//      way an event goes out twice; its deterministic eventId lets consumers drop the copy.
//   6. mark the article PROCESSED, then the source object.
// Any I/O error in 3–6 is thrown (after releasing the lease) so that the SQS record is retried, and the
// retry resumes where this attempt stopped.
import { randomUUID } from 'node:crypto';
import { ArticleBusyError, ArticleError, ObjectError, recordedError } from './errors.js';
import { failedEvent, processedEvents } from './article-events.js';
import { articleIdFor, sha256Hex } from '../domain/ids.js';
import { decodeArticle, type DecodeOptions } from '../ingest/index.js';
import { analyzeArticle, type Analysis, type NlpModels } from '../nlp/pipeline.js';
import type { DecodedArticle } from '../domain/schema.js';
import {
  type ArticleRepository,
  type Clock,
  type ErrorInfo,
  type EventPublisher,
  type Log,
  type ObjectRef,
  type ObjectStore,
  type SourceRef,
} from './ports.js';

export interface ProcessArticleDeps {
  objects: ObjectStore;
  repo: ArticleRepository;
  events: EventPublisher;
  clock: Clock;
  /** The NLP core's trained models, loaded once (shared/adapters/models/). */
  models: NlpModels;
  logger?: Log;
  /** Decoding (default decodeArticle); the handler passes a timed, traced wrapper. */
  decode?: (bytes: Uint8Array, options: DecodeOptions) => DecodedArticle;
  /** The NLP core (default analyzeArticle); tests pass a stand-in to inject a failure of the core. */
  analyze?: (article: DecodedArticle, models: NlpModels) => Analysis;
  /** How long a claim on an article holds off other deliveries of the same text. */
  leaseMs?: number;
}

export interface ProcessArticleRef extends ObjectRef {
  /** Stable id of this delivery (the SQS message id): a redelivery may take over its own lease. */
  deliveryId?: string;
}

export type ProcessOutcome =
  | {
      status: 'PROCESSED';
      articleId: string;
      source: SourceRef;
      /** True when the same text had already been processed: nothing new was stored or published. */
      duplicate: boolean;
      counts: { statements: number; quotes: number; entities: number };
      eventsPublished: number;
    }
  | { status: 'FAILED'; articleId: string | null; source: SourceRef; error: ErrorInfo };

const DEFAULT_LEASE_MS = 2 * 60_000;

export async function processArticle(
  ref: ProcessArticleRef,
  deps: ProcessArticleDeps,
): Promise<ProcessOutcome> {
  const { repo, logger } = deps;
  const now = () => deps.clock.now().toISOString();

  let object;
  try {
    object = await deps.objects.get(ref);
  } catch (err) {
    if (!(err instanceof ArticleError)) throw err;
    const key = err instanceof ObjectError ? err.key : ref.key;
    return recordFailure(deps, { bucket: ref.bucket, key }, null, null, err);
  }
  const source: SourceRef = { bucket: object.bucket, key: object.key };
  const objectHash = sha256Hex(object.bytes);

  let decoded: DecodedArticle | undefined;
  let analysis: Analysis;
  try {
    decoded = (deps.decode ?? decodeArticle)(object.bytes, {
      fileName: object.key,
      contentType: object.contentType,
    });
    analysis = (deps.analyze ?? analyzeArticle)(decoded, deps.models);
  } catch (err) {
    // Pure steps: retrying gives the same result, so record the failure instead of retrying.
    const articleId = decoded ? articleIdFor(sha256Hex(decoded.text)) : null;
    if (!(err instanceof ArticleError)) logger?.error('Analysis failed', { err, ...source });
    return recordFailure(deps, source, objectHash, articleId, err);
  }
  const { article, statements, quotes, entities } = analysis;
  const counts = { statements: statements.length, quotes: quotes.length, entities: entities.length };
  const sourceRecord = (status: 'PROCESSING' | 'PROCESSED') => ({
    ...source,
    status,
    articleId: article.id,
    error: null,
    objectHash,
    eTag: object.eTag ?? null,
    failureEventPublished: false,
    updatedAt: now(),
  });

  const before = await repo.getArticle(article.id);
  const duplicate = {
    status: 'PROCESSED' as const,
    articleId: article.id,
    source,
    duplicate: true,
    counts,
    eventsPublished: 0,
  };
  if (before?.status === 'PROCESSED') {
    await repo.putSource(sourceRecord('PROCESSED'));
    logger?.info('Article already processed; recorded the new source only', {
      articleId: article.id,
      ...source,
    });
    return duplicate;
  }

  const owner = ref.deliveryId ?? randomUUID();
  const claimedAt = deps.clock.now();
  const claim = await repo.claimArticle({
    analysis,
    format: decoded.format,
    source,
    now: claimedAt.toISOString(),
    owner,
    leaseUntil: new Date(claimedAt.getTime() + (deps.leaseMs ?? DEFAULT_LEASE_MS)).toISOString(),
  });
  if (claim === 'already-processed') {
    await repo.putSource(sourceRecord('PROCESSED'));
    return duplicate;
  }
  if (claim === 'busy') throw new ArticleBusyError(article.id);

  try {
    await repo.putSource(sourceRecord('PROCESSING'));
    const processedAt = now();
    await repo.saveAnalysis(analysis, source, processedAt);
    // Re-read after claiming: publishedEventIds is only written under the lease we now hold.
    const published = new Set((await repo.getArticle(article.id))?.publishedEventIds ?? []);
    const pending = processedEvents(analysis, decoded.format, source, processedAt).filter(
      (e) => !published.has(e.detail.eventId),
    );
    await deps.events.publish(pending, (ids) => repo.markEventsPublished(article.id, ids));
    await repo.completeArticle(article.id, processedAt);
    await repo.putSource(sourceRecord('PROCESSED'));
    logger?.info('Article processed', {
      articleId: article.id,
      ...source,
      ...counts,
      events: pending.length,
    });
    return {
      status: 'PROCESSED',
      articleId: article.id,
      source,
      duplicate: false,
      counts,
      eventsPublished: pending.length,
    };
  } catch (err) {
    await repo.releaseArticle(article.id, owner).catch(() => undefined);
    throw err;
  }
}

/** Records a non-transient failure (source item, article item when known) and publishes Article Failed once. */
async function recordFailure(
  deps: ProcessArticleDeps,
  source: SourceRef,
  objectHash: string | null,
  articleId: string | null,
  err: unknown,
): Promise<ProcessOutcome> {
  const { repo, logger } = deps;
  const error = recordedError(err);
  const outcome: ProcessOutcome = { status: 'FAILED', articleId, source, error };
  const prior = await repo.getSource(source.bucket, source.key);
  if (prior?.status === 'FAILED' && prior.objectHash === objectHash && prior.failureEventPublished) {
    return outcome; // a redelivery of a failure already recorded and announced
  }
  const failedAt = deps.clock.now().toISOString();
  if (articleId) await repo.failArticle(articleId, error, failedAt);
  const record = {
    ...source,
    status: 'FAILED' as const,
    articleId,
    error,
    objectHash,
    eTag: null,
    failureEventPublished: false,
    updatedAt: failedAt,
  };
  await repo.putSource(record);
  await deps.events.publish([failedEvent(source, objectHash, articleId, error, failedAt)]);
  await repo.putSource({ ...record, failureEventPublished: true });
  logger?.warn('Article failed', { ...source, articleId, error });
  return outcome;
}
