// processArticle's state machine over in-memory fakes of its ports (tests/fakes): claim and lease,
// duplicates, partial publication and resumption, failure recording. The NLP core is the real one.
import { describe, expect, it } from 'vitest';
import { DETAIL_TYPES, type PipelineEvent } from '../../events/schemas.js';
import { ArticleBusyError, EventPublishError } from '../../shared/app/errors.js';
import { processArticle, type ProcessOutcome } from '../../shared/app/process-article.js';
import { articleIdFor, sha256Hex } from '../../shared/domain/ids.js';
import { fakeWorld, TEST_PIPELINE_VERSION, transientError, type FakeWorld } from '../fakes/index.js';

const BUCKET = 'articles';
const TEXT =
  'The minister said the talks went well.\n\n' +
  '"We will sign the treaty," Anna Petrova told reporters.\n\n' +
  'The plant in Minsk will close next year.\n';
const ARTICLE_ID = articleIdFor(sha256Hex(TEXT));
const LEASE_MS = 60_000;

/** Twelve statements: with the Article Processed event, 13 events, so two PutEvents requests. */
const LONG_TEXT = Array.from(
  { length: 12 },
  (_, i) => `Official number ${i + 1} said the vote was fair.`,
).join('\n\n');

function world(): FakeWorld {
  return fakeWorld({ leaseMs: LEASE_MS });
}

function upload(w: FakeWorld, key: string, body: string | Uint8Array = TEXT): void {
  w.objects.put(BUCKET, key, body);
}

const run = (w: FakeWorld, key: string, deliveryId?: string) =>
  processArticle({ bucket: BUCKET, key, deliveryId }, w.deps);

const processed = (outcome: ProcessOutcome) => {
  if (outcome.status !== 'PROCESSED') throw new Error(`expected PROCESSED, got ${JSON.stringify(outcome)}`);
  return outcome;
};

const eventIds = (w: FakeWorld) => w.events.published.map((e) => e.detail.eventId);

describe('processArticle: a new article', () => {
  it('stores the analysis, publishes one event per statement then Article Processed, and completes', async () => {
    const w = world();
    upload(w, 'incoming/a.txt');
    const outcome = processed(await run(w, 'incoming/a.txt', 'msg-1'));

    expect(outcome).toMatchObject({
      articleId: ARTICLE_ID,
      duplicate: false,
      source: { key: 'incoming/a.txt' },
    });
    expect(outcome.counts.statements).toBe(3);
    expect(outcome.eventsPublished).toBe(4);
    expect(w.events.published.map((e) => e.detailType)).toEqual([
      DETAIL_TYPES.statementProcessed,
      DETAIL_TYPES.statementProcessed,
      DETAIL_TYPES.statementProcessed,
      DETAIL_TYPES.articleProcessed,
    ]);
    const article = await w.repo.getArticle(ARTICLE_ID);
    expect(article).toMatchObject({
      status: 'PROCESSED',
      error: null,
      format: 'text',
      version: TEST_PIPELINE_VERSION.id,
      pipelineVersion: TEST_PIPELINE_VERSION,
    });
    // Completion records the whole publication: no per-request bookkeeping on the way.
    expect(await w.repo.publishedEventIds(ARTICLE_ID, TEST_PIPELINE_VERSION.id)).toEqual([]);
    expect(eventIds(w).every((id) => id.endsWith(`:${TEST_PIPELINE_VERSION.id}`))).toBe(true);
    expect(article!.counts).toEqual(outcome.counts);
    expect(w.repo.lease(ARTICLE_ID)).toBeNull();
    expect(w.repo.served(ARTICLE_ID)?.analysis.statements).toHaveLength(3);
    expect(await w.repo.getSource(BUCKET, 'incoming/a.txt')).toMatchObject({
      status: 'PROCESSED',
      articleId: ARTICLE_ID,
      objectHash: sha256Hex(new TextEncoder().encode(TEXT)),
      error: null,
    });
  });

  it('claims under a lease owned by the delivery before writing items, and records the source last', async () => {
    const w = world();
    upload(w, 'incoming/a.txt');
    let leaseSeen: ReturnType<typeof w.repo.lease> = null;
    let sourceSeen: unknown = null;
    const save = w.repo.saveAnalysis.bind(w.repo);
    w.repo.saveAnalysis = async (...args) => {
      leaseSeen = w.repo.lease(ARTICLE_ID);
      sourceSeen = (await w.repo.getSource(BUCKET, 'incoming/a.txt'))?.status ?? null;
      return save(...args);
    };
    await run(w, 'incoming/a.txt', 'msg-1');
    expect(leaseSeen).toEqual({ owner: 'msg-1', until: '2026-01-01T00:01:00.000Z' });
    // A source record means a terminal state: none while the article is being processed.
    expect(sourceSeen).toBeNull();
    expect(w.repo.faults.calls.filter((c) => c !== 'getSource')).toEqual([
      'getArticle',
      'claimArticle',
      'saveAnalysis',
      'publishedEventIds',
      'completeArticle',
      'putSource',
    ]);
  });

  it('understands the URL-encoded key of an S3 notification and records the real key', async () => {
    const w = world();
    upload(w, 'incoming/my file+1.txt');
    const outcome = processed(await run(w, 'incoming/my+file%2B1.txt'));
    expect(outcome.source.key).toBe('incoming/my file+1.txt');
    expect(await w.repo.getSource(BUCKET, 'incoming/my file+1.txt')).toMatchObject({ status: 'PROCESSED' });
  });
});

