// The DynamoDB repository (write side) and the ResultsClient (read side) against dynalite, and the S3
// object store against s3rver, through the real SDK clients.
import { BatchWriteCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Analysis } from '../../shared/nlp/pipeline.js';
import { createDocumentClient, createS3Client } from '../../shared/adapters/aws-clients.js';
import { ArticleError } from '../../shared/app/errors.js';
import type { PipelineVersion, SourceRef } from '../../shared/app/ports.js';
import {
  DynamoArticleRepository,
  MAX_INLINE_RESULT_BYTES,
} from '../../shared/adapters/dynamodb/dynamo-repository.js';
import { itemSize, MAX_DYNAMODB_ITEM_BYTES } from '../../shared/adapters/dynamodb/item-size.js';
import { S3LargeResultStore } from '../../shared/adapters/s3/large-result-store.js';
import { candidateKeys, S3ObjectStore } from '../../shared/adapters/s3/s3-object-store.js';
import { ResultsClient } from '../../shared/results/client.js';
import { CursorError } from '../../shared/results/cursor.js';
import { startStack, type Stack } from './handler-harness.js';

let stack: Stack;
let doc: DynamoDBDocumentClient;
let repo: DynamoArticleRepository;
let client: ResultsClient;

const V1: PipelineVersion = { id: 'pv-000000000001', code: '0.1.0+aaaa', models: 'bbbb' };
const V2: PipelineVersion = { id: 'pv-000000000002', code: '0.1.0+cccc', models: 'bbbb' };

beforeAll(async () => {
  stack = await startStack();
  doc = createDocumentClient();
  const largeResults = new S3LargeResultStore(createS3Client(), stack.bucket);
  repo = new DynamoArticleRepository(doc, stack.tableName, { largeResults });
  client = new ResultsClient({ tableName: stack.tableName, documentClient: doc, s3Client: createS3Client() });
});
afterAll(async () => {
  doc?.destroy();
  await stack?.stop();
});

interface MakeOptions {
  publishedAt?: string | null;
  firstStatement?: string;
  quoteConfidence?: number;
  /** Leave out the second statement (and the entity mention in it). */
  short?: boolean;
  /** Name of a second person quoted in the first statement. */
  other?: string;
}

/** A small hand-made analysis: "Anna Petrova" (alias "Petrova") quoted, "Minsk" mentioned. */
function makeAnalysis(id: string, o: MakeOptions = {}): Analysis {
  const s0 = o.firstStatement ?? 'Anna Petrova said the plant in Minsk would close.';
  const s1 = 'Petrova added that workers would be paid.';
  const text = o.short ? s0 : `${s0}\n\n${s1}`;
  const start1 = s0.length + 2;
  const minsk = s0.indexOf('Minsk');
  const analysis: Analysis = {
    article: {
      id,
      title: `Article ${id}`,
      text,
      contentHash: `hash-${id}`,
      language: 'en',
      publishedAt: o.publishedAt ?? null,
    },
    statements: [
      { id: `${id}:s0`, index: 0, text: s0, start: 0, end: s0.length },
      ...(o.short ? [] : [{ id: `${id}:s1`, index: 1, text: s1, start: start1, end: start1 + s1.length }]),
    ],
    quotes: [
      {
        id: `${id}:q0`,
        type: 'indirect',
        text: 'the plant in Minsk would close',
        start: 18,
        end: s0.length - 1,
        statementIndex: 0,
        cue: { text: 'said', start: 13, end: 17 },
        speaker: {
          mention: 'Anna Petrova',
          start: 0,
          end: 12,
          name: 'Anna Petrova',
          entityId: `${id}:e0`,
          resolution: 'name',
          ...(o.quoteConfidence !== undefined ? { confidence: o.quoteConfidence } : {}),
        },
        ...(o.quoteConfidence !== undefined ? { confidence: o.quoteConfidence } : {}),
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
          ...(o.short ? [] : [{ text: 'Petrova', start: start1, end: start1 + 7, statementIndex: 1 }]),
        ],
      },
      ...(minsk >= 0
        ? [
            {
              id: `${id}:e1`,
              type: 'LOCATION' as const,
              name: 'Minsk',
              aliases: [],
              mentions: [{ text: 'Minsk', start: minsk, end: minsk + 5, statementIndex: 0 }],
            },
          ]
        : []),
    ],
  };
  return analysis;
}

