// The real process-article handler against s3rver + dynalite + a PutEvents endpoint, fed SQS batches
// carrying S3 event notifications the way S3 → SQS delivers them.
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DETAIL_SCHEMAS, DETAIL_TYPES, EVENT_SOURCE, type DetailType } from '../../events/schemas.js';
import { createDocumentClient } from '../../shared/adapters/aws-clients.js';
import { MAX_ARTICLE_BYTES } from '../../shared/ingest/index.js';
import { defaultModels } from '../../shared/adapters/models/index.js';
import { processArticleBytes } from '../../shared/app/process-file.js';
import { DynamoArticleRepository } from '../../shared/adapters/dynamodb/dynamo-repository.js';
import type { createHandler as CreateHandler } from '../../functions/process-article/handler.js';
import { s3Record, sqsEvent, sqsRecord, startStack, type Stack } from './handler-harness.js';

let stack: Stack;
let handler: ReturnType<typeof CreateHandler>;
let createHandler: typeof CreateHandler;
let defaultDeps: typeof import('../../functions/process-article/handler.js').defaultDeps;
let repo: DynamoArticleRepository;
let article: Buffer;
let expected: ReturnType<typeof processArticleBytes>;

const eventsOf = (type: DetailType, articleId?: string) =>
  stack.events.filter((e) => e.detailType === type && (!articleId || e.detail.articleId === articleId));

beforeAll(async () => {
  stack = await startStack();
  // Imported after the emulators' endpoints are in the environment.
  ({ handler, createHandler, defaultDeps } = await import('../../functions/process-article/handler.js'));
  repo = new DynamoArticleRepository(createDocumentClient(), stack.tableName);
  article = await readFile(new URL('../../examples/belarus-russia-partners.txt', import.meta.url));
  expected = processArticleBytes(article, defaultModels(), 'belarus.txt');
});

afterAll(async () => {
  await stack?.stop();
});

beforeEach(() => {
  stack.failEvents = null;
});