describe('processArticle: the same text again', () => {
  it('records a redelivery without storing or publishing anything new', async () => {
    const w = world();
    upload(w, 'incoming/a.txt');
    await run(w, 'incoming/a.txt', 'msg-1');
    const before = w.events.published.length;
    const again = processed(await run(w, 'incoming/a.txt', 'msg-2'));
    expect(again).toMatchObject({ duplicate: true, eventsPublished: 0, articleId: ARTICLE_ID });
    expect(w.events.published).toHaveLength(before);
    expect(w.repo.faults.count('saveAnalysis')).toBe(1);
    expect(w.repo.faults.count('claimArticle')).toBe(1);
  });

  it('records a second upload of the same text under its own key, pointing at the same article', async () => {
    const w = world();
    upload(w, 'incoming/a.txt');
    upload(w, 'incoming/copy.txt');
    await run(w, 'incoming/a.txt');
    const copy = processed(await run(w, 'incoming/copy.txt'));
    expect(copy).toMatchObject({
      duplicate: true,
      articleId: ARTICLE_ID,
      source: { key: 'incoming/copy.txt' },
    });
    expect(await w.repo.getSource(BUCKET, 'incoming/copy.txt')).toMatchObject({
      status: 'PROCESSED',
      articleId: ARTICLE_ID,
    });
    expect(w.events.ofType(DETAIL_TYPES.articleProcessed)).toHaveLength(1);
  });

  it('treats a claim lost to a finished copy (processed between the read and the claim) as a duplicate', async () => {
    const w = world();
    upload(w, 'incoming/a.txt');
    upload(w, 'incoming/copy.txt');
    // The copy finishes while this delivery is between its first read and its claim.
    const get = w.repo.getArticle.bind(w.repo);
    let first = true;
    w.repo.getArticle = async (id) => {
      const seen = await get(id);
      if (first) {
        first = false;
        await processArticle({ bucket: BUCKET, key: 'incoming/copy.txt' }, w.deps);
      }
      return seen;
    };
    const outcome = processed(await run(w, 'incoming/a.txt'));
    expect(outcome.duplicate).toBe(true);
    expect(w.events.ofType(DETAIL_TYPES.articleProcessed)).toHaveLength(1);
    expect(await w.repo.getSource(BUCKET, 'incoming/a.txt')).toMatchObject({ status: 'PROCESSED' });
  });
});