const sourceOf = (analysis: Analysis): SourceRef => ({ bucket: 'b', key: `k-${analysis.article.id}` });

const claim = (analysis: Analysis, owner: string, now: string, leaseUntil: string, version = V1) =>
  repo.claimArticle({
    analysis,
    format: 'text',
    source: sourceOf(analysis),
    pipelineVersion: version,
    now,
    owner,
    leaseUntil,
  });

/** Claim, save and complete an analysis under a pipeline version (what processArticle does). */
async function store(analysis: Analysis, version = V1, at = '2026-01-01T00:00:00.000Z') {
  expect(await claim(analysis, `o-${version.id}`, at, '2026-01-01T00:02:00.000Z', version)).toBe('claimed');
  const saved = await repo.saveAnalysis({
    analysis,
    format: 'text',
    source: sourceOf(analysis),
    pipelineVersion: version,
    processedAt: at,
  });
  await repo.completeArticle(analysis.article.id, { ...saved, version: version.id, processedAt: at });
  return saved;
}

const itemsOf = async (pk: string): Promise<Array<Record<string, unknown>>> =>
  (
    await doc.send(
      new QueryCommand({
        TableName: stack.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': pk },
      }),
    )
  ).Items ?? [];

describe('article head: lease, versions, failures', () => {
  it('claims under a lease, never takes over a processed article of the same version, reclaims for a new one', async () => {
    const a = makeAnalysis('art_lease', { publishedAt: '2019-06-01' });
    expect(await claim(a, 'one', '2026-01-01T00:00:00Z', '2026-01-01T00:02:00Z')).toBe('claimed');
    expect(await claim(a, 'two', '2026-01-01T00:01:00Z', '2026-01-01T00:03:00Z')).toBe('busy');
    expect(await claim(a, 'one', '2026-01-01T00:01:00Z', '2026-01-01T00:03:00Z')).toBe('claimed'); // redelivery
    expect(await claim(a, 'two', '2026-01-01T00:05:00Z', '2026-01-01T00:07:00Z')).toBe('claimed'); // expired
    await repo.releaseArticle('art_lease', 'two');
    expect(await claim(a, 'three', '2026-01-01T00:05:01Z', '2026-01-01T00:07:00Z')).toBe('claimed'); // released
    const saved = await repo.saveAnalysis({
      analysis: a,
      format: 'text',
      source: sourceOf(a),
      pipelineVersion: V1,
      processedAt: '2026-01-01T00:06:00Z',
    });
    await repo.completeArticle('art_lease', {
      ...saved,
      version: V1.id,
      processedAt: '2026-01-01T00:06:00Z',
    });
    expect(await claim(a, 'four', '2026-01-01T01:00:00Z', '2026-01-01T01:02:00Z')).toBe('already-processed');
    // A later failure of another copy does not undo it.
    await repo.failArticle('art_lease', { code: 'X', message: 'late failure' }, '2026-01-01T02:00:00Z');
    expect(await repo.getArticle('art_lease')).toMatchObject({
      status: 'PROCESSED',
      error: null,
      version: V1.id,
      pipelineVersion: V1,
      processedAt: '2026-01-01T00:06:00Z',
      createdAt: '2026-01-01T00:00:00Z',
      counts: { statements: 2, quotes: 1, entities: 2 },
      sourceCount: 1,
    });
    // A new pipeline version may process it again.
    expect(await claim(a, 'five', '2026-01-01T03:00:00Z', '2026-01-01T03:02:00Z', V2)).toBe('claimed');
  });

  it('records a failure, and lists failed articles and failed sources newest first with their errors', async () => {
    await repo.failArticle(
      'art_failed',
      { code: 'PROCESSING_ERROR', message: 'boom' },
      '2026-02-01T00:00:00Z',
    );
    await repo.putSource({
      bucket: 'b',
      key: 'incoming/scan.pdf',
      status: 'FAILED',
      articleId: null,
      error: { code: 'UNSUPPORTED_BINARY', message: 'The file looks like a PDF.' },
      objectHash: 'h',
      eTag: null,
      failureEventPublished: true,
      updatedAt: '2026-02-02T00:00:00Z',
    });
    expect(await client.getArticle('art_failed')).toMatchObject({
      status: 'FAILED',
      error: { code: 'PROCESSING_ERROR', message: 'boom' },
    });
    const failed = await client.articles('FAILED', { since: '2026-02-01' }).all();
    expect(failed.map((f) => [f.kind, f.articleId, f.error?.code])).toEqual([
      ['source', null, 'UNSUPPORTED_BINARY'],
      ['article', 'art_failed', 'PROCESSING_ERROR'],
    ]);
    expect(failed[0]!.source).toEqual({ bucket: 'b', key: 'incoming/scan.pdf' });
    expect(await client.articles('FAILED', { until: '2026-01-31' }).all()).toEqual([]);
  });

  it('keeps published event ids in bounded items', async () => {
    const ids = Array.from({ length: 2500 }, (_, i) => `art_events:s${i}:statement-processed:${V1.id}`);
    await repo.markEventsPublished('art_events', V1.id, ids.slice(0, 10));
    await repo.markEventsPublished('art_events', V1.id, ids);
    await repo.markEventsPublished('art_events', V1.id, []);
    expect(await repo.publishedEventIds('art_events', V1.id)).toEqual([...ids].sort());
    expect(await repo.publishedEventIds('art_events', V2.id)).toEqual([]);
    const logs = (await itemsOf('ARTICLE#art_events')).filter((i) => String(i.sk).startsWith('PUBLISHED#'));
    expect(logs.length).toBe(4);
    for (const item of logs) expect(itemSize(item)).toBeLessThan(64 * 1024);
  });
});

