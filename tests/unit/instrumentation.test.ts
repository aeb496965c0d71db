// The handler's per-article instrumentation over the port fakes: every stage is timed (exclusively),
// sizes are recorded, the article id reaches the logger, and the outcome is the uninstrumented one.
import { describe, expect, it } from 'vitest';
import { processArticle } from '../../shared/app/process-article.js';
import { articleIdFor, sha256Hex } from '../../shared/domain/ids.js';
import { ArticleInstrumentation } from '../../functions/process-article/instrumentation.js';
import { BYTE_METRICS, STAGES, stageLatencyMetric } from '../../functions/shared/metric-names.js';
import { fakeWorld } from '../fakes/index.js';

const TEXT =
  'The minister said the talks went well.\n\n"We will sign the treaty," Anna Petrova told reporters.\n';

/** A clock that moves 1 ms on every reading: each stage entered and left takes a known, non-zero time. */
function tickingClock() {
  let t = 0;
  return () => ++t;
}

describe('ArticleInstrumentation', () => {
  it('times every stage, records sizes and gives the logger the article id; the outcome is unchanged', async () => {
    const plain = fakeWorld();
    plain.objects.put('b', 'incoming/a.txt', TEXT);
    const expected = await processArticle(
      { bucket: 'b', key: 'incoming/a.txt', deliveryId: 'm' },
      plain.deps,
    );

    const w = fakeWorld();
    w.objects.put('b', 'incoming/a.txt', TEXT);
    const keys: Record<string, unknown> = {};
    const instrumentation = new ArticleInstrumentation({
      logger: { appendKeys: (k) => Object.assign(keys, k) },
      now: tickingClock(),
    });
    const outcome = await processArticle(
      { bucket: 'b', key: 'incoming/a.txt', deliveryId: 'm' },
      instrumentation.instrument(w.deps),
    );

    expect(outcome).toEqual(expected);
    for (const stage of STAGES) expect(instrumentation.durations[stage], stage).toBeGreaterThan(0);
    expect(instrumentation.articleId).toBe(articleIdFor(sha256Hex(TEXT)));
    expect(keys).toEqual({ articleId: instrumentation.articleId });
    expect(instrumentation.bytes.objectBytes).toBe(Buffer.byteLength(TEXT));
    expect(instrumentation.bytes.textBytes).toBe(Buffer.byteLength(TEXT));
    const details = w.events.published.map((e) => Buffer.byteLength(JSON.stringify(e.detail)));
    expect(instrumentation.bytes.eventBytes).toBe(details.reduce((a, b) => a + b, 0));
  });

  it('counts a store call made while publishing as store time, not publish time', async () => {
    const clock = { t: 0 };
    const instrumentation = new ArticleInstrumentation({ now: () => clock.t });
    const w = fakeWorld();
    const deps = instrumentation.instrument({
      ...w.deps,
      repo: { ...w.deps.repo, markEventsPublished: async () => void (clock.t += 7) },
      events: {
        publish: async (_events, onPublished) => {
          clock.t += 2;
          await onPublished?.(['e1']);
          clock.t += 3;
        },
      },
    });
    await deps.events.publish([], (ids) => deps.repo.markEventsPublished('a', 'v1', ids));
    expect(instrumentation.durations.publish).toBe(5);
    expect(instrumentation.durations.store).toBe(7);
  });

  it('times a failing stage and lets the error through', async () => {
    const clock = { t: 0 };
    const instrumentation = new ArticleInstrumentation({ now: () => clock.t });
    const w = fakeWorld();
    const deps = instrumentation.instrument({
      ...w.deps,
      analyze: () => {
        clock.t += 4;
        throw new Error('core bug');
      },
    });
    expect(() => deps.analyze!({} as never, w.deps.models)).toThrow('core bug');
    expect(instrumentation.durations.analyse).toBe(4);
  });

  it('adds one latency value per stage and the sizes to the metrics', () => {
    const instrumentation = new ArticleInstrumentation();
    instrumentation.durations.analyse = 12.345;
    instrumentation.bytes.objectBytes = 100;
    const added: Array<[string, unknown, number]> = [];
    instrumentation.addMetrics({ addMetric: (name, unit, value) => void added.push([name, unit, value]) });
    expect(added.map(([name]) => name)).toEqual([
      ...STAGES.map(stageLatencyMetric),
      BYTE_METRICS.objectBytes,
    ]);
    expect(added).toContainEqual(['AnalyseLatency', 'Milliseconds', 12.35]);
    expect(added).toContainEqual(['ObjectBytes', 'Bytes', 100]);
  });
});
