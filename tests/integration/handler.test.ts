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
import { ResultsClient } from '../../shared/results/client.js';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { itemSize, MAX_DYNAMODB_ITEM_BYTES } from '../../shared/adapters/dynamodb/item-size.js';
import { analyzeArticle } from '../../shared/nlp/pipeline.js';
import type { ProcessArticleDeps } from '../../shared/app/process-article.js';
import type { createHandler as CreateHandler } from '../../functions/process-article/handler.js';
import { s3Record, sqsEvent, sqsRecord, startStack, type Stack } from './handler-harness.js';

let stack: Stack;
let handler: ReturnType<typeof CreateHandler>;
let createHandler: typeof CreateHandler;
let defaultDeps: typeof import('../../functions/process-article/handler.js').defaultDeps;
let repo: DynamoArticleRepository;
let results: ResultsClient;
let article: Buffer;
let expected: ReturnType<typeof processArticleBytes>;

const storedOf = async (articleId: string) => {
  const analysis = (await results.getResult(articleId))?.stored?.analysis;
  if (!analysis) throw new Error(`No stored result for ${articleId}.`);
  return analysis;
};

const eventsOf = (type: DetailType, articleId?: string) =>
  stack.events.filter((e) => e.detailType === type && (!articleId || e.detail.articleId === articleId));