describe('results and queries', () => {
  it('stores an analysis compressed and reads it back exactly, statements in order, paginated', async () => {
    const a = makeAnalysis('art_read', { publishedAt: '2025-03-01' });
    await store(a);
    const result = await client.getResult('art_read');
    expect(result?.stored?.analysis).toEqual(a);
    expect(result?.article).toMatchObject({
      status: 'PROCESSED',
      date: '2025-03-01',
      counts: { statements: 2, quotes: 1, entities: 2 },
      speakers: [{ identityId: 'per.anna-petrova', name: 'Anna Petrova', quotes: 1 }],
    });
    const first = await client.statements('art_read').page({ limit: 1 });
    expect(first.items.map((s) => s.index)).toEqual([0]);
    expect(first.items[0]!.quotes.map((q) => q.id)).toEqual(['art_read:q0']);
    expect(first.items[0]!.entities.map((e) => e.name)).toEqual(['Anna Petrova', 'Minsk']);
    const second = await client.statements('art_read').page({ limit: 1, cursor: first.cursor });
    expect(second.items.map((s) => s.text)).toEqual([a.statements[1]!.text]);
    expect(second.cursor).toBeNull();
    await expect(client.quotesBySpeaker('x').page({ cursor: first.cursor })).rejects.toBeInstanceOf(
      CursorError,
    );
  });

  it('finds quotes by speaker and statements by entity across articles, newest first, by name, surname and case', async () => {
    await store(makeAnalysis('art_old', { publishedAt: '2024-01-01', quoteConfidence: 0.4 }));
    await store(makeAnalysis('art_new', { publishedAt: '2025-06-01T12:00:00.000Z', quoteConfidence: 0.9 }));
    const recent = { since: '2023-06-01' };
    const byName = await client.quotesBySpeaker('  anna   PETROVA ', recent).all();
    expect(byName.map((q) => q.id)).toEqual(['art_new:q0', 'art_read:q0', 'art_old:q0']);
    expect(byName[0]).toMatchObject({
      articleTitle: 'Article art_new',
      date: '2025-06-01T12:00:00.000Z',
      text: 'the plant in Minsk would close',
      cue: 'said',
      speaker: {
        identityId: 'per.anna-petrova',
        name: 'Anna Petrova',
        mention: 'Anna Petrova',
        resolution: 'name',
      },
    });
    expect((await client.quotesBySpeaker('Petrova', recent).all()).map((q) => q.id)).toEqual(
      byName.map((q) => q.id),
    );
    expect(await client.quotesBySpeaker('Petrov').all()).toEqual([]);
    expect(await client.quotesBySpeaker('Ivan Petrova').all()).toEqual([]);
    // Date range and minimum confidence (a quote without a confidence is not filtered out).
    expect((await client.quotesBySpeaker('Petrova', { since: '2025-01-01' }).all()).map((q) => q.id)).toEqual(
      ['art_new:q0', 'art_read:q0'],
    );
    expect(
      (await client.quotesBySpeaker('Petrova', { ...recent, until: '2024-12-31' }).all()).map((q) => q.id),
    ).toEqual(['art_old:q0']);
    expect(
      (await client.quotesBySpeaker('Petrova', { ...recent, minConfidence: 0.5 }).all()).map((q) => q.id),
    ).toEqual(['art_new:q0', 'art_read:q0']);

    const aboutMinsk = await client.statementsAbout('minsk', recent).all();
    expect(aboutMinsk.map((s) => s.id)).toEqual(['art_new:s0', 'art_read:s0', 'art_old:s0']);
    expect(aboutMinsk[0]!.entities).toEqual([{ identityId: 'loc.minsk', name: 'Minsk', type: 'LOCATION' }]);
    expect(await client.statementsAbout('Minsk', { type: 'PERSON' }).all()).toEqual([]);
    const aboutPetrova = await client.statementsAbout('Petrova', { ...recent, type: 'PERSON' }).all();
    expect(aboutPetrova.map((s) => s.id)).toEqual([
      'art_new:s0',
      'art_new:s1',
      'art_read:s0',
      'art_read:s1',
      'art_old:s0',
      'art_old:s1',
    ]);
  });

  it('pages through merged results with opaque cursors, also inside one article', async () => {
    const all = await client.statementsAbout('Petrova').all();
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: Awaited<ReturnType<ReturnType<typeof client.statementsAbout>['page']>> = await client
        .statementsAbout('Petrova')
        .page({ limit: 1, cursor });
      seen.push(...page.items.map((s) => s.id));
      cursor = page.cursor;
      pages++;
    } while (cursor && pages < 20);
    expect(seen).toEqual(all.map((s) => s.id));
    expect(pages).toBeGreaterThanOrEqual(all.length);
    const iterated: string[] = [];
    for await (const s of client.statementsAbout('Petrova')) iterated.push(s.id);
    expect(iterated).toEqual(seen);
  });

  it('reports which identities a surname matched when several people share it', async () => {
    const other = makeAnalysis('art_ivan', {
      publishedAt: '2025-07-01',
      firstStatement: 'Ivan Petrova said the plant in Minsk would close.',
    });
    other.entities[0]!.name = 'Ivan Petrova';
    other.quotes[0]!.speaker.name = 'Ivan Petrova';
    await store(other);
    const page = await client.quotesBySpeaker('Petrova').page({ limit: 10 });
    expect(page.matched.map((m) => m.identityId).sort()).toEqual(['per.anna-petrova', 'per.ivan-petrova']);
    expect((await client.quotesBySpeaker('Ivan Petrova').all()).map((q) => q.id)).toEqual(['art_ivan:q0']);
    const speakers = await client.speakers({ since: '2024-01-01' }).all();
    expect(speakers.map((s) => [s.identityId, s.quotes])).toEqual([
      ['per.ivan-petrova', 1],
      ['per.anna-petrova', 3],
    ]);
    const top = await client.speakers({ order: 'quotes', since: '2024-01-01' }).all();
    expect(top[0]).toMatchObject({
      identityId: 'per.anna-petrova',
      quotes: 3,
      articles: 3,
      firstQuotedAt: '2024-01-01',
    });
  });

  it('merges an identity into another on an operator’s word, and undoes it exactly', async () => {
    const quoteIds = async (name: string) =>
      (await client.quotesBySpeaker(name).all()).map((q) => q.id).sort();
    const anna = await quoteIds('Anna Petrova');
    expect(anna).not.toContain('art_ivan:q0');
    const merged = await repo.mergeIdentity(
      { type: 'PERSON', name: 'Ivan Petrova' },
      { type: 'PERSON', name: 'Anna Petrova' },
    );
    expect(merged).toEqual({ into: 'per.anna-petrova', member: 'per.ivan-petrova', merged: true });
    expect(await quoteIds('Anna Petrova')).toEqual([...anna, 'art_ivan:q0'].sort());
    // The member itself is still found under its own name, and a second merge changes nothing.
    expect(await quoteIds('Ivan Petrova')).toEqual(['art_ivan:q0']);
    await repo.mergeIdentity(
      { type: 'PERSON', name: 'Ivan Petrova' },
      { type: 'PERSON', name: 'Anna Petrova' },
    );
    const [identity] = await client.identities('Anna Petrova');
    expect(identity?.members).toEqual(['per.ivan-petrova']);

    await repo.mergeIdentity(
      { type: 'PERSON', name: 'Ivan Petrova' },
      { type: 'PERSON', name: 'Anna Petrova' },
      true,
    );
    expect(await quoteIds('Anna Petrova')).toEqual(anna);
    await expect(
      repo.mergeIdentity({ type: 'PERSON', name: 'anna petrova' }, { type: 'PERSON', name: 'Anna Petrova' }),
    ).rejects.toThrow(/same identity/);
  });

  it('keeps a surname alone apart when several known people have it, and lists it as ambiguous', async () => {
    // Anna and Ivan Petrova are both known with the same role: a bare "Petrova" could be either.
    for (const id of ['art_anna_role', 'art_ivan_role']) {
      const a = makeAnalysis(id, { publishedAt: '2025-08-01' });
      a.entities[0]!.name = id === 'art_anna_role' ? 'Anna Petrova' : 'Ivan Petrova';
      a.entities[0]!.role = 'minister';
      await store(a);
    }
    const bare = makeAnalysis('art_bare', { publishedAt: '2025-09-01', short: true });
    bare.entities[0]!.name = 'Petrova';
    bare.entities[0]!.role = 'minister';
    bare.quotes[0]!.speaker.name = 'Petrova';
    await store(bare);
    const links = await client.ambiguousLinks().all();
    expect(links).toEqual([
      expect.objectContaining({
        articleId: 'art_bare',
        date: '2025-09-01',
        key: 'petrova',
        identityId: 'per.petrova',
        candidates: ['per.anna-petrova', 'per.ivan-petrova'],
      }),
    ]);
    expect(await client.ambiguousLinks({ since: '2025-10-01' }).all()).toEqual([]);
  });
});