describe('processArticle: the lease', () => {
  /** Another delivery of the same text claimed the article and then stopped (crashed, timed out). */
  async function heldBy(w: FakeWorld, owner: string) {
    upload(w, 'incoming/other.txt');
    w.repo.faults.failNext('saveAnalysis');
    w.repo.faults.failNext('releaseArticle'); // the crash also skipped giving the lease back
    await expect(run(w, 'incoming/other.txt', owner)).rejects.toThrow(/injected failure of saveAnalysis/);
    expect(w.repo.lease(ARTICLE_ID)?.owner).toBe(owner);
  }

  it('backs off (transient ArticleBusyError) while another delivery holds the lease', async () => {
    const w = world();
    await heldBy(w, 'msg-other');
    upload(w, 'incoming/a.txt');
    w.clock.advance(LEASE_MS - 1);
    await expect(run(w, 'incoming/a.txt', 'msg-1')).rejects.toBeInstanceOf(ArticleBusyError);
    expect(w.repo.lease(ARTICLE_ID)?.owner).toBe('msg-other'); // not released by the loser
    expect(w.events.published).toEqual([]);
    expect(await w.repo.getSource(BUCKET, 'incoming/a.txt')).toBeNull();
  });

  it('takes over a lease that has expired', async () => {
    const w = world();
    await heldBy(w, 'msg-other');
    upload(w, 'incoming/a.txt');
    w.clock.advance(LEASE_MS + 1);
    processed(await run(w, 'incoming/a.txt', 'msg-1'));
    expect(w.events.ofType(DETAIL_TYPES.articleProcessed)).toHaveLength(1);
    expect((await w.repo.getArticle(ARTICLE_ID))?.status).toBe('PROCESSED');
  });

  it('lets a redelivery of the same message take over its own lease at once', async () => {
    const w = world();
    await heldBy(w, 'msg-1');
    processed(await run(w, 'incoming/other.txt', 'msg-1'));
    expect(w.repo.lease(ARTICLE_ID)).toBeNull();
  });

  it('gives the lease back after a failure so that a redelivery need not wait for it', async () => {
    const w = world();
    upload(w, 'incoming/a.txt');
    w.repo.faults.failNext('completeArticle');
    await expect(run(w, 'incoming/a.txt', 'msg-1')).rejects.toThrow(/completeArticle/);
    expect(w.repo.lease(ARTICLE_ID)).toBeNull();
    expect((await w.repo.getArticle(ARTICLE_ID))?.status).toBe('PROCESSING');
    processed(await run(w, 'incoming/a.txt', 'msg-2')); // another delivery, no waiting
    expect(w.events.ofType(DETAIL_TYPES.articleProcessed)).toHaveLength(1);
  });
});