beforeAll(async () => {
  stack = await startStack();
  // Imported after the emulators' endpoints are in the environment.
  ({ handler, createHandler, defaultDeps } = await import('../../functions/process-article/handler.js'));
  repo = new DynamoArticleRepository(createDocumentClient(), stack.tableName);
  results = new ResultsClient({ tableName: stack.tableName, documentClient: createDocumentClient() });
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
    expect(await repo.getArticle(id)).toMatchObject({
      status: 'PROCESSED',
      source: { bucket: stack.bucket, key: 'incoming/belarus.txt' },
      counts: {
        statements: expected.statements.length,
        quotes: expected.quotes.length,
        entities: expected.entities.length,
      },
    });
    // Stored compressed, read back exactly as analysed.
    const stored = await storedOf(id);
    expect(stored.statements).toEqual(expected.statements);
    expect(stored.quotes).toEqual(expected.quotes);
    expect(stored.entities).toEqual(expected.entities);
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
    const bySpeaker = await results.quotesBySpeaker(quote.speaker.name!.toUpperCase()).all();
    expect(bySpeaker.map((q) => q.id)).toContain(quote.id);
    expect(bySpeaker.every((q) => q.speaker.name === quote.speaker.name)).toBe(true);

    const entity = expected.entities.find((e) => e.type === 'PERSON') ?? expected.entities[0]!;
    const byEntity = await results.statementsAbout(entity.name).all();
    expect(byEntity.map((s) => s.index)).toEqual(
      [...new Set(entity.mentions.map((m) => m.statementIndex))].sort((a, b) => a - b),
    );
    expect(await results.statementsAbout('Nobody Mentioned Here').all()).toEqual([]);
  });

  it('does not duplicate items or events when the same message is delivered again', async () => {
    const before = stack.events.length;
    const record = s3Record(stack.bucket, 'incoming/belarus.txt');
    expect((await handler(sqsEvent(record))).batchItemFailures).toEqual([]);
    expect((await handler(sqsEvent(record))).batchItemFailures).toEqual([]);
    expect(stack.events.length).toBe(before);
    expect((await storedOf(expected.article.id)).statements).toHaveLength(expected.statements.length);
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
    const { statements } = await storedOf(stored!.articleId);
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

  describe('versions and deletes', () => {
    const text = [
      'Maria Lopez, the mayor of Riverton, said on Tuesday that the bridge would reopen in June.',
      '"The repairs are going well," Lopez told reporters at City Hall.',
      'The bridge was closed in March after an inspection found cracks.',
    ].join('\n\n');
    const key = 'incoming/riverton.txt';
    const articleId = () =>
      processArticleBytes(new TextEncoder().encode(text), defaultModels(), key).article.id;
    const withVersion = (id: string) =>
      createHandler(() => ({ ...defaultDeps(), pipelineVersion: { id, code: `test+${id}`, models: 'm' } }));

    it('reprocesses an article for a new pipeline version: new event ids that say what they supersede', async () => {
      await stack.put(key, text);
      const v1 = withVersion('pv-test-1');
      expect((await v1(sqsEvent(s3Record(stack.bucket, key)))).batchItemFailures).toEqual([]);
      const id = articleId();
      const first = eventsOf(DETAIL_TYPES.statementProcessed, id);
      expect(first.every((e) => e.detail.pipelineVersion === 'pv-test-1' && !e.detail.supersedes)).toBe(true);
      // Same version again: nothing new.
      expect((await v1(sqsEvent(s3Record(stack.bucket, key)))).batchItemFailures).toEqual([]);
      expect(eventsOf(DETAIL_TYPES.statementProcessed, id)).toHaveLength(first.length);

      const v2 = withVersion('pv-test-2');
      expect((await v2(sqsEvent(s3Record(stack.bucket, key)))).batchItemFailures).toEqual([]);
      const second = eventsOf(DETAIL_TYPES.statementProcessed, id).slice(first.length);
      expect(second).toHaveLength(first.length);
      const oldIds = new Set(first.map((e) => e.detail.eventId));
      expect(second.every((e) => !oldIds.has(e.detail.eventId))).toBe(true);
      for (const e of [...second, ...eventsOf(DETAIL_TYPES.articleProcessed, id).slice(-1)]) {
        expect(e.detail).toMatchObject({
          pipelineVersion: 'pv-test-2',
          supersedes: { articleId: id, pipelineVersion: 'pv-test-1', reason: 'reprocessed' },
        });
      }
      expect(await repo.getArticle(id)).toMatchObject({
        status: 'PROCESSED',
        version: 'pv-test-2',
        staleVersions: [],
      });
      // One mention item per name and article, of the new version; the old result is gone.
      const quotes = await results.quotesBySpeaker('Maria Lopez').all();
      expect(quotes.length).toBeGreaterThan(0);
      expect(new Set(quotes.map((q) => q.id)).size).toBe(quotes.length);
      expect((await results.getResult(id))?.stored?.meta.pipelineVersion.id).toBe('pv-test-2');
    });

    it('a new object version with another text under the same key replaces the old article', async () => {
      const oldId = articleId();
      const changed = text.replace('in June', 'in July').replace('Maria Lopez', 'Maria Lopez-Vidal');
      await stack.put(key, changed);
      expect((await handler(sqsEvent(s3Record(stack.bucket, key)))).batchItemFailures).toEqual([]);
      const newId = processArticleBytes(new TextEncoder().encode(changed), defaultModels(), key).article.id;
      expect(newId).not.toBe(oldId);
      expect(eventsOf(DETAIL_TYPES.articleProcessed, newId).at(-1)?.detail.supersedes).toEqual({
        articleId: oldId,
        pipelineVersion: null,
        reason: 'replaced',
      });
      expect(eventsOf(DETAIL_TYPES.articleDeleted, oldId).map((e) => e.detail)).toEqual([
        expect.objectContaining({ articleId: oldId, reason: 'replaced', supersededBy: newId }),
      ]);
      expect(await repo.getArticle(oldId)).toMatchObject({ status: 'DELETED', version: null });
      expect((await results.statementsAbout('Riverton').all()).map((s) => s.articleId)).toEqual(
        expect.arrayContaining([newId]),
      );
      expect((await results.statementsAbout('Riverton').all()).map((s) => s.articleId)).not.toContain(oldId);
      expect(await repo.getSource(stack.bucket, key)).toMatchObject({
        status: 'PROCESSED',
        articleId: newId,
      });
    });

    it('an s3:ObjectRemoved deletes the results and announces it once; keep leaves them', async () => {
      const source = await repo.getSource(stack.bucket, key);
      const id = source!.articleId!;
      const removed = s3Record(stack.bucket, key, { eventName: 'ObjectRemoved:Delete', sequencer: '0A1B2C' });
      expect((await handler(sqsEvent(removed))).batchItemFailures).toEqual([]);
      expect((await handler(sqsEvent(removed))).batchItemFailures).toEqual([]); // redelivery
      expect(eventsOf(DETAIL_TYPES.articleDeleted, id).map((e) => e.detail.reason)).toEqual([
        'object-removed',
      ]);
      expect(await repo.getArticle(id)).toMatchObject({ status: 'DELETED' });
      expect(await repo.getSource(stack.bucket, key)).toMatchObject({ status: 'DELETED' });
      expect((await results.statementsAbout('Riverton').all()).filter((s) => s.articleId === id)).toEqual([]);

      // ON_OBJECT_REMOVED=keep: the source is recorded as deleted, the results stay.
      const keepKey = 'incoming/keep-me.txt';
      await stack.put(keepKey, 'The harbour master said the port of Eastwick would stay open.\n');
      expect((await handler(sqsEvent(s3Record(stack.bucket, keepKey)))).batchItemFailures).toEqual([]);
      const kept = (await repo.getSource(stack.bucket, keepKey))!.articleId!;
      const keep = createHandler(() => ({ ...defaultDeps(), onObjectRemoved: 'keep' }));
      const removeKept = s3Record(stack.bucket, keepKey, { eventName: 'ObjectRemoved:Delete' });
      expect((await keep(sqsEvent(removeKept))).batchItemFailures).toEqual([]);
      expect(await repo.getArticle(kept)).toMatchObject({ status: 'PROCESSED' });
      expect(await repo.getSource(stack.bucket, keepKey)).toMatchObject({ status: 'DELETED' });
      expect(eventsOf(DETAIL_TYPES.articleDeleted, kept)).toEqual([]);
    });

    it('keeps an article that another object still holds when one of them is removed', async () => {
      const body = 'The council of Westford said the library would open on Sundays.\n';
      await stack.put('incoming/lib-a.txt', body);
      await stack.put('incoming/lib-b.txt', body);
      for (const k of ['incoming/lib-a.txt', 'incoming/lib-b.txt'])
        expect((await handler(sqsEvent(s3Record(stack.bucket, k)))).batchItemFailures).toEqual([]);
      const id = (await repo.getSource(stack.bucket, 'incoming/lib-a.txt'))!.articleId!;
      expect(await repo.getSource(stack.bucket, 'incoming/lib-b.txt')).toMatchObject({
        articleId: id,
        alreadyProcessed: true,
      });
      const remove = (k: string) =>
        handler(sqsEvent(s3Record(stack.bucket, k, { eventName: 'ObjectRemoved:Delete' })));
      await remove('incoming/lib-a.txt');
      expect(await repo.getArticle(id)).toMatchObject({ status: 'PROCESSED', sourceCount: 1 });
      await remove('incoming/lib-b.txt');
      expect(await repo.getArticle(id)).toMatchObject({ status: 'DELETED', sourceCount: 0 });
    });
  });

  it('keeps items under 400 KB and events under the entry limit for a statement naming thousands of people (claim checks)', async () => {
    const key = 'incoming/roll-call.txt';
    // People of one surname: one mention item that must leave its entities out, and a claim-checked event.
    const names = Array.from({ length: 4000 }, (_, i) => `Person Number${i} Smith`);
    const text = `The regulator named ${names.join(', ')} in its report.\n`;
    await stack.put(key, text);
    const analyze: ProcessArticleDeps['analyze'] = (decoded, models) => {
      const real = analyzeArticle(decoded, models);
      const id = real.article.id;
      let at = 0;
      real.entities = names.map((name, i) => {
        const start = decoded.text.indexOf(name, at);
        at = start + name.length;
        return {
          id: `${id}:e${i}`,
          type: 'PERSON' as const,
          name,
          aliases: [],
          mentions: [{ text: name, start, end: start + name.length, statementIndex: 0 }],
        };
      });
      real.quotes = [];
      return real;
    };
    const big = createHandler(() => ({ ...defaultDeps(), analyze }));
    expect((await big(sqsEvent(s3Record(stack.bucket, key)))).batchItemFailures).toEqual([]);
    const source = await repo.getSource(stack.bucket, key);
    expect(source?.error ?? null).toBeNull();
    expect(source).toMatchObject({ status: 'PROCESSED' });
    const statementEvent = eventsOf(DETAIL_TYPES.statementProcessed, source!.articleId!)[0]!;
    expect(statementEvent.detail.entities).toEqual([]);
    expect(statementEvent.detail.claimCheck).toMatchObject({ bucket: stack.bucket });
    const { key: detailKey } = statementEvent.detail.claimCheck as { key: string };
    const full = JSON.parse(
      await (
        await stack.s3.send(new GetObjectCommand({ Bucket: stack.bucket, Key: detailKey }))
      ).Body!.transformToString(),
    ) as { entities: unknown[] };
    expect(full.entities).toHaveLength(4000);
    const mentionItems =
      (
        await createDocumentClient().send(
          new QueryCommand({
            TableName: stack.tableName,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': 'NAME#smith' },
          }),
        )
      ).Items ?? [];
    for (const item of mentionItems) expect(itemSize(item)).toBeLessThan(MAX_DYNAMODB_ITEM_BYTES);
    expect(mentionItems.some((i) => i.overflow === 'all')).toBe(true);
    const about = await results.statementsAbout('Person Number3999 Smith').all();
    expect(about.map((s) => s.articleId)).toEqual([source!.articleId]);
  });
});
