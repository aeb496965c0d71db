// reconcile over the fakes: which objects and stuck articles it re-enqueues, and that re-enqueueing
// an object already processed stores and publishes nothing new (the handler's duplicate path).
import { describe, expect, it } from 'vitest';
import { processArticle } from '../../shared/app/process-article.js';
import { reconcile, type ReconcileOptions } from '../../shared/app/reconcile.js';
import type { SourceRef } from '../../shared/app/ports.js';
import { fakeWorld, type FakeWorld } from '../fakes/index.js';

const BUCKET = 'articles';
const PREFIX = 'incoming/';
const text = (n: number) => `Article ${n}.\n\n"We will win," Anna Petrova said on day ${n}.\n`;

class RecordingRequeuer {
  readonly sent: SourceRef[][] = [];
  async requeue(sources: SourceRef[]): Promise<void> {
    this.sent.push(sources.map((s) => ({ ...s })));
  }
  get keys(): string[] {
    return this.sent.flat().map((s) => s.key);
  }
}

function setup() {
  const w = fakeWorld({ leaseMs: 60_000 });
  const requeuer = new RecordingRequeuer();
  const run = (opts: Partial<ReconcileOptions> = {}) =>
    reconcile(
      { bucket: BUCKET, incomingPrefix: PREFIX, minAgeMs: 0, ...opts },
      { objects: w.objects, repo: w.repo, requeuer, clock: w.clock },
    );
  return { w, requeuer, run };
}

const process = (w: FakeWorld, key: string, deliveryId = `msg-${key}`) =>
  processArticle({ bucket: BUCKET, key, deliveryId }, w.deps);

