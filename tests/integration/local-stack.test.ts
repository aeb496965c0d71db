// Articles through the whole embedded stack with the real process-article handler:
// S3 put → S3 notification → SQS → handler → DynamoDB + EventBridge.
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DETAIL_TYPES } from '../../events/schemas.js';
import { queryCommand } from '../../cli/commands/query.js';
import type { BusEvent } from '../../infra/local/eventbridge-endpoint.js';
import { detailOf, eventsFor, startTestStack, type TestStack } from './local-stack.helpers.js';

const SAMPLE = new URL('../../examples/belarus-russia-partners.txt', import.meta.url);

const SHORT_ARTICLE = [
  'Oslo hosted talks on Monday between the two delegations.',
  '"We have made real progress," Norwegian Foreign Minister Espen Barth Eide told reporters after the meeting.',
  'He said a second round would follow in March.',
].join('\n\n');

describe('embedded stack with the process-article handler', () => {
  let t: TestStack;
  let sample: Buffer;

  beforeAll(async () => {
    t = await startTestStack();
    sample = await readFile(SAMPLE);
  });

  afterAll(async () => {
    await t?.stop();
  });

  it('processes an uploaded article: stored items and one Statement Processed event per statement', async () => {
    const since = new Date().toISOString();
    await t.put('incoming/belarus.txt', sample);
    const source = await t.waitForSource('incoming/belarus.txt', since);
    expect(source).toMatchObject({ status: 'PROCESSED', error: null });
    const articleId = source.articleId!;
    expect(articleId).toMatch(/\S/);

    const article = await t.repo.getArticle(articleId);
    expect(article?.status).toBe('PROCESSED');
    const { statements, quotes, entities } = await t.stored(articleId);
    expect(statements.length).toBeGreaterThan(5);
    expect(quotes.length).toBeGreaterThan(0);
    expect(entities.map((e) => e.name)).toContain('Alexander Lukashenko');
    expect(article?.counts).toEqual({
      statements: statements.length,
      quotes: quotes.length,
      entities: entities.length,
    });

    const statementEvents = eventsFor(t.events, DETAIL_TYPES.statementProcessed, articleId);
    expect(statementEvents).toHaveLength(statements.length);
    expect(statementEvents.map((e) => detailOf<{ index: number }>(e).index).sort((a, b) => a - b)).toEqual(
      statements.map((s) => s.index).sort((a, b) => a - b),
    );
    const first = detailOf<{ text: string; index: number }>(statementEvents[0]!);
    expect(first.text).toBe(statements.find((s) => s.index === first.index)?.text);
    expect(statementEvents[0]).toMatchObject({
      source: 'article-pipeline',
      'event-bus-name': 'article-pipeline',
    });
    expect(eventsFor(t.events, DETAIL_TYPES.articleProcessed, articleId)).toHaveLength(1);

    // The bus keeps a JSON Lines log in the state dir.
    await t.stack.eventBus.flush();
    const logged = (await readFile(join(t.stack.stateDir, 'events.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as BusEvent);
    expect(logged.filter((e) => detailOf(e).articleId === articleId)).toHaveLength(
      statementEvents.length + 1,
    );
    await t.stack.waitForIdle();

    // `query` finds the running stack through stack.json; a short name resolves through entity aliases.
    const lines: string[] = [];
    const sink = { write: (s: string) => lines.push(s) } as unknown as NodeJS.WritableStream;
    expect(await queryCommand('quotes-by', 'Lukashenko', { stateDir: t.stack.stateDir }, sink)).toBe(0);
    const found = lines.map((l) => JSON.parse(l) as { articleId: string; speaker: { name: string } });
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((q) => q.articleId === articleId && q.speaker.name === 'Alexander Lukashenko')).toBe(
      true,
    );
    // --format table: a header and the same quotes as readable columns.
    lines.length = 0;
    const tableOpts = { stateDir: t.stack.stateDir, format: 'table' as const };
    expect(await queryCommand('quotes-by', 'Lukashenko', tableOpts, sink)).toBe(0);
    const table = lines.join('').split('\n');
    expect(table[0]).toMatch(/^DATE\s+SPEAKER\s+QUOTE\s+ARTICLE$/);
    expect(table.filter((l) => l.includes('Alexander Lukashenko'))).toHaveLength(found.length);
    lines.length = 0;
    expect(await queryCommand('statements-about', 'Minsk', { stateDir: t.stack.stateDir }, sink)).toBe(0);
    expect(lines.map((l) => (JSON.parse(l) as { text: string }).text).join(' ')).toContain('Minsk');
  });

  it('records bad input as FAILED with a readable error and an Article Failed event', async () => {
    const since = new Date().toISOString();
    await t.put('incoming/empty.txt', '');
    await t.put('incoming/broken.json', '{"title": "Unfinished", "body": ');
    // A PNG header and some pixel bytes.
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
      Buffer.from('IHDR'),
      Buffer.alloc(64, 7),
    ]);
    await t.put('incoming/photo.txt', png);
    const empty = await t.waitForSource('incoming/empty.txt', since);
    const broken = await t.waitForSource('incoming/broken.json', since);
    const binary = await t.waitForSource('incoming/photo.txt', since);
    for (const [record, code] of [
      [empty, 'EMPTY_INPUT'],
      [broken, 'INVALID_JSON'],
      [binary, 'UNSUPPORTED_BINARY'],
    ] as const) {
      expect(record.status).toBe('FAILED');
      expect(record.error?.code).toBe(code);
      expect(record.error?.message.length).toBeGreaterThan(10);
    }
    await t.stack.waitForIdle();
    const failed = t.events.filter((e) => e['detail-type'] === DETAIL_TYPES.articleFailed);
    const failedKeys = failed.map((e) => detailOf<{ source: { key: string } }>(e).source.key);
    expect(failedKeys).toEqual(
      expect.arrayContaining(['incoming/empty.txt', 'incoming/broken.json', 'incoming/photo.txt']),
    );
    // Bad input is consumed, not retried into the DLQ.
    expect(await t.stack.isIdle()).toBe(true);
  });

  it('finds objects whose keys contain spaces, + and % (s3rver sends raw keys; S3 encodes them)', async () => {
    const key = 'incoming/Talks in Oslo + notes 100%.txt';
    const since = new Date().toISOString();
    await t.put(key, SHORT_ARTICLE);
    const source = await t.waitForSource(key, since);
    expect(source).toMatchObject({ status: 'PROCESSED', key });
    expect(eventsFor(t.events, DETAIL_TYPES.statementProcessed, source.articleId).length).toBeGreaterThan(0);
  });

  it('does not duplicate anything on redelivery or on a second upload of the same content', async () => {
    const since = new Date().toISOString();
    await t.put('incoming/oslo.txt', SHORT_ARTICLE + '\n\nTalks resume next week.');
    const source = await t.waitForSource('incoming/oslo.txt', since);
    const articleId = source.articleId!;
    await t.stack.waitForIdle();
    const statementsBefore = (await t.stored(articleId)).statements;
    const eventsBefore = eventsFor(t.events, DETAIL_TYPES.statementProcessed, articleId).length;
    expect(eventsBefore).toBe(statementsBefore.length);

    // SQS delivers at least once: the same notification arrives again.
    const notification = {
      Records: [
        {
          eventVersion: '2.1',
          eventSource: 'aws:s3',
          eventName: 'ObjectCreated:Put',
          s3: { bucket: { name: t.stack.resources.bucket }, object: { key: 'incoming/oslo.txt' } },
        },
      ],
    };
    await t.stack.sqs().send(
      new SendMessageCommand({
        QueueUrl: t.stack.resources.queueUrl,
        MessageBody: JSON.stringify(notification),
      }),
    );
    // And the same bytes are uploaded again under another name.
    await t.put('incoming/oslo (copy).txt', SHORT_ARTICLE + '\n\nTalks resume next week.');
    const copy = await t.waitForSource('incoming/oslo (copy).txt', since);
    await t.stack.waitForIdle();

    expect(copy).toMatchObject({ status: 'PROCESSED', articleId });
    expect((await t.stored(articleId)).statements).toHaveLength(statementsBefore.length);
    expect(eventsFor(t.events, DETAIL_TYPES.statementProcessed, articleId)).toHaveLength(eventsBefore);
    expect(eventsFor(t.events, DETAIL_TYPES.articleProcessed, articleId)).toHaveLength(1);
  });
});
