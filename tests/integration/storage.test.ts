// DynamoDB repository (dynalite) and S3 object store (s3rver), through the real SDK clients.
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Analysis } from '../../shared/nlp/pipeline.js';
import { createDocumentClient, createS3Client } from '../../shared/adapters/aws-clients.js';
import { ArticleError } from '../../shared/app/errors.js';
import {
  DynamoArticleRepository,
  MAX_ITEM_TEXT_CHARS,
} from '../../shared/adapters/dynamodb/dynamo-repository.js';
import { candidateKeys, S3ObjectStore } from '../../shared/adapters/s3/s3-object-store.js';
import { startStack, type Stack } from './handler-harness.js';

let stack: Stack;
let doc: DynamoDBDocumentClient;
let repo: DynamoArticleRepository;

beforeAll(async () => {
  stack = await startStack();
  doc = createDocumentClient();
  repo = new DynamoArticleRepository(doc, stack.tableName);
});
afterAll(async () => {
  doc?.destroy();
  await stack?.stop();
});

/** A small hand-made analysis: two statements, a quote by "Anna Petrova" (alias "Petrova"). */
function makeAnalysis(id: string, publishedAt: string | null, statementText?: string): Analysis {
  const s0 = statementText ?? 'Anna Petrova said the plant would close.';
  const s1 = 'Petrova added that workers would be paid.';
  const text = `${s0}\n\n${s1}`;
  const start1 = s0.length + 2;
  return {
    article: { id, title: `Article ${id}`, text, contentHash: `hash-${id}`, language: 'en', publishedAt },
    statements: [
      { id: `${id}:s0`, index: 0, text: s0, start: 0, end: s0.length },
      { id: `${id}:s1`, index: 1, text: s1, start: start1, end: start1 + s1.length },
    ],
    quotes: [
      {
        id: `${id}:q0`,
        type: 'indirect',
        text: 'the plant would close',
        start: 18,
        end: 39,
        statementIndex: 0,
        cue: { text: 'said', start: 13, end: 17 },
        speaker: {
          mention: 'Anna Petrova',
          start: 0,
          end: 12,
          name: 'Anna Petrova',
          entityId: `${id}:e0`,
          resolution: 'name',
        },
      },
    ],
    entities: [
      {
        id: `${id}:e0`,
        type: 'PERSON',
        name: 'Anna Petrova',
        aliases: ['Petrova'],
        mentions: [
          { text: 'Anna Petrova', start: 0, end: 12, statementIndex: 0 },
          { text: 'Petrova', start: start1, end: start1 + 7, statementIndex: 1 },
        ],
      },
    ],
  };
}

const claim = (analysis: Analysis, owner: string, now: string, leaseUntil: string) =>
  repo.claimArticle({
    analysis,
    format: 'text',
    source: { bucket: 'b', key: `k-${analysis.article.id}` },
    now,
    owner,
    leaseUntil,
  });