describe('replacement and removal leave nothing stale', () => {
  it('a new pipeline version replaces the results: entities it no longer finds are gone', async () => {
    await store(makeAnalysis('art_replace', { publishedAt: '2023-01-01' }), V1);
    expect(
      (await client.statementsAbout('Minsk', { since: '2022-12-01', until: '2023-12-31' }).all()).map(
        (s) => s.articleId,
      ),
    ).toEqual(['art_replace']);
    // V2 analyses the same article without "Minsk" and with one statement.
    const v2 = makeAnalysis('art_replace', { publishedAt: '2023-01-01', short: true });
    v2.entities = v2.entities.filter((e) => e.name !== 'Minsk');
    await store(v2, V2, '2026-05-01T00:00:00.000Z');
    expect(await client.statementsAbout('Minsk', { since: '2022-12-01', until: '2023-12-31' }).all()).toEqual(
      [],
    );
    expect((await itemsOf('NAME#minsk')).filter((i) => i.articleId === 'art_replace')).toEqual([]);
    const articleItems = (await itemsOf('ARTICLE#art_replace')).map((i) => i.sk);
    expect(articleItems).toEqual(['HEAD', `RESULT#${V2.id}`]);
    const head = await repo.getArticle('art_replace');
    expect(head).toMatchObject({
      version: V2.id,
      pipelineVersion: V2,
      staleVersions: [],
      status: 'PROCESSED',
    });
    expect((await client.statements('art_replace').all()).map((s) => s.index)).toEqual([0]);
    // The person's mention item was overwritten in place: one per article, of the new version.
    const petrova = (await itemsOf('NAME#petrova')).filter((i) => i.articleId === 'art_replace');
    expect(petrova.map((i) => i.version)).toEqual([V2.id]);
  });

  it('finishes a replacement that was interrupted after the pointer flip', async () => {
    await store(makeAnalysis('art_interrupted', { publishedAt: '2022-01-01' }), V1);
    const v2 = makeAnalysis('art_interrupted', { publishedAt: '2022-01-01', short: true });
    v2.entities = v2.entities.filter((e) => e.name !== 'Minsk');
    expect(await claim(v2, 'x', '2026-01-01T00:00:00Z', '2026-01-01T00:02:00Z', V2)).toBe('claimed');
    const saved = await repo.saveAnalysis({
      analysis: v2,
      format: 'text',
      source: sourceOf(v2),
      pipelineVersion: V2,
      processedAt: '2026-01-01T00:00:00Z',
    });
    // Fault injection: the cleanup after the flip fails once.
    const finish = repo.finishReplacement.bind(repo);
    repo.finishReplacement = async () => {
      throw new Error('throttled');
    };
    await expect(
      repo.completeArticle('art_interrupted', {
        ...saved,
        version: V2.id,
        processedAt: '2026-01-01T00:00:00Z',
      }),
    ).rejects.toThrow('throttled');
    repo.finishReplacement = finish;
    expect((await repo.getArticle('art_interrupted'))?.staleVersions).toEqual([V1.id]);
    await repo.finishReplacement('art_interrupted');
    expect((await repo.getArticle('art_interrupted'))?.staleVersions).toEqual([]);
    expect((await itemsOf('NAME#minsk')).filter((i) => i.articleId === 'art_interrupted')).toEqual([]);
    expect((await itemsOf('ARTICLE#art_interrupted')).map((i) => i.sk)).toEqual(['HEAD', `RESULT#${V2.id}`]);
  });

  it('removes an article: tombstone head, no queryable items, listed as DELETED', async () => {
    await store(makeAnalysis('art_gone', { publishedAt: '2021-01-01' }));
    expect(await repo.detachSource('art_gone', { bucket: 'b', key: 'other' })).toBe(1);
    expect(await repo.detachSource('art_gone', sourceOf(makeAnalysis('art_gone')))).toBe(0);
    await repo.removeArticle('art_gone', {
      reason: 'object-removed',
      supersededBy: null,
      at: '2026-06-01T00:00:00Z',
    });
    expect(await client.getArticle('art_gone')).toMatchObject({
      status: 'DELETED',
      version: null,
      speakers: [],
    });
    expect(
      await client.quotesBySpeaker('Anna Petrova', { since: '2020-06-01', until: '2021-12-31' }).all(),
    ).toEqual([]);
    expect((await itemsOf('ARTICLE#art_gone')).map((i) => i.sk)).toEqual(['HEAD']);
    expect((await client.articles('DELETED').all()).map((a) => a.articleId)).toContain('art_gone');
    expect((await client.articles('PROCESSED').all()).map((a) => a.articleId)).not.toContain('art_gone');
  });
});

