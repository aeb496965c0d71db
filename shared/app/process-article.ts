// Application service: one uploaded object through ingest and the NLP core into storage and onto the bus.
//
// Delivery is at-least-once (S3 notifications, SQS redelivery, users re-uploading the same text), and
// there are no transactions (dynalite has none; EventBridge has no deduplication). So every step is
// idempotent and the article item records how far processing got:
//
//   1. read the object; decode and analyse it (pure). Bad input, or a bug in the pure core, is not
//      transient: it is recorded as FAILED (source item, article item when the id is known), an
//      `Article Failed` event is published, and the message is NOT retried.
//   2. article PROCESSED by this pipeline version (same text seen before) → only record this source
//      object (and finish an interrupted replacement); no new items, no new events. Processed by
//      another version (a model or code upgrade, `reprocess`) → processed again: steps 3–6 replace it.
//   3. claim the article: PROCESSING with a lease (owner = SQS message id), so that two deliveries of
//      the same text do not publish the same events concurrently; a held lease → retry later. The
//      claim enters the lease index only when reconcile's object listing would not find the object
//      if the attempt died (its record looks terminal: a reprocess).
//   4. store the analysis under its pipeline version and index it (deterministic keys: rewriting is
//      harmless; queries keep seeing the previous version until step 6).
//   5. publish the events not yet recorded as published for this version. Accepted ids are recorded
//      only when the attempt fails after some got through (a write per article saved on the common
//      path): a retry skips them. Only a crash (process killed) between PutEvents and the end of
//      the attempt makes an event go out twice; its deterministic eventId lets consumers drop the copy.
//   6. mark the article PROCESSED under this version (the pointer flip; leftovers of an earlier
//      version are removed), retire the article this object held before if no other object holds it
//      (`Article Deleted`), then record the source object.
//      `Article Processed` is sent last, once the article is PROCESSED: every statement event was
//      accepted and the results are complete in storage. If only the announcement failed, the source
//      is left PROCESSING and the retry, finding the article PROCESSED, announces it then.
// An error in 3–6 that a retry may fix (throttling, timeouts, 5xx) is thrown, after releasing the lease,
// so that the SQS record is retried and the retry resumes where this attempt stopped. One that no retry
// can fix (an item over its size limit, an entry the bus rejects as invalid: errors.ts,
// permanentResultError) is recorded as FAILED with `Article Failed`, as bad input is.
import { randomUUID } from 'node:crypto';
import {
  ArticleBusyError,
  ArticleError,
  ObjectError,
  permanentResultError,
  recordedError,
} from './errors.js';
import { deletedEvent, failedEvent, processedEvents } from './article-events.js';
import { reasonFor } from './reconcile.js';
import { articleIdFor, sha256Hex } from '../domain/ids.js';
import { decodeArticle, type DecodeOptions } from '../ingest/index.js';
import { analyzeArticle, type Analysis, type NlpModels } from '../nlp/pipeline.js';
import type { DecodedArticle } from '../domain/schema.js';
import type { Supersedes } from '../../events/schemas.js';
import {
  type ArticleRepository,
  type Clock,
  type ErrorInfo,
  type EventPublisher,
  type Log,
  type ObjectRef,
  type ObjectStore,
  type PipelineVersion,
  type SourceRecord,
  type SourceRef,
} from './ports.js';

export interface ProcessArticleDeps {
  objects: ObjectStore;
  repo: ArticleRepository;
  events: EventPublisher;
  clock: Clock;
  /** The NLP core's trained models, loaded once (shared/adapters/models/). */
  models: NlpModels;
  /** The version of the processing core (code + models) that analyses the articles. */
  pipelineVersion: PipelineVersion;
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
      /** What these results replaced (an earlier version of the article, or the key's previous article). */
      supersedes: Supersedes | null;
      counts: { statements: number; quotes: number; entities: number };
      eventsPublished: number;
    }
  | { status: 'FAILED'; articleId: string | null; source: SourceRef; error: ErrorInfo };

const DEFAULT_LEASE_MS = 2 * 60_000;