describe('DynamoDB repository', () => {
  it('claims an article under a lease, and never takes over a processed one', async () => {
    const a = makeAnalysis('art_lease', null);
    expect(await claim(a, 'one', '2026-01-01T00:00:00Z', '2026-01-01T00:02:00Z')).toBe('claimed');
    expect(await claim(a, 'two', '2026-01-01T00:01:00Z', '2026-01-01T00:03:00Z')).toBe('busy');
    expect(await claim(a, 'one', '2026-01-01T00:01:00Z', '2026-01-01T00:03:00Z')).toBe('claimed'); // redelivery
    expect(await claim(a, 'two', '2026-01-01T00:05:00Z', '2026-01-01T00:07:00Z')).toBe('claimed'); // expired
    await repo.releaseArticle('art_lease', 'two');
    expect(await claim(a, 'three', '2026-01-01T00:05:01Z', '2026-01-01T00:07:00Z')).toBe('claimed'); // released
    await repo.completeArticle('art_lease', '2026-01-01T00:06:00Z');
    expect(await claim(a, 'four', '2026-01-01T01:00:00Z', '2026-01-01T01:02:00Z')).toBe('already-processed');

    await repo.failArticle(
      'art_lease',
      { code: 'X', message: 'late failure of another copy' },
      '2026-01-01T02:00:00Z',
    );
    const stored = await repo.getArticle('art_lease');
    expect(stored).toMatchObject({
      status: 'PROCESSED',
      error: null,
      processedAt: '2026-01-01T00:06:00Z',
      createdAt: '2026-01-01T00:00:00Z',
      counts: { statements: 2, quotes: 1, entities: 1 },
    });
  });

  it('records a failure on an article that is not processed', async () => {
    await repo.failArticle(
      'art_failed',
      { code: 'PROCESSING_ERROR', message: 'boom' },
      '2026-01-01T00:00:00Z',
    );
    expect(await repo.getArticle('art_failed')).toMatchObject({
      status: 'FAILED',
      error: { code: 'PROCESSING_ERROR', message: 'boom' },
    });
  });

  it('accumulates published event ids as a set', async () => {
    const a = makeAnalysis('art_events', null);
    await claim(a, 'o', '2026-01-01T00:00:00Z', '2026-01-01T00:02:00Z');
    await repo.markEventsPublished('art_events', ['e1', 'e2']);
    await repo.markEventsPublished('art_events', ['e2', 'e3']);
    await repo.markEventsPublished('art_events', []);
    expect((await repo.getArticle('art_events'))?.publishedEventIds).toEqual(['e1', 'e2', 'e3']);
  });

  it('stores statements, quotes and entities, and finds them by speaker, entity name and alias', async () => {
    const older = makeAnalysis('art_old', '2024-01-01');
    const newer = makeAnalysis('art_new', '2025-06-01T12:00:00.000Z');
    await repo.saveAnalysis(older, { bucket: 'b', key: 'old' }, '2026-01-01T00:00:00Z');
    await repo.saveAnalysis(newer, { bucket: 'b', key: 'new' }, '2026-01-01T00:00:00Z');
    await repo.saveAnalysis(newer, { bucket: 'b', key: 'new' }, '2026-01-02T00:00:00Z'); // idempotent

    const statements = await repo.listStatements('art_new');
    expect(statements.map((s) => [s.index, s.text, s.start, s.end])).toEqual(
      newer.statements.map((s) => [s.index, s.text, s.start, s.end]),
    );
    expect(statements[0]!.quotes).toEqual([
      {
        id: 'art_new:q0',
        type: 'indirect',
        text: 'the plant would close',
        speakerName: 'Anna Petrova',
        speakerMention: 'Anna Petrova',
      },
    ]);
    expect(statements[1]!.entityMentions).toEqual([
      { entityId: 'art_new:e0', name: 'Anna Petrova', type: 'PERSON', text: 'Petrova', start: 42, end: 49 },
    ]);
    expect(await repo.listQuotes('art_new')).toEqual([
      expect.objectContaining({ ...newer.quotes[0], articleId: 'art_new', articleTitle: 'Article art_new' }),
    ]);
    expect(await repo.listEntities('art_new')).toEqual([
      expect.objectContaining({ ...newer.entities[0], articleId: 'art_new', statementIndexes: [0, 1] }),
    ]);

    const bySpeaker = await repo.quotesBySpeaker('  anna   PETROVA ');
    expect(bySpeaker.map((q) => q.id)).toEqual(['art_new:q0', 'art_old:q0']); // newest first
    const byEntity = await repo.statementsByEntity('Anna Petrova');
    expect(byEntity.map((s) => s.id)).toEqual(['art_new:s0', 'art_new:s1', 'art_old:s0', 'art_old:s1']);
    const byAlias = await repo.statementsByEntity('petrova');
    expect(byAlias.map((s) => s.id)).toEqual(byEntity.map((s) => s.id));
    expect(await repo.quotesBySpeaker('Petrov')).toEqual([]);
    // The short form finds the quotes of the entity it is an alias of.
    expect((await repo.quotesBySpeaker('Petrova')).map((q) => q.id)).toEqual(['art_new:q0', 'art_old:q0']);
  });

  it('cuts statement text that would exceed the item size limit, keeping offsets', async () => {
    const huge = 'Prices rose € '.repeat(Math.ceil((MAX_ITEM_TEXT_CHARS * 1.5) / 14)).trim() + '.';
    const a = makeAnalysis('art_huge', null, huge);
    await repo.saveAnalysis(a, { bucket: 'b', key: 'huge' }, '2026-01-01T00:00:00Z');
    const [first] = await repo.listStatements('art_huge');
    expect(first!.text).toHaveLength(MAX_ITEM_TEXT_CHARS);
    expect(first!.textTruncated).toBe(true);
    expect(first!.end).toBe(huge.length);
  });

  it('re-sends items DynamoDB leaves unprocessed', async () => {
    // Failure injection: the first BatchWriteItem answer hands back all but one item as unprocessed.
    let calls = 0;
    const flaky = {
      send: async (command: unknown) => {
        if (command instanceof BatchWriteCommand && calls++ === 0) {
          const requests = command.input.RequestItems![stack.tableName]!;
          await doc.send(
            new BatchWriteCommand({ RequestItems: { [stack.tableName]: requests.slice(0, 1) } }),
          );
          return { UnprocessedItems: { [stack.tableName]: requests.slice(1) } };
        }
        return doc.send(command as BatchWriteCommand);
      },
    } as unknown as DynamoDBDocumentClient;
    const flakyRepo = new DynamoArticleRepository(flaky, stack.tableName, { attempts: 3, baseDelayMs: 1 });
    await flakyRepo.saveAnalysis(
      makeAnalysis('art_retry', null),
      { bucket: 'b', key: 'r' },
      '2026-01-01T00:00:00Z',
    );
    expect(calls).toBe(2);
    expect(await repo.listStatements('art_retry')).toHaveLength(2);
    expect(await repo.listQuotes('art_retry')).toHaveLength(1);
    expect(await repo.listEntities('art_retry')).toHaveLength(1);
  });

  it('keeps source records', async () => {
    const record = {
      bucket: 'b',
      key: 'incoming/x y.txt',
      status: 'FAILED' as const,
      articleId: null,
      error: { code: 'EMPTY_INPUT', message: 'The file is empty.' },
      objectHash: 'abc',
      eTag: null,
      failureEventPublished: true,
      updatedAt: '2026-01-01T00:00:00Z',
    };
    await repo.putSource(record);
    expect(await repo.getSource('b', 'incoming/x y.txt')).toEqual(record);
    expect(await repo.getSource('b', 'incoming/other.txt')).toBeNull();
  });
});