describe('processArticle: partial publication', () => {
  it('records what the bus accepted, and a retry publishes only the rest, each event once', async () => {
    const w = world();
    upload(w, 'incoming/long.txt', LONG_TEXT);
    // The bus keeps rejecting one statement event in the second request.
    w.events.rejectEntry = (e) =>
      e.detail.eventId.includes(':s11:statement-processed') ? 'ThrottlingException' : null;
    const failure = await run(w, 'incoming/long.txt', 'msg-1').catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(EventPublishError);
    expect((failure as Error).message).toMatch(/1 event\(s\) were not accepted.*ThrottlingException/);

    const articleId = articleIdFor(sha256Hex(LONG_TEXT));
    expect(await w.repo.getArticle(articleId)).toMatchObject({ status: 'PROCESSING' });
    const recorded = await w.repo.publishedEventIds(articleId, TEST_PIPELINE_VERSION.id);
    expect(recorded).toHaveLength(11); // 10 in the first request, 1 of 2 in the second
    expect(recorded).toEqual([...eventIds(w)].sort());
    expect(w.repo.faults.count('markEventsPublished')).toBe(1); // once, when the attempt failed
    expect(w.repo.lease(articleId)).toBeNull();
    expect(await w.repo.getSource(BUCKET, 'incoming/long.txt')).toBeNull();

    w.events.rejectEntry = null;
    const retry = processed(await run(w, 'incoming/long.txt', 'msg-1'));
    expect(retry.eventsPublished).toBe(2); // the rejected statement event, then Article Processed
    const ids = eventIds(w);
    expect(ids).toHaveLength(13);
    expect(new Set(ids).size).toBe(13);
    expect((await w.repo.getArticle(articleId))?.status).toBe('PROCESSED');
  });

  it('records what got through when completing fails, so the retry publishes nothing again', async () => {
    const w = world();
    upload(w, 'incoming/a.txt');
    w.repo.faults.failNext('completeArticle');
    await expect(run(w, 'incoming/a.txt', 'msg-1')).rejects.toThrow(/completeArticle/);
    expect(w.events.published).toHaveLength(3); // the statements; no announcement before completion
    processed(await run(w, 'incoming/a.txt', 'msg-1'));
    expect(w.events.published).toHaveLength(4);
  });

  it('resumes after recording published ids failed too: only those events go out again', async () => {
    const w = world();
    upload(w, 'incoming/a.txt');
    w.repo.faults.failNext('completeArticle');
    w.repo.faults.failNext('markEventsPublished');
    await expect(run(w, 'incoming/a.txt', 'msg-1')).rejects.toThrow(/completeArticle/);
    expect(w.events.published).toHaveLength(3); // accepted by the bus, not recorded
    processed(await run(w, 'incoming/a.txt', 'msg-1'));
    // The window the design admits (as a crash would): accepted but unrecorded events go out again,
    // with the same eventIds.
    expect(w.events.published).toHaveLength(7);
    expect(new Set(eventIds(w)).size).toBe(4);
  });

  it('retries when the bus fails whole requests, then publishes everything once', async () => {
    const w = world();
    upload(w, 'incoming/a.txt');
    w.events.faults.failNext('request');
    await expect(run(w, 'incoming/a.txt')).rejects.toThrow(/injected failure of request/);
    expect(w.events.published).toEqual([]);
    processed(await run(w, 'incoming/a.txt'));
    expect(new Set(eventIds(w)).size).toBe(4);
    expect(eventIds(w)).toHaveLength(4);
  });

  it('rides out an entry rejected once within a single publish (the adapter retries entries)', async () => {
    const w = world();
    upload(w, 'incoming/a.txt');
    w.events.rejectEntry = (_e, attempt) => (attempt === 1 ? 'InternalFailure' : null);
    processed(await run(w, 'incoming/a.txt'));
    expect(eventIds(w)).toHaveLength(4);
    expect(w.repo.faults.count('markEventsPublished')).toBe(0);
  });
});

