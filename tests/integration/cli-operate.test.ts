// The operator and consumer commands against a running embedded stack (found through its stack.json),
// in-process: upload --wait, query (every access pattern, pages, filters), redrive and reprocess.
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DETAIL_TYPES } from '../../events/schemas.js';
import { queryCommand } from '../../cli/commands/query.js';
import { mergeIdentityCommand } from '../../cli/commands/merge-identity.js';
import { redriveCommand, reprocessCommand } from '../../cli/commands/operate.js';
import { uploadCommand, type UploadResult } from '../../cli/commands/upload.js';
import type { PipelineVersion } from '../../shared/app/ports.js';
import { detailOf, eventsFor, startTestStack, type TestStack } from './local-stack.helpers.js';

const SAMPLE = new URL('../../examples/belarus-russia-partners.txt', import.meta.url);

/** Runs a command with its stdout captured as JSON Lines. */
async function capture(run: (out: NodeJS.WritableStream) => Promise<number>) {
  const lines: string[] = [];
  const sink = {
    write: (s: string) => lines.push(...s.split('\n').filter(Boolean)),
  } as unknown as NodeJS.WritableStream;
  const code = await run(sink);
  return { code, rows: lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('CLI against the embedded stack', () => {
  let t: TestStack;
  let dir: string;
  let current: PipelineVersion;
  /** The version the stack's handler runs: switched to simulate articles of an older version. */
  let running: PipelineVersion;
  const stateDir = () => t.stack.stateDir;

  beforeAll(async () => {
    // The handler module is imported before the stack sets its quiet defaults: no EMF lines on stdout.
    process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
    process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
    const { createHandler, defaultDeps } = await import('../../functions/process-article/handler.js');
    const handler = createHandler(() => {
      const deps = defaultDeps();
      Object.defineProperty(deps, 'pipelineVersion', { get: () => running, enumerable: true });
      return deps;
    });
    t = await startTestStack({ handler });
    current = JSON.parse(t.stack.stackInfo.env.PIPELINE_VERSION!) as PipelineVersion;
    running = { id: 'pv-older', code: 'older', models: 'older' };
    dir = await mkdtemp(join(tmpdir(), 'cli-operate-'));
    await writeFile(join(dir, 'belarus.txt'), await readFile(SAMPLE));
    await writeFile(join(dir, 'belarus-copy.txt'), await readFile(SAMPLE));
    await writeFile(join(dir, 'empty.txt'), '');
  });

  afterAll(async () => {
    await t?.stop();
  });

  it('upload --wait prints each object with its article id and final status, and says when the text was already processed', async () => {
    const first = await capture((out) =>
      uploadCommand(
        [join(dir, 'belarus.txt'), join(dir, 'empty.txt')],
        { stateDir: stateDir(), wait: true },
        out,
      ),
    );
    expect(first.code).toBe(1); // one of them FAILED
    const [belarus, empty] = first.rows as unknown as UploadResult[];
    expect(belarus).toMatchObject({
      key: 'incoming/belarus.txt',
      status: 'PROCESSED',
      alreadyProcessed: false,
      error: null,
    });
    expect(belarus!.articleId).toMatch(/^art_/);
    expect(empty).toMatchObject({
      key: 'incoming/empty.txt',
      status: 'FAILED',
      error: { code: 'EMPTY_INPUT' },
    });

    const copy = await capture((out) =>
      uploadCommand([join(dir, 'belarus-copy.txt')], { stateDir: stateDir(), wait: true }, out),
    );
    expect(copy.code).toBe(0);
    expect(copy.rows[0]).toMatchObject({
      status: 'PROCESSED',
      articleId: belarus!.articleId,
      alreadyProcessed: true,
    });

    const plain = await capture((out) =>
      uploadCommand([join(dir, 'belarus-copy.txt')], { stateDir: stateDir() }, out),
    );
    expect(plain.rows).toEqual([
      {
        source: join(dir, 'belarus-copy.txt'),
        bucket: t.stack.resources.bucket,
        key: 'incoming/belarus-copy.txt',
      },
    ]);
    await t.stack.waitForIdle();
  });

  it('query answers every access pattern, with --since, --limit and --cursor', async () => {
    const q = (what: string, value?: string, extra: Record<string, unknown> = {}) =>
      capture((out) => queryCommand(what, value, { stateDir: stateDir(), ...extra }, out));

    const quotes = await q('quotes-by', 'lukashenko');
    expect(quotes.code).toBe(0);
    expect(quotes.rows.length).toBeGreaterThan(5);
    expect(quotes.rows.every((r) => (r.speaker as { name: string }).name === 'Alexander Lukashenko')).toBe(
      true,
    );
    const articleId = quotes.rows[0]!.articleId as string;

    const page = await q('quotes-by', 'Lukashenko', { limit: 2 });
    expect(page.rows).toHaveLength(3);
    const cursor = (page.rows[2] as { cursor: string }).cursor;
    const next = await q('quotes-by', 'Lukashenko', { limit: 2, cursor });
    expect(next.rows[0]!.id).toBe(quotes.rows[2]!.id);
    expect((await q('quotes-by', 'Lukashenko', { since: '2999-01-01' })).rows).toEqual([]);

    const minsk = await q('statements-about', 'Minsk', { type: 'LOCATION' });
    expect(minsk.rows.length).toBeGreaterThan(0);
    expect(minsk.rows.every((r) => (r.text as string).includes('Minsk'))).toBe(true);

    const article = await q('article', articleId);
    expect(article.rows[0]).toMatchObject({ article: { articleId, status: 'PROCESSED' } });
    const statements = await q('statements', articleId);
    expect(statements.rows.map((r) => r.index)).toEqual(statements.rows.map((_, i) => i));

    const failed = await q('failed');
    expect(failed.rows).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'source', error: expect.objectContaining({ code: 'EMPTY_INPUT' }) }),
      ]),
    );
    const speakers = await q('speakers');
    expect(speakers.rows[0]).toMatchObject({
      identityId: 'per.alexander-lukashenko',
      name: 'Alexander Lukashenko',
    });
    expect(speakers.rows[0]!.quotes).toBe(quotes.rows.length);

    expect((await q('quotes-by')).code).toBe(2);
    expect((await q('nonsense', 'x')).code).toBe(2);
  });

  it('merge-identity makes a query for one name find another identity, and --undo takes it back', async () => {
    const q = (name: string) =>
      capture((out) => queryCommand('quotes-by', name, { stateDir: stateDir() }, out));
    // Another article with another speaker.
    const since = new Date().toISOString();
    await t.put(
      'incoming/oslo.txt',
      'Oslo hosted talks on Monday.\n\n"We have made real progress," Norwegian Foreign Minister Espen Barth Eide told reporters.\n',
    );
    expect((await t.waitForSource('incoming/oslo.txt', since)).status).toBe('PROCESSED');
    const eide = (await q('Espen Barth Eide')).rows as Array<{ speaker: { identityId: string } }>;
    expect(eide.length).toBeGreaterThan(0);
    const other = { name: 'Espen Barth Eide', identityId: eide[0]!.speaker.identityId, quotes: eide.length };
    const before = (await q('Alexander Lukashenko')).rows.length;
    const merge = (undo?: boolean) =>
      capture((out) =>
        mergeIdentityCommand(
          other.name,
          'Alexander Lukashenko',
          { stateDir: stateDir(), type: 'PERSON', undo },
          out,
        ),
      );
    const merged = await merge();
    expect(merged).toMatchObject({
      code: 0,
      rows: [{ into: 'per.alexander-lukashenko', member: other.identityId, merged: true }],
    });
    expect((await q('Alexander Lukashenko')).rows.length).toBe(before + other.quotes);
    expect((await merge(true)).rows[0]).toMatchObject({ merged: false });
    expect((await q('Alexander Lukashenko')).rows.length).toBe(before);
  });

  it('redrive moves dead-lettered messages back to the queue and reports how many', async () => {
    await t.put('incoming/dead.txt', 'The mayor of Eastwick said the pier would reopen in April.\n');
    await t.stack.waitForIdle();
    // A message that ended in the DLQ (the notification of an object not processed yet).
    const notification = JSON.stringify({
      Records: [
        {
          eventName: 'ObjectCreated:Put',
          s3: { bucket: { name: t.stack.resources.bucket }, object: { key: 'incoming/dead-letter.txt' } },
        },
      ],
    });
    await t.put(
      'incoming/dead-letter.txt',
      'The harbour master of Eastwick said the ferry would run on Sundays.\n',
    );
    await t.stack.waitForIdle();
    const before = await t.repo.getSource(t.stack.resources.bucket, 'incoming/dead-letter.txt');
    await t.stack
      .sqs()
      .send(
        new SendMessageCommand({ QueueUrl: t.stack.resources.deadLetterQueueUrl, MessageBody: notification }),
      );
    const since = new Date().toISOString();
    const redrive = await capture((out) => redriveCommand({ stateDir: stateDir() }, out));
    expect(redrive.code).toBe(0);
    expect(redrive.rows).toEqual([expect.objectContaining({ redriven: 1 })]);
    const again = await t.waitForSource('incoming/dead-letter.txt', since);
    expect(again.updatedAt > before!.updatedAt).toBe(true);
    expect((await capture((out) => redriveCommand({ stateDir: stateDir() }, out))).rows).toEqual([
      expect.objectContaining({ redriven: 0 }),
    ]);
  });

  it('reprocess re-runs articles of another pipeline version: replaced without stale items, announced with supersedes', async () => {
    const source = await t.repo.getSource(t.stack.resources.bucket, 'incoming/belarus.txt');
    const articleId = source!.articleId!;
    expect((await t.results.getArticle(articleId))?.version).toBe('pv-older');
    const quotesBefore = await t.results.quotesBySpeaker('Lukashenko').all();

    running = current; // the upgrade
    const run = await capture((out) =>
      reprocessCommand({ stateDir: stateDir(), all: true, wait: true, timeout: 120 }, out),
    );
    expect(run.code).toBe(0);
    expect(run.rows.map((r) => r.articleId)).toContain(articleId);
    expect(run.rows.every((r) => r.to === current.id)).toBe(true);
    await t.stack.waitForIdle();

    expect(await t.results.getArticle(articleId)).toMatchObject({ status: 'PROCESSED', version: current.id });
    const quotesAfter = await t.results.quotesBySpeaker('Lukashenko').all();
    expect(quotesAfter.map((q) => q.id)).toEqual(quotesBefore.map((q) => q.id)); // replaced, not duplicated
    const announced = eventsFor(t.events, DETAIL_TYPES.articleProcessed, articleId).map((e) => detailOf(e));
    expect(announced.at(-1)).toMatchObject({
      pipelineVersion: current.id,
      supersedes: { articleId, pipelineVersion: 'pv-older', reason: 'reprocessed' },
    });
    const reannounced = eventsFor(t.events, DETAIL_TYPES.statementProcessed, articleId).filter(
      (e) => detailOf<{ pipelineVersion?: string }>(e).pipelineVersion === current.id,
    );
    expect(reannounced).toHaveLength((await t.stored(articleId)).statements.length);

    // Nothing left to do: the next run queues nothing.
    const second = await capture((out) => reprocessCommand({ stateDir: stateDir(), all: true }, out));
    expect(second.rows.filter((r) => r.articleId === articleId)).toEqual([]);
    expect((await capture((out) => reprocessCommand({ stateDir: stateDir() }, out))).code).toBe(2);
  });
});