describe('S3 object store', () => {
  it('reads an object with its content type', async () => {
    await stack.put('incoming/page.html', '<p>Hello, the mayor said.</p>', 'text/html');
    const store = new S3ObjectStore(createS3Client());
    const object = await store.get({ bucket: stack.bucket, key: 'incoming/page.html' });
    expect(new TextDecoder().decode(object.bytes)).toBe('<p>Hello, the mayor said.</p>');
    expect(object).toMatchObject({ key: 'incoming/page.html', contentType: 'text/html' });
  });

  it('resolves URL-encoded event keys and raw keys containing % and +', async () => {
    const key = 'incoming/a+b 100%.txt';
    await stack.put(key, 'Text.');
    const store = new S3ObjectStore(createS3Client());
    expect((await store.get({ bucket: stack.bucket, key: 'incoming/a%2Bb+100%25.txt' })).key).toBe(key);
    expect((await store.get({ bucket: stack.bucket, key })).key).toBe(key);
    const plusKey = 'incoming/x+y.txt'; // raw: decodes to "x y.txt", which does not exist
    await stack.put(plusKey, 'Text.');
    expect((await store.get({ bucket: stack.bucket, key: plusKey })).key).toBe(plusKey);
  });

  it('turns a missing object and an oversized one into ArticleErrors', async () => {
    await stack.put('incoming/big.txt', 'x'.repeat(2000));
    const store = new S3ObjectStore(createS3Client(), 1000);
    await expect(store.get({ bucket: stack.bucket, key: 'incoming/nope.txt' })).rejects.toMatchObject({
      code: 'OBJECT_NOT_FOUND',
    });
    const big = store.get({ bucket: stack.bucket, key: 'incoming/big.txt' });
    await expect(big).rejects.toBeInstanceOf(ArticleError);
    await expect(big).rejects.toMatchObject({ code: 'TOO_LARGE' });
    await expect(big).rejects.toMatchObject({
      key: 'incoming/big.txt',
      message: expect.stringMatching(/2,000 bytes.*1 KB limit/),
    });
    await expect(store.get({ bucket: stack.bucket, key: 'incoming/a+missing.txt' })).rejects.toMatchObject({
      key: 'incoming/a missing.txt',
    });
  });

  it('lists the keys to try for an event key', () => {
    expect(candidateKeys('incoming/plain.txt')).toEqual(['incoming/plain.txt']);
    expect(candidateKeys('incoming/a+b%21.txt')).toEqual(['incoming/a b!.txt', 'incoming/a+b%21.txt']);
    expect(candidateKeys('incoming/100%.txt')).toEqual(['incoming/100%.txt']); // not valid encoding
  });
});