describe('processArticle: failures', () => {
  it('records bad input FAILED with a readable error, publishes Article Failed once, and never retries', async () => {
    const w = world();
    upload(w, 'incoming/empty.txt', '   \n');
    const outcome = await run(w, 'incoming/empty.txt');
    expect(outcome).toMatchObject({
      status: 'FAILED',
      articleId: null,
      source: { key: 'incoming/empty.txt' },
    });
    const source = await w.repo.getSource(BUCKET, 'incoming/empty.txt');
    expect(source).toMatchObject({ status: 'FAILED', failureEventPublished: true });
    expect(source!.error).toEqual(outcome.status === 'FAILED' ? outcome.error : null);
    expect(source!.error).toEqual({
      code: 'EMPTY_INPUT',
      message: 'The file has no text (only whitespace).',
    });

    expect(await run(w, 'incoming/empty.txt')).toEqual(outcome); // redelivery
    const failed = w.events.ofType(DETAIL_TYPES.articleFailed);
    expect(failed).toHaveLength(1);
    expect(failed[0]!.detail).toMatchObject({ articleId: null, error: source!.error });
    expect(w.repo.faults.count('claimArticle')).toBe(0);
  });

  it('announces a new failure when different bad content is uploaded under the same key', async () => {
    const w = world();
    upload(w, 'incoming/bad.txt', '   \n');
    await run(w, 'incoming/bad.txt');
    upload(w, 'incoming/bad.txt', '\n\n\t\n');
    await run(w, 'incoming/bad.txt');
    const failed = w.events.ofType(DETAIL_TYPES.articleFailed);
    expect(failed).toHaveLength(2);
    expect(failed[0]!.detail.eventId).not.toBe(failed[1]!.detail.eventId);
  });

  it('publishes Article Failed on the retry when the bus failed the first time, still once', async () => {
    const w = world();
    upload(w, 'incoming/empty.txt', '');
    w.events.faults.failNext('request');
    await expect(run(w, 'incoming/empty.txt')).rejects.toThrow(/injected/);
    expect(await w.repo.getSource(BUCKET, 'incoming/empty.txt')).toMatchObject({
      status: 'FAILED',
      failureEventPublished: false,
    });
    await run(w, 'incoming/empty.txt');
    await run(w, 'incoming/empty.txt');
    expect(w.events.ofType(DETAIL_TYPES.articleFailed)).toHaveLength(1);
  });

  it('records an object deleted before it was read as OBJECT_NOT_FOUND under its decoded key', async () => {
    const w = world();
    const outcome = await run(w, 'incoming/gone+away.txt');
    expect(outcome).toMatchObject({
      status: 'FAILED',
      error: { code: 'OBJECT_NOT_FOUND' },
      source: { key: 'incoming/gone away.txt' },
    });
    expect(await w.repo.getSource(BUCKET, 'incoming/gone away.txt')).toMatchObject({
      status: 'FAILED',
      objectHash: null,
    });
  });

  it('records a binary upload as UNSUPPORTED_BINARY', async () => {
    const w = world();
    upload(w, 'incoming/scan.pdf', new TextEncoder().encode('%PDF-1.7\n%\u00e2\u00e3\n1 0 obj'));
    expect(await run(w, 'incoming/scan.pdf')).toMatchObject({
      status: 'FAILED',
      error: { code: 'UNSUPPORTED_BINARY' },
    });
  });

  it('throws a transient object-store error for a retry, recording nothing', async () => {
    const w = world();
    upload(w, 'incoming/a.txt');
    w.objects.faults.failNext('get');
    await expect(run(w, 'incoming/a.txt')).rejects.toThrow(/injected failure of get/);
    expect(w.repo.allSources()).toEqual([]);
    expect(w.events.published).toEqual([]);
  });

  it('records an exception from the core as FAILED (PROCESSING_ERROR) on source and article, once', async () => {
    const w = world();
    upload(w, 'incoming/a.txt');
    const analyze = () => {
      throw new RangeError('Maximum call stack size exceeded');
    };
    const outcome = await processArticle({ bucket: BUCKET, key: 'incoming/a.txt' }, { ...w.deps, analyze });
    expect(outcome).toMatchObject({
      status: 'FAILED',
      articleId: ARTICLE_ID,
      error: { code: 'PROCESSING_ERROR' },
    });
    const source = await w.repo.getSource(BUCKET, 'incoming/a.txt');
    expect(source!.error!.message).toMatch(/could not be analysed \(Maximum call stack size exceeded\)/);
    expect(await w.repo.getArticle(ARTICLE_ID)).toMatchObject({ status: 'FAILED', error: source!.error });
    expect(w.logger.at('error').map((e) => e.message)).toEqual(['Analysis failed']);

    await processArticle({ bucket: BUCKET, key: 'incoming/a.txt' }, { ...w.deps, analyze });
    const failed = w.events.ofType(DETAIL_TYPES.articleFailed);
    expect(failed).toHaveLength(1);
    expect(failed[0]!.detail).toMatchObject({ articleId: ARTICLE_ID, error: source!.error });
  });

  it('leaves a processed article PROCESSED when another copy of its text later fails', async () => {
    const w = world();
    upload(w, 'incoming/a.txt');
    upload(w, 'incoming/copy.txt');
    await run(w, 'incoming/a.txt');
    const analyze = () => {
      throw new Error('boom');
    };
    const outcome = await processArticle(
      { bucket: BUCKET, key: 'incoming/copy.txt' },
      { ...w.deps, analyze },
    );
    expect(outcome).toMatchObject({ status: 'FAILED', articleId: ARTICLE_ID });
    expect(await w.repo.getArticle(ARTICLE_ID)).toMatchObject({ status: 'PROCESSED', error: null });
    expect(await w.repo.getSource(BUCKET, 'incoming/copy.txt')).toMatchObject({ status: 'FAILED' });
  });

  it('reprocesses an article that failed once its text can be analysed (a FAILED article can be claimed)', async () => {
    const w = world();
    upload(w, 'incoming/a.txt');
    const analyze = () => {
      throw new Error('boom');
    };
    await processArticle({ bucket: BUCKET, key: 'incoming/a.txt' }, { ...w.deps, analyze });
    upload(w, 'incoming/again.txt');
    processed(await run(w, 'incoming/again.txt'));
    expect(await w.repo.getArticle(ARTICLE_ID)).toMatchObject({ status: 'PROCESSED', error: null });
  });

  it('keeps a storage failure transient: thrown for a retry, which resumes without duplicates', async () => {
    const w = world();
    upload(w, 'incoming/a.txt');
    w.repo.faults.failNext('saveAnalysis', transientError('saveAnalysis'), 2);
    await expect(run(w, 'incoming/a.txt', 'msg-1')).rejects.toThrow(/saveAnalysis/);
    await expect(run(w, 'incoming/a.txt', 'msg-1')).rejects.toThrow(/saveAnalysis/);
    expect(w.events.published).toEqual([]);
    processed(await run(w, 'incoming/a.txt', 'msg-1'));
    expect(eventIds(w)).toHaveLength(4);
    expect(new Set(eventIds(w)).size).toBe(4);
  });
});