export async function processArticle(
  ref: ProcessArticleRef,
  deps: ProcessArticleDeps,
): Promise<ProcessOutcome> {
  const { repo, logger, pipelineVersion } = deps;
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
    return recordFailure(deps, source, objectHash, articleId, err, object.eTag ?? null);
  }
  const { article, statements, quotes, entities } = analysis;
  const counts = { statements: statements.length, quotes: quotes.length, entities: entities.length };
  // What a delivery of text already processed returns (a re-upload, a redelivery).
  const alreadyProcessed = {
    status: 'PROCESSED',
    articleId: article.id,
    source,
    duplicate: true,
    supersedes: null,
    counts,
    eventsPublished: 0,
  } as const;
  const sourceRecord = (alreadyProcessed: boolean): SourceRecord => ({
    ...source,
    status: 'PROCESSED',
    articleId: article.id,
    error: null,
    objectHash,
    eTag: object.eTag ?? null,
    failureEventPublished: false,
    ...(alreadyProcessed ? { alreadyProcessed } : {}),
    updatedAt: now(),
  });
  // The article this object held before (a new version of the object with another text replaces it).
  const prior = await repo.getSource(source.bucket, source.key);
  const replaced =
    prior?.articleId && prior.articleId !== article.id && prior.status === 'PROCESSED'
      ? prior.articleId
      : null;

  const before = await repo.getArticle(article.id);
  if (before?.status === 'PROCESSED' && before.version === pipelineVersion.id) {
    // This object's own attempt completed the article but never recorded the source: its announcement
    // failed (the source was left PROCESSING) or the process died before or while sending it. Send it
    // now, as that attempt built it; a repeat is a re-send with the same event id and content.
    const completedHere =
      before.source.bucket === source.bucket &&
      before.source.key === source.key &&
      !(prior?.status === 'PROCESSED' && prior.articleId === article.id);
    if (completedHere) {
      const announcement = processedEvents(analysis, decoded.format, source, before.processedAt ?? now(), {
        pipelineVersion: pipelineVersion.id,
        supersedes: before.supersedes,
      }).at(-1)!;
      await deps.events.publish([announcement]);
    }
    if (before.staleVersions.length) await repo.finishReplacement(article.id);
    if (prior?.articleId !== article.id) await repo.attachSource(article.id, source);
    if (replaced) await retire(deps, replaced, article.id, source);
    await repo.putSource(
      sourceRecord(!completedHere && (prior?.articleId !== article.id || prior.alreadyProcessed === true)),
    );
    logger?.info('Article already processed; recorded the new source only', {
      articleId: article.id,
      ...source,
    });
    return alreadyProcessed;
  }

  const owner = ref.deliveryId ?? randomUUID();
  const claimedAt = deps.clock.now();
  const claim = await repo
    .claimArticle({
      analysis,
      format: decoded.format,
      source,
      pipelineVersion,
      now: claimedAt.toISOString(),
      owner,
      leaseUntil: new Date(claimedAt.getTime() + (deps.leaseMs ?? DEFAULT_LEASE_MS)).toISOString(),
      // An object with no terminal record yet (the usual first upload) is re-enqueued by reconcile's
      // object listing if this attempt dies; only a claim behind a terminal record (a reprocess) needs
      // the lease index to be found.
      inLeaseIndex:
        reasonFor({ key: source.key, eTag: object.eTag ?? null, lastModified: null }, prior) === null,
    })
    .catch((err: unknown) => {
      // The article item itself may be rejected (over the item size limit): permanent.
      const permanent = permanentResultError(err);
      if (!permanent) throw err;
      return permanent;
    });
  if (claim instanceof ArticleError) {
    logger?.error('The article item was rejected; the article is recorded FAILED', {
      err: claim,
      articleId: article.id,
      ...source,
    });
    return recordFailure(deps, source, objectHash, article.id, claim, object.eTag ?? null);
  }
  if (claim === 'already-processed') {
    await repo.putSource(sourceRecord(true));
    return alreadyProcessed;
  }
  if (claim === 'busy') throw new ArticleBusyError(article.id);

  let completed = false;
  try {
    const processedAt = now();
    const saved = await repo.saveAnalysis({
      analysis,
      format: decoded.format,
      source,
      pipelineVersion,
      processedAt,
    });
    const supersedes: Supersedes | null =
      before?.version && before.version !== pipelineVersion.id && before.status !== 'DELETED'
        ? { articleId: article.id, pipelineVersion: before.version, reason: 'reprocessed' }
        : replaced
          ? { articleId: replaced, pipelineVersion: null, reason: 'replaced' }
          : null;
    const published = new Set(await repo.publishedEventIds(article.id, pipelineVersion.id));
    const events = processedEvents(analysis, decoded.format, source, processedAt, {
      pipelineVersion: pipelineVersion.id,
      supersedes,
    });
    const announcement = events.pop()!; // Article Processed: sent once the article is complete
    const pending = events.filter((e) => !published.has(e.detail.eventId));
    const announce = !published.has(announcement.detail.eventId);
    const accepted: string[] = [];
    try {
      await deps.events.publish(pending, async (ids) => {
        accepted.push(...ids);
      });
      await repo.completeArticle(article.id, {
        ...saved,
        version: pipelineVersion.id,
        processedAt,
        supersedes,
      });
      completed = true;
      if (announce) await deps.events.publish([announcement]);
    } catch (err) {
      // Remember what got through, so that the retry does not publish it again.
      await repo.markEventsPublished(article.id, pipelineVersion.id, accepted).catch(() => undefined);
      throw err;
    }
    if (replaced) await retire(deps, replaced, article.id, source);
    await repo.putSource(sourceRecord(false));
    logger?.info(supersedes ? 'Article processed, replacing earlier results' : 'Article processed', {
      articleId: article.id,
      ...source,
      ...counts,
      events: pending.length + Number(announce),
      pipelineVersion: pipelineVersion.id,
      ...(supersedes ? { supersedes } : {}),
    });
    return {
      status: 'PROCESSED',
      articleId: article.id,
      source,
      duplicate: false,
      supersedes,
      counts,
      eventsPublished: pending.length + Number(announce),
    };
  } catch (err) {
    if (completed) {
      // Only the announcement is left: the source says so, and the retry sends it (step 2).
      await repo.putSource({ ...sourceRecord(false), status: 'PROCESSING' }).catch(() => undefined);
      throw err;
    }
    await repo.releaseArticle(article.id, owner).catch(() => undefined);
    const permanent = permanentResultError(err);
    if (permanent && !(err instanceof ArticleError)) {
      logger?.error('The results were rejected; the article is recorded FAILED', {
        err,
        articleId: article.id,
        ...source,
      });
      return recordFailure(deps, source, objectHash, article.id, permanent, object.eTag ?? null);
    }
    // What no retry can fix (a result over a size limit with nowhere to put it) ends FAILED.
    if (err instanceof ArticleError)
      return recordFailure(deps, source, objectHash, article.id, err, object.eTag ?? null);
    throw err;
  }
}