describe('reconcile', () => {
  it('re-enqueues objects with no record, and leaves processed and failed ones alone', async () => {
    const { w, requeuer, run } = setup();
    w.objects.put(BUCKET, 'incoming/done.txt', text(1));
    w.objects.put(BUCKET, 'incoming/bad.bin', new Uint8Array([0, 1, 2, 0, 0, 0, 255, 0]));
    await process(w, 'incoming/done.txt');
    expect((await process(w, 'incoming/bad.bin')).status).toBe('FAILED');
    w.objects.put(BUCKET, 'incoming/lost.txt', text(2));
    w.objects.put(BUCKET, 'incoming/folder/', '');
    w.objects.put(BUCKET, 'elsewhere/x.txt', text(3));

    const report = await run();
    expect(report.objects).toBe(3);
    expect(report.requeued).toEqual([{ bucket: BUCKET, key: 'incoming/lost.txt', reason: 'unrecorded' }]);
    expect(requeuer.keys).toEqual(['incoming/lost.txt']);
  });

  it('re-enqueues an object replaced after its record (new ETag), and one re-uploaded after a delete', async () => {
    const { w, run } = setup();
    w.objects.put(BUCKET, 'incoming/a.txt', text(1));
    w.objects.put(BUCKET, 'incoming/b.txt', text(2));
    await process(w, 'incoming/a.txt');
    await process(w, 'incoming/b.txt');
    w.objects.put(BUCKET, 'incoming/a.txt', text(11)); // a new version; its notification was lost
    const b = (await w.repo.getSource(BUCKET, 'incoming/b.txt'))!;
    await w.repo.putSource({ ...b, status: 'DELETED' });

    const report = await run();
    expect(report.requeued.map((r) => [r.key, r.reason])).toEqual([
      ['incoming/a.txt', 'changed'],
      ['incoming/b.txt', 'reuploaded'],
    ]);
  });

  it('tells a failure recorded without an ETag from a later upload by the times', async () => {
    const { w, run } = setup();
    w.objects.put(BUCKET, 'incoming/a.txt', text(1));
    await process(w, 'incoming/a.txt');
    const record = (await w.repo.getSource(BUCKET, 'incoming/a.txt'))!;
    await w.repo.putSource({ ...record, status: 'FAILED', eTag: null });
    expect((await run()).requeued).toEqual([]);
    w.clock.advance(1000);
    w.objects.put(BUCKET, 'incoming/a.txt', text(2));
    expect((await run()).requeued.map((r) => r.reason)).toEqual(['changed']);
  });

  it('re-enqueues the object of a first attempt that died, from the listing, without the lease index', async () => {
    const { w, run } = setup();
    w.objects.put(BUCKET, 'incoming/a.txt', text(1));
    // An attempt that died after claiming the article: PROCESSING under a lease, no source record.
    w.deps.events.publish = async () => {
      throw new Error('killed');
    };
    await expect(process(w, 'incoming/a.txt')).rejects.toThrow('killed');
    // Its object has no record, so the listing finds it: the claim left the lease index alone.
    const stuck = [];
    for await (const a of w.repo.stuckArticles(w.clock.now().toISOString())) stuck.push(a);
    expect(stuck).toEqual([]);

    const report = await run();
    expect(report.requeued).toEqual([{ bucket: BUCKET, key: 'incoming/a.txt', reason: 'unrecorded' }]);
  });

  it('puts the claim of a reprocess in the lease index: its object looks done', async () => {
    const { w, run } = setup();
    w.objects.put(BUCKET, 'incoming/a.txt', text(1));
    const first = await process(w, 'incoming/a.txt');
    w.deps.pipelineVersion = { id: 'pv-newer', code: 'x', models: 'y' };
    w.deps.events.publish = async () => {
      throw new Error('killed');
    };
    await expect(process(w, 'incoming/a.txt', 'reprocess-1')).rejects.toThrow('killed');
    const stuck = [];
    for await (const a of w.repo.stuckArticles(w.clock.now().toISOString())) stuck.push(a);
    expect(stuck).toMatchObject([{ articleId: first.articleId, source: { key: 'incoming/a.txt' } }]);
    expect((await run()).requeued).toEqual([
      { bucket: BUCKET, key: 'incoming/a.txt', reason: 'expired-lease', articleId: first.articleId },
    ]);
  });

  it('finds a stuck article whose object looks done (an interrupted reprocess)', async () => {
    const { w, run } = setup();
    w.objects.put(BUCKET, 'incoming/a.txt', text(1));
    const first = await process(w, 'incoming/a.txt');
    // A newer pipeline version claimed it, then the process was killed: the lease is left to expire.
    const claimed = await w.repo.claimArticle({
      ...(await claimOf(w, 'incoming/a.txt')),
      owner: 'killed-attempt',
      now: w.clock.now().toISOString(),
      leaseUntil: new Date(w.clock.now().getTime() + 60_000).toISOString(),
    });
    expect(claimed).toBe('claimed');
    expect((await run()).requeued).toEqual([]); // lease live: its holder may still finish

    w.clock.advance(61_000);
    expect((await run({ minAgeMs: 30_000 })).requeued).toEqual([]); // expired only 1 s ago
    w.clock.advance(30_000);
    const report = await run({ minAgeMs: 30_000 });
    expect(report.requeued).toEqual([
      { bucket: BUCKET, key: 'incoming/a.txt', reason: 'expired-lease', articleId: first.articleId },
    ]);
  });

  it('skips recent objects and keys already queued; a dry run sends nothing', async () => {
    const { w, requeuer, run } = setup();
    w.objects.put(BUCKET, 'incoming/old.txt', text(1));
    w.clock.advance(10 * 60_000);
    w.objects.put(BUCKET, 'incoming/new.txt', text(2));
    w.objects.put(BUCKET, 'incoming/queued.txt', text(3));

    const dry = await run({ minAgeMs: 60_000, dryRun: true });
    expect(dry.requeued.map((r) => r.key)).toEqual(['incoming/old.txt']);
    expect(dry.skipped).toBe(2);
    expect(requeuer.sent).toEqual([]);

    const wet = await run({ queuedKeys: new Set(['incoming/queued.txt']) });
    expect(wet.requeued.map((r) => r.key)).toEqual(['incoming/new.txt', 'incoming/old.txt']);
    expect(requeuer.keys).toEqual(['incoming/new.txt', 'incoming/old.txt']);
  });

  it('sends at most 10 notifications a batch', async () => {
    const { w, requeuer, run } = setup();
    for (let i = 0; i < 23; i++) w.objects.put(BUCKET, `incoming/${String(i).padStart(2, '0')}.txt`, text(i));
    expect((await run()).requeued).toHaveLength(23);
    expect(requeuer.sent.map((b) => b.length)).toEqual([10, 10, 3]);
  });

  it('is idempotent end to end: processing what it re-enqueued twice publishes each event once', async () => {
    const { w, requeuer, run } = setup();
    for (let i = 0; i < 3; i++) w.objects.put(BUCKET, `incoming/${i}.txt`, text(i));
    await run();
    // Deliver every re-enqueued notification twice (at-least-once), then reconcile again.
    for (const { key } of requeuer.sent.flat()) {
      await process(w, key, `a-${key}`);
      await process(w, key, `b-${key}`);
    }
    const ids = w.events.published.map((e) => e.detail.eventId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeGreaterThan(3);
    const again = await run();
    expect(again.requeued).toEqual([]);
  });
});

/** The claim request a delivery of the object would make (the analysis of its text, a newer version). */
async function claimOf(w: FakeWorld, key: string) {
  const { decodeArticle } = await import('../../shared/ingest/index.js');
  const { analyzeArticle } = await import('../../shared/nlp/pipeline.js');
  const object = await w.objects.get({ bucket: BUCKET, key });
  const decoded = decodeArticle(object.bytes, { fileName: key, contentType: object.contentType });
  return {
    analysis: analyzeArticle(decoded, w.deps.models),
    format: decoded.format,
    source: { bucket: BUCKET, key },
    pipelineVersion: { id: 'pv-newer', code: 'x', models: 'y' },
  };
}