describe('processArticle: completion and failures of the results', () => {
  const serviceError = (name: string, message: string) => Object.assign(new Error(message), { name });

  it('announces Article Processed last, only once every statement event went out and the article is PROCESSED', async () => {
    const w = world();
    upload(w, 'incoming/a.txt');
    const statusAtAnnouncement: Array<string | undefined> = [];
    const publish = w.events.publish.bind(w.events);
    w.events.publish = async (events, onPublished) => {
      if (events.some((e) => e.detailType === DETAIL_TYPES.articleProcessed))
        statusAtAnnouncement.push((await w.repo.getArticle(ARTICLE_ID))?.status);
      return publish(events, onPublished);
    };
    processed(await run(w, 'incoming/a.txt', 'msg-1'));
    expect(statusAtAnnouncement).toEqual(['PROCESSED']);
    expect(w.events.published.at(-1)!.detailType).toBe(DETAIL_TYPES.articleProcessed);
  });

  it('never announces when the final PROCESSED write fails; the retry completes and announces once', async () => {
    const w = world();
    upload(w, 'incoming/a.txt');
    w.repo.faults.failNext('completeArticle');
    await expect(run(w, 'incoming/a.txt', 'msg-1')).rejects.toThrow(/completeArticle/);
    expect(w.events.ofType(DETAIL_TYPES.articleProcessed)).toEqual([]);
    expect(w.events.ofType(DETAIL_TYPES.statementProcessed)).toHaveLength(3);
    processed(await run(w, 'incoming/a.txt', 'msg-1'));
    expect(w.events.ofType(DETAIL_TYPES.articleProcessed)).toHaveLength(1);
    expect(w.events.ofType(DETAIL_TYPES.statementProcessed)).toHaveLength(3);
  });

  it('sends a lost announcement on the retry that finds the article already PROCESSED', async () => {
    const w = world();
    upload(w, 'incoming/a.txt');
    w.events.rejectEntry = (e) =>
      e.detailType === DETAIL_TYPES.articleProcessed ? 'ThrottlingException' : null;
    await expect(run(w, 'incoming/a.txt', 'msg-1')).rejects.toBeInstanceOf(EventPublishError);
    expect((await w.repo.getArticle(ARTICLE_ID))?.status).toBe('PROCESSED');
    expect(w.events.ofType(DETAIL_TYPES.articleProcessed)).toEqual([]);
    w.events.rejectEntry = null;
    await run(w, 'incoming/a.txt', 'msg-1');
    await run(w, 'incoming/a.txt', 'msg-2'); // a later redelivery: announced already, nothing more
    expect(w.events.ofType(DETAIL_TYPES.articleProcessed)).toHaveLength(1);
    expect(w.events.ofType(DETAIL_TYPES.statementProcessed)).toHaveLength(3);
  });

  it('sends the announcement of an attempt that died after completing, before recording its source', async () => {
    // kill -9 between the PROCESSED write and the announcement: the article is PROCESSED, the source has
    // no record yet (it is written last). The redelivery must announce it, as the dead attempt built it.
    const w = world();
    upload(w, 'incoming/a.txt', TEXT);
    processed(await run(w, 'incoming/a.txt', 'msg-0'));
    const next = 'The council met again.\n\n"We disagree," Ivan Orlov said.\n';
    upload(w, 'incoming/a.txt', next); // a new version of the object: replaces the first article
    const attempted: PipelineEvent[] = [];
    w.events.rejectEntry = (e) => {
      if (e.detailType !== DETAIL_TYPES.articleProcessed || e.detail.articleId === ARTICLE_ID) return null;
      attempted.push(structuredClone(e));
      return 'ThrottlingException';
    };
    w.repo.faults.failNext('putSource'); // the dying attempt never records anything more
    await expect(run(w, 'incoming/a.txt', 'msg-1')).rejects.toBeInstanceOf(EventPublishError);
    const nextId = articleIdFor(sha256Hex(next));
    expect((await w.repo.getArticle(nextId))?.status).toBe('PROCESSED');
    expect(await w.repo.getSource(BUCKET, 'incoming/a.txt')).toMatchObject({ articleId: ARTICLE_ID });
    w.events.rejectEntry = null;

    const outcome = processed(await run(w, 'incoming/a.txt', 'msg-1'));
    expect(outcome.articleId).toBe(nextId);
    const announced = w.events
      .ofType(DETAIL_TYPES.articleProcessed)
      .filter((e) => e.detail.articleId === nextId);
    expect(announced).toHaveLength(1);
    // A re-send of what the dead attempt built: same event id, same content, the replacement included.
    expect(announced[0]!.detail).toEqual(attempted[0]!.detail);
    expect(announced[0]!.detail).toMatchObject({
      supersedes: { articleId: ARTICLE_ID, reason: 'replaced' },
    });
    expect(await w.repo.getSource(BUCKET, 'incoming/a.txt')).toMatchObject({
      status: 'PROCESSED',
      articleId: nextId,
    });
    expect((await w.repo.getSource(BUCKET, 'incoming/a.txt'))?.alreadyProcessed).toBeUndefined();
    await run(w, 'incoming/a.txt', 'msg-2'); // later redeliveries announce nothing more
    expect(
      w.events.ofType(DETAIL_TYPES.articleProcessed).filter((e) => e.detail.articleId === nextId),
    ).toHaveLength(1);
  });

  it('does not announce for a second object whose text another object completed', async () => {
    const w = world();
    upload(w, 'incoming/a.txt');
    upload(w, 'incoming/b.txt');
    w.events.rejectEntry = (e) =>
      e.detailType === DETAIL_TYPES.articleProcessed ? 'ThrottlingException' : null;
    w.repo.faults.failNext('putSource');
    await expect(run(w, 'incoming/a.txt', 'msg-1')).rejects.toBeInstanceOf(EventPublishError);
    w.events.rejectEntry = null;
    expect(processed(await run(w, 'incoming/b.txt', 'msg-2')).duplicate).toBe(true);
    expect(w.events.ofType(DETAIL_TYPES.articleProcessed)).toEqual([]);
    await run(w, 'incoming/a.txt', 'msg-1'); // the object that completed it announces it
    expect(w.events.ofType(DETAIL_TYPES.articleProcessed)).toHaveLength(1);
  });

  it('records FAILED (RESULT_REJECTED) with Article Failed when the bus rejects an entry as invalid, without retrying it', async () => {
    const w = world();
    upload(w, 'incoming/a.txt');
    let attempts = 0;
    w.events.rejectEntry = (e) => {
      if (!e.detail.eventId.includes(':s1:statement-processed')) return null;
      attempts++;
      return 'MalformedDetail';
    };
    const outcome = await run(w, 'incoming/a.txt', 'msg-1');
    expect(outcome).toMatchObject({
      status: 'FAILED',
      articleId: ARTICLE_ID,
      error: { code: 'RESULT_REJECTED', message: expect.stringContaining('MalformedDetail') },
    });
    expect(attempts).toBe(1);
    expect(w.events.ofType(DETAIL_TYPES.articleProcessed)).toEqual([]);
    expect(w.events.ofType(DETAIL_TYPES.articleFailed)).toHaveLength(1);
    expect(await w.repo.getArticle(ARTICLE_ID)).toMatchObject({
      status: 'FAILED',
      error: { code: 'RESULT_REJECTED' },
    });
    expect(await w.repo.getSource(BUCKET, 'incoming/a.txt')).toMatchObject({ status: 'FAILED' });
    expect(w.repo.lease(ARTICLE_ID)).toBeNull();
    // A redelivery tries again (a fixed deployment may succeed): it fails the same way, never announces
    // success, and a repeated Article Failed is a re-send with the same event id.
    expect(await run(w, 'incoming/a.txt', 'msg-1')).toMatchObject({ status: 'FAILED' });
    expect(w.events.ofType(DETAIL_TYPES.articleProcessed)).toEqual([]);
    expect(new Set(w.events.ofType(DETAIL_TYPES.articleFailed).map((e) => e.detail.eventId)).size).toBe(1);
    expect(w.events.ofType(DETAIL_TYPES.statementProcessed)).toHaveLength(2); // s0 and s2, each once
  });

  it('records FAILED (ITEM_TOO_LARGE) when the store rejects an item over its size limit', async () => {
    const w = world();
    upload(w, 'incoming/a.txt');
    w.repo.faults.failNext('saveAnalysis', () =>
      serviceError('ValidationException', 'Item size has exceeded the maximum allowed size'),
    );
    const outcome = await run(w, 'incoming/a.txt', 'msg-1');
    expect(outcome).toMatchObject({ status: 'FAILED', error: { code: 'ITEM_TOO_LARGE' } });
    expect(w.events.published.map((e) => e.detailType)).toEqual([DETAIL_TYPES.articleFailed]);
    expect(await w.repo.getArticle(ARTICLE_ID)).toMatchObject({ status: 'FAILED' });
  });

  it('keeps throttling and server errors transient: thrown for a retry, nothing recorded FAILED', async () => {
    const w = world();
    upload(w, 'incoming/a.txt');
    w.repo.faults.failNext('saveAnalysis', () =>
      serviceError('ProvisionedThroughputExceededException', 'slow down'),
    );
    await expect(run(w, 'incoming/a.txt', 'msg-1')).rejects.toThrow(/slow down/);
    w.repo.faults.failNext('saveAnalysis', () => serviceError('InternalServerError', 'oops'));
    await expect(run(w, 'incoming/a.txt', 'msg-1')).rejects.toThrow(/oops/);
    expect(w.events.ofType(DETAIL_TYPES.articleFailed)).toEqual([]);
    expect((await w.repo.getArticle(ARTICLE_ID))?.status).toBe('PROCESSING');
    processed(await run(w, 'incoming/a.txt', 'msg-1'));
  });
});