describe('size limits', () => {
  it('keeps every item under 400 KB for an entity named in thousands of statements', async () => {
    const id = 'art_many';
    const sentence = 'Petrova met officials in Minsk again.';
    const n = 20_000;
    const text = Array.from({ length: n }, () => sentence).join(' ');
    const a = makeAnalysis(id);
    a.article.text = text;
    a.statements = Array.from({ length: n }, (_, i) => ({
      id: `${id}:s${i}`,
      index: i,
      text: sentence,
      start: i * (sentence.length + 1),
      end: i * (sentence.length + 1) + sentence.length,
    }));
    a.quotes = [];
    a.entities = [
      {
        id: `${id}:e0`,
        type: 'LOCATION',
        name: 'Minsk',
        aliases: [],
        mentions: a.statements.map((s) => ({
          text: 'Minsk',
          start: s.start + 25,
          end: s.start + 30,
          statementIndex: s.index,
        })),
      },
    ];
    await store(a, V1, '2026-07-01T00:00:00.000Z');
    for (const pk of ['NAME#minsk', `ARTICLE#${id}`]) {
      for (const item of await itemsOf(pk)) expect(itemSize(item)).toBeLessThan(MAX_DYNAMODB_ITEM_BYTES);
    }
    const found = await client.statementsAbout('Minsk', { since: '2026-07-01' }).page({ limit: 5 });
    expect(found.items.map((s) => s.index)).toEqual([0, 1, 2, 3, 4]);
    expect(found.cursor).not.toBeNull();
  });

  it('keeps a result too large for an item in S3, with a pointer in the table', async () => {
    const id = 'art_huge';
    // Incompressible text: random letters.
    const text = Array.from(randomBytes(MAX_INLINE_RESULT_BYTES * 2), (b) =>
      String.fromCharCode(97 + (b % 26)),
    ).join('');
    const a = makeAnalysis(id);
    a.article.text = text;
    a.statements = [{ id: `${id}:s0`, index: 0, text, start: 0, end: text.length }];
    a.quotes = [];
    a.entities = [];
    await store(a);
    const resultItem = (await itemsOf(`ARTICLE#${id}`)).find((i) => String(i.sk).startsWith('RESULT#'))!;
    expect(resultItem.body).toBeUndefined();
    expect(resultItem.s3).toEqual({ bucket: stack.bucket, key: `results/${id}/${V1.id}.json.br` });
    expect((await client.getResult(id))?.stored?.analysis.article.text).toBe(text);
    const noS3 = new DynamoArticleRepository(doc, stack.tableName);
    await expect(
      noS3.saveAnalysis({
        analysis: a,
        format: 'text',
        source: sourceOf(a),
        pipelineVersion: V2,
        processedAt: '2026-01-01T00:00:00Z',
      }),
    ).rejects.toMatchObject({ code: 'RESULT_TOO_LARGE' });
  });

  it('keeps mention items under one write unit and reads full texts from the results, one BatchGet a page', async () => {
    const said = `${'the plant would close and its workers would be paid in full, '.repeat(60)}they said`;
    const a = makeAnalysis('art_long', {
      publishedAt: '2019-03-01',
      firstStatement: `Anna Petrova said ${said} in Minsk.`,
    });
    a.quotes[0]!.text = said;
    a.quotes[0]!.end = 18 + said.length;
    await store(a);
    for (const pk of ['NAME#petrova', 'NAME#minsk']) {
      const item = (await itemsOf(pk)).find((i) => i.articleId === 'art_long')!;
      expect(itemSize(item)).toBeLessThanOrEqual(1024);
      expect(JSON.stringify(item)).not.toContain('workers');
    }
    const sent: Array<{ name: string; input: unknown }> = [];
    const counting = {
      send: (command: { constructor: { name: string }; input: unknown }) => {
        sent.push({ name: command.constructor.name, input: command.input });
        return doc.send(command as Parameters<typeof doc.send>[0]);
      },
    } as unknown as DynamoDBDocumentClient;
    const counted = new ResultsClient({ tableName: stack.tableName, documentClient: counting });
    const quotes = await counted
      .quotesBySpeaker('Petrova', { since: '2019-01-01', until: '2019-12-31' })
      .page({ limit: 50 });
    // Two articles' quotes (this one and the lease test's), their results read in one request.
    expect(new Set(quotes.items.map((q) => q.articleId)).size).toBeGreaterThanOrEqual(2);
    expect(quotes.items.find((q) => q.articleId === 'art_long')).toMatchObject({
      id: 'art_long:q0',
      text: said,
      articleTitle: 'Article art_long',
    });
    const resultReads = sent.filter((c) => JSON.stringify(c.input).includes('RESULT#'));
    expect(resultReads.map((c) => c.name)).toEqual(['BatchGetCommand']);
    const about = await client.statementsAbout('Minsk', { since: '2019-03-01', until: '2019-03-01' }).all();
    expect(about.map((s) => s.text)).toEqual([a.statements[0]!.text]);
    expect(about[0]!.textTruncated).toBeUndefined();
  });
});

describe('DynamoDB faults', () => {
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
    const flakyRepo = new DynamoArticleRepository(flaky, stack.tableName, {
      retry: { attempts: 3, baseDelayMs: 1 },
    });
    const a = makeAnalysis('art_retry');
    await flakyRepo.saveAnalysis({
      analysis: a,
      format: 'text',
      source: sourceOf(a),
      pipelineVersion: V1,
      processedAt: '2026-01-01T00:00:00Z',
    });
    expect(calls).toBeGreaterThanOrEqual(2);
    expect((await itemsOf('ARTICLE#art_retry')).map((i) => i.sk)).toEqual([`RESULT#${V1.id}`]);
    expect((await itemsOf('NAME#petrova')).filter((i) => i.articleId === 'art_retry')).toHaveLength(1);
  });

  it('keeps source records', async () => {
    const record = {
      bucket: 'b',
      key: 'incoming/x y.txt',
      status: 'PROCESSED' as const,
      articleId: 'art_x',
      error: null,
      objectHash: 'abc',
      eTag: null,
      failureEventPublished: false,
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