describe('process-article handler', () => {
  it('stores statements, quotes and entities and publishes one event per statement', async () => {
    await stack.put('incoming/belarus.txt', article, 'text/plain');
    const result = await handler(sqsEvent(s3Record(stack.bucket, 'incoming/belarus.txt')));
    expect(result.batchItemFailures).toEqual([]);

    const id = expected.article.id;
    const stored = await repo.getArticle(id);
    expect(stored).toMatchObject({
      status: 'PROCESSED',
      source: { bucket: stack.bucket, key: 'incoming/belarus.txt' },
      counts: {
        statements: expected.statements.length,
        quotes: expected.quotes.length,
        entities: expected.entities.length,
      },
    });
    const statements = await repo.listStatements(id);
    expect(statements.map((s) => s.text)).toEqual(expected.statements.map((s) => s.text));
    expect(statements.map((s) => [s.start, s.end])).toEqual(expected.statements.map((s) => [s.start, s.end]));
    expect(await repo.listQuotes(id)).toHaveLength(expected.quotes.length);
    expect(await repo.listEntities(id)).toHaveLength(expected.entities.length);
    expect(await repo.getSource(stack.bucket, 'incoming/belarus.txt')).toMatchObject({
      status: 'PROCESSED',
      articleId: id,
      error: null,
    });

    const statementEvents = eventsOf(DETAIL_TYPES.statementProcessed, id);
    expect(statementEvents.map((e) => e.detail.index)).toEqual(expected.statements.map((s) => s.index));
    expect(eventsOf(DETAIL_TYPES.articleProcessed, id)).toHaveLength(1);
    for (const e of stack.events) {
      expect(e.source).toBe(EVENT_SOURCE);
      expect(e.busName).toBe(stack.busName);
      expect(() => DETAIL_SCHEMAS[e.detailType as DetailType].parse(e.detail)).not.toThrow();
    }
    // The Article Processed event comes after all statement events.
    expect(stack.events.at(-1)?.detailType).toBe(DETAIL_TYPES.articleProcessed);
    // Quotes travel with the statement they start in.
    const quoted = expected.quotes[0]!;
    const carrier = statementEvents.find((e) => e.detail.index === quoted.statementIndex)!;
    expect((carrier.detail.quotes as Array<{ id: string }>).map((q) => q.id)).toContain(quoted.id);
  });

  it('answers queries by speaker and by entity', async () => {
    const quote = expected.quotes.find((q) => q.speaker.name)!;
    const bySpeaker = await repo.quotesBySpeaker(quote.speaker.name!.toUpperCase());
    expect(bySpeaker.map((q) => q.id)).toContain(quote.id);
    expect(bySpeaker.every((q) => q.speaker.name === quote.speaker.name)).toBe(true);

    const entity = expected.entities.find((e) => e.type === 'PERSON') ?? expected.entities[0]!;
    const byEntity = await repo.statementsByEntity(entity.name);
    expect(byEntity.map((s) => s.index)).toEqual(
      [...new Set(entity.mentions.map((m) => m.statementIndex))].sort((a, b) => a - b),
    );
    expect(await repo.statementsByEntity('Nobody Mentioned Here')).toEqual([]);
  });

  it('does not duplicate items or events when the same message is delivered again', async () => {
    const before = stack.events.length;
    const record = s3Record(stack.bucket, 'incoming/belarus.txt');
    expect((await handler(sqsEvent(record))).batchItemFailures).toEqual([]);
    expect((await handler(sqsEvent(record))).batchItemFailures).toEqual([]);
    expect(stack.events.length).toBe(before);
    expect(await repo.listStatements(expected.article.id)).toHaveLength(expected.statements.length);
  });

  it('records a second upload of the same text under its own key without new events', async () => {
    const key = 'incoming/copy of belarus+1.txt';
    await stack.put(key, article);
    const before = stack.events.length;
    expect((await handler(sqsEvent(s3Record(stack.bucket, key)))).batchItemFailures).toEqual([]);
    expect(stack.events.length).toBe(before);
    expect(await repo.getSource(stack.bucket, key)).toMatchObject({
      status: 'PROCESSED',
      articleId: expected.article.id,
    });
  });

  it('publishes each event once when two copies of the same text arrive in one batch', async () => {
    const text =
      'The governor said on Friday that the dam was safe.\n\n"There is no danger," she told reporters.\n';
    await stack.put('incoming/twin-a.txt', text);
    await stack.put('incoming/twin-b.txt', text);
    const a = s3Record(stack.bucket, 'incoming/twin-a.txt');
    const b = s3Record(stack.bucket, 'incoming/twin-b.txt');
    // Processed concurrently: one claims the article, the other finds it leased (retried) or processed.
    const first = await handler(sqsEvent(a, b));
    const retried = first.batchItemFailures.map((f) => f.itemIdentifier);
    expect(retried.length).toBeLessThanOrEqual(1);
    const again = [a, b].filter((r) => retried.includes(r.messageId));
    if (again.length) expect((await handler(sqsEvent(...again))).batchItemFailures).toEqual([]);

    const articleId = processArticleBytes(new TextEncoder().encode(text), defaultModels(), 'twin.txt').article
      .id;
    for (const key of ['incoming/twin-a.txt', 'incoming/twin-b.txt']) {
      expect(await repo.getSource(stack.bucket, key)).toMatchObject({ status: 'PROCESSED', articleId });
    }
    const ids = stack.events.filter((e) => e.detail.articleId === articleId).map((e) => e.detail.eventId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength((await repo.getArticle(articleId))!.counts.statements + 1);
  });

  it('finds objects whether the event key is URL-encoded (S3) or raw (s3rver), even with % and +', async () => {
    // Raw, this key also decodes ('%25' → '%', '+' → ' ') to a key that does not exist: fallback path.
    const key = 'incoming/50%25 off+more.txt';
    await stack.put(key, 'The minister said on Monday that the talks had been "very productive".\n');
    const encoded = await handler(sqsEvent(s3Record(stack.bucket, key)));
    expect(encoded.batchItemFailures).toEqual([]);
    const raw = await handler(sqsEvent(s3Record(stack.bucket, key, { rawKey: true })));
    expect(raw.batchItemFailures).toEqual([]);
    const source = await repo.getSource(stack.bucket, key);
    expect(source).toMatchObject({ status: 'PROCESSED' });
    expect((await repo.getArticle(source!.articleId!))?.status).toBe('PROCESSED');
  });

  it('records bad input as FAILED with one Article Failed event, and does not retry it', async () => {
    const key = 'incoming/empty.txt';
    await stack.put(key, new Uint8Array());
    const record = s3Record(stack.bucket, key);
    expect((await handler(sqsEvent(record))).batchItemFailures).toEqual([]);
    expect((await handler(sqsEvent(record))).batchItemFailures).toEqual([]);
    const source = await repo.getSource(stack.bucket, key);
    expect(source).toMatchObject({ status: 'FAILED', articleId: null, error: { code: 'EMPTY_INPUT' } });
    expect(source!.error!.message).toMatch(/empty/i);
    const failed = eventsOf(DETAIL_TYPES.articleFailed).filter(
      (e) => (e.detail.source as { key: string }).key === key,
    );
    expect(failed).toHaveLength(1);
    expect(failed[0]!.detail.error).toEqual(source!.error);
  });

  it('records a binary upload as UNSUPPORTED_BINARY', async () => {
    const key = 'incoming/scan.pdf';
    await stack.put(key, new TextEncoder().encode('%PDF-1.7\n%\u00e2\u00e3\n1 0 obj'), 'application/pdf');
    expect((await handler(sqsEvent(s3Record(stack.bucket, key)))).batchItemFailures).toEqual([]);
    expect(await repo.getSource(stack.bucket, key)).toMatchObject({
      status: 'FAILED',
      error: { code: 'UNSUPPORTED_BINARY', message: expect.stringMatching(/PDF/) },
    });
  });

  it('records an upload over the size limit as TOO_LARGE under its real key', async () => {
    const key = 'incoming/big file.txt';
    await stack.put(key, new Uint8Array(MAX_ARTICLE_BYTES + 1).fill(0x61));
    expect((await handler(sqsEvent(s3Record(stack.bucket, key)))).batchItemFailures).toEqual([]);
    expect(await repo.getSource(stack.bucket, key)).toMatchObject({
      status: 'FAILED',
      error: { code: 'TOO_LARGE', message: expect.stringMatching(/5 MB limit/) },
    });
  });

  it('processes an HTML article, keeping its title and date', async () => {
    const key = 'incoming/story';
    const page = `<html lang="en"><head><title>Bridge opens</title>
      <meta property="article:published_time" content="2025-02-03T08:00:00Z"></head>
      <body><nav>Home | News</nav><article><h1>Bridge opens</h1>
      <p>The new bridge opened on Monday, Mayor Alice Brown said.</p>
      <p>"It is a great day for the city," she told reporters.</p></article></body></html>`;
    await stack.put(key, page, 'text/html; charset=utf-8');
    expect((await handler(sqsEvent(s3Record(stack.bucket, key)))).batchItemFailures).toEqual([]);
    const source = await repo.getSource(stack.bucket, key);
    const stored = await repo.getArticle(source!.articleId!);
    expect(stored).toMatchObject({
      status: 'PROCESSED',
      title: 'Bridge opens',
      publishedAt: '2025-02-03T08:00:00.000Z',
      format: 'html',
      language: 'en',
    });
    const statements = await repo.listStatements(stored!.articleId);
    expect(statements.map((s) => s.text).join(' ')).not.toMatch(/Home|News/);
  });

  it('accepts S3 notifications routed through EventBridge and ignores deletions', async () => {
    const key = 'incoming/via-eventbridge.txt';
    await stack.put(key, 'The council said the park would reopen in June.\n');
    const viaEventBridge = sqsRecord(
      JSON.stringify({
        version: '0',
        source: 'aws.s3',
        'detail-type': 'Object Created',
        detail: { bucket: { name: stack.bucket }, object: { key, size: 48 } },
      }),
    );
    const removed = sqsRecord(
      JSON.stringify({
        Records: [
          {
            eventName: 'ObjectRemoved:Delete',
            s3: { bucket: { name: stack.bucket }, object: { key: 'incoming/gone.txt' } },
          },
        ],
      }),
    );
    expect((await handler(sqsEvent(viaEventBridge, removed))).batchItemFailures).toEqual([]);
    expect(await repo.getSource(stack.bucket, key)).toMatchObject({ status: 'PROCESSED' });
    expect(await repo.getSource(stack.bucket, 'incoming/gone.txt')).toBeNull();
  });

  it('records an object that no longer exists as FAILED', async () => {
    const result = await handler(sqsEvent(s3Record(stack.bucket, 'incoming/deleted.txt')));
    expect(result.batchItemFailures).toEqual([]);
    expect(await repo.getSource(stack.bucket, 'incoming/deleted.txt')).toMatchObject({
      status: 'FAILED',
      error: { code: 'OBJECT_NOT_FOUND' },
    });
  });

  it('ignores s3:TestEvent and fails (for the DLQ) messages that are not S3 notifications', async () => {
    const test = sqsRecord(
      JSON.stringify({ Service: 'Amazon S3', Event: 's3:TestEvent', Bucket: stack.bucket }),
    );
    const junk = sqsRecord('not json at all');
    const wrongShape = sqsRecord(JSON.stringify({ hello: 'world' }));
    const result = await handler(sqsEvent(test, junk, wrongShape));
    expect(result.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(
      [junk.messageId, wrongShape.messageId].sort(),
    );
  });

  it('reports a transient bus failure as a batch item failure and completes on redelivery, each event once', async () => {
    const key = 'incoming/transient.txt';
    const text = [
      'Alice Brown, the mayor of Springfield, said on Tuesday that the new bridge would open in May.',
      '"We are proud of this project," Brown told reporters.',
      'The city council approved the budget last year, according to officials.',
      'John Smith, a local engineer, said the design was safe.',
    ].join('\n\n');
    await stack.put(key, text);
    const good = s3Record(stack.bucket, 'incoming/belarus.txt');
    const failing = s3Record(stack.bucket, key);
    // The bus rejects every statement event with an odd index: some events get through, some do not.
    stack.failEvents = (entry) =>
      entry.DetailType === DETAIL_TYPES.statementProcessed &&
      (JSON.parse(entry.Detail) as { index: number }).index % 2
        ? 'ThrottlingException'
        : null;
    const first = await handler(sqsEvent(good, failing));
    expect(first.batchItemFailures).toEqual([{ itemIdentifier: failing.messageId }]);

    const articleId = processArticleBytes(new TextEncoder().encode(text), defaultModels(), key).article.id;
    expect((await repo.getArticle(articleId))?.status).toBe('PROCESSING');
    const partial = eventsOf(DETAIL_TYPES.statementProcessed, articleId).length;
    expect(partial).toBeGreaterThan(0);

    stack.failEvents = null;
    const second = await handler(sqsEvent(failing));
    expect(second.batchItemFailures).toEqual([]);
    const stored = await repo.getArticle(articleId);
    expect(stored?.status).toBe('PROCESSED');
    const events = stack.events.filter((e) => e.detail.articleId === articleId);
    const ids = events.map((e) => e.detail.eventId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(events).toHaveLength(stored!.counts.statements + 1);
    expect(stored!.publishedEventIds.sort()).toEqual([...ids].sort());
  });

  it('retries a storage failure and resumes without duplicates (fault injected into the real repository)', async () => {
    const key = 'incoming/storage-fault.txt';
    const text =
      'The company said profits rose by 10 percent.\n\n"It was a good year," the chief executive said.\n';
    await stack.put(key, text);
    let failures = 1;
    const faulty = createHandler(() => {
      const deps = defaultDeps();
      const completeArticle = deps.repo.completeArticle.bind(deps.repo);
      deps.repo.completeArticle = async (...args) => {
        if (failures-- > 0)
          throw Object.assign(new Error('Throughput exceeded'), {
            name: 'ProvisionedThroughputExceededException',
          });
        return completeArticle(...args);
      };
      return deps;
    });
    const record = s3Record(stack.bucket, key);
    expect((await faulty(sqsEvent(record))).batchItemFailures).toEqual([
      { itemIdentifier: record.messageId },
    ]);
    expect((await faulty(sqsEvent(record))).batchItemFailures).toEqual([]);
    const articleId = processArticleBytes(new TextEncoder().encode(text), defaultModels(), key).article.id;
    const events = stack.events.filter((e) => e.detail.articleId === articleId);
    const stored = await repo.getArticle(articleId);
    expect(stored?.status).toBe('PROCESSED');
    expect(events).toHaveLength(stored!.counts.statements + 1);
  });

  it('fails every record (to be retried) when the function is misconfigured', async () => {
    const misconfigured = createHandler(() => {
      throw new Error('Environment variable TABLE_NAME is not set.');
    });
    const a = s3Record(stack.bucket, 'incoming/belarus.txt');
    const b = s3Record(stack.bucket, 'incoming/belarus.txt');
    const result = await misconfigured(sqsEvent(a, b));
    expect(result.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(
      [a.messageId, b.messageId].sort(),
    );
  });

  it('retries when the bus is down as a whole', async () => {
    const key = 'incoming/bus-down.txt';
    await stack.put(key, 'The ministry said the border would stay open.\n');
    stack.failEvents = 'http';
    const record = s3Record(stack.bucket, key);
    expect((await handler(sqsEvent(record))).batchItemFailures).toEqual([
      { itemIdentifier: record.messageId },
    ]);
    stack.failEvents = null;
    expect((await handler(sqsEvent(record))).batchItemFailures).toEqual([]);
    expect(await repo.getSource(stack.bucket, key)).toMatchObject({ status: 'PROCESSED' });
  });
});