/**
 * The article an object held before it was replaced (or deleted): forgotten by that object, and when
 * no other object holds its text, announced as deleted and removed (announce first: a failure in
 * between is retried, and the announcement repeats under the same event id).
 */
export async function retire(
  deps: Pick<ProcessArticleDeps, 'repo' | 'events' | 'clock' | 'logger'>,
  articleId: string,
  supersededBy: string | null,
  source: SourceRef,
  occasion: string = supersededBy ?? '',
): Promise<boolean> {
  const remaining = await deps.repo.detachSource(articleId, source);
  if (remaining > 0) return false;
  const at = deps.clock.now().toISOString();
  const reason = supersededBy ? 'replaced' : 'object-removed';
  await deps.events.publish([
    deletedEvent(articleId, reason, supersededBy, source, at, `${reason}:${occasion}`),
  ]);
  await deps.repo.removeArticle(articleId, { reason, supersededBy, at });
  deps.logger?.info('Article removed', { articleId, reason, supersededBy, ...source });
  return true;
}

/** Records a non-transient failure (source item, article item when known) and publishes Article Failed once. */
async function recordFailure(
  deps: ProcessArticleDeps,
  source: SourceRef,
  objectHash: string | null,
  articleId: string | null,
  err: unknown,
  eTag: string | null = null,
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
    eTag,
    failureEventPublished: false,
    updatedAt: failedAt,
  };
  await repo.putSource(record);
  await deps.events.publish([failedEvent(source, objectHash, articleId, error, failedAt)]);
  await repo.putSource({ ...record, failureEventPublished: true });
  logger?.warn('Article failed', { ...source, articleId, error });
  return outcome;
}
