import type { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { jsonSchemaFor, sampleEvents, slug } from '../../scripts/generate-event-schemas.js';
import { schemaFile, schemaMajor } from '../../events/schema-files.js';
import {
  DETAIL_SCHEMAS,
  DETAIL_TYPES,
  EVENT_SOURCE,
  eventEnvelopeSchema,
  type DetailType,
  type PipelineEvent,
  type StatementProcessedDetail,
} from '../../events/schemas.js';
import { failedEvent, MAX_EVENT_TEXT_CHARS, processedEvents } from '../../shared/app/article-events.js';
import {
  chunkEntries,
  entrySize,
  EventBridgePublisher,
  MAX_ENTRY_BYTES,
  MAX_REQUEST_BYTES,
} from '../../shared/adapters/eventbridge/eventbridge-publisher.js';
import { defaultModels } from '../../shared/adapters/models/index.js';
import { processArticleBytes } from '../../shared/app/process-file.js';

const source = { bucket: 'b', key: 'incoming/a.txt' };
const at = '2026-01-02T03:04:05.000Z';
const article = [
  'The mayor said on Monday that the bridge would open in May.',
  '"We are proud of it," Alice Brown told reporters in Springfield.',
  'Work began last year.',
].join('\n\n');
const analysis = processArticleBytes(new TextEncoder().encode(article), defaultModels(), 'a.txt');
const fileUrl = (path: string) => new URL(`../../events/${path}`, import.meta.url);

describe('event contract files', () => {
  it.each(Object.values(DETAIL_TYPES))(
    'events/schemas/v<major>/%s is what npm run events:schemas generates',
    (type) => {
      const file = schemaFile(type, schemaMajor(type));
      const committed: unknown = JSON.parse(readFileSync(file, 'utf8'));
      expect(committed, `${file} is stale: run npm run events:schemas`).toEqual(
        JSON.parse(JSON.stringify(jsonSchemaFor(type))),
      );
    },
  );

  it.each(Object.values(DETAIL_TYPES))(
    'events/samples/%s is a valid EventBridge event of its type',
    (type) => {
      const sample = eventEnvelopeSchema.parse(
        JSON.parse(readFileSync(fileUrl(`samples/${slug(type)}.json`), 'utf8')),
      );
      expect(sample['detail-type']).toBe(type);
      expect(sample.source).toBe(EVENT_SOURCE);
      expect(() => DETAIL_SCHEMAS[type].parse(sample.detail)).not.toThrow();
    },
  );

  it('generates samples that match the schemas from the current code', () => {
    for (const [type, sample] of Object.entries(sampleEvents())) {
      const { detail } = eventEnvelopeSchema.parse(sample);
      expect(() => DETAIL_SCHEMAS[type as DetailType].parse(detail)).not.toThrow();
    }
  });
});

describe('event schemas', () => {
  const [first] = processedEvents(analysis, 'text', source, at);
  it('reject details that break the contract', () => {
    const detail = { ...first!.detail } as Record<string, unknown>;
    const schema = DETAIL_SCHEMAS[DETAIL_TYPES.statementProcessed];
    expect(schema.safeParse(detail).success).toBe(true);
    expect(schema.safeParse({ ...detail, articleId: undefined }).success).toBe(false);
    expect(schema.safeParse({ ...detail, start: -1 }).success).toBe(false);
    expect(schema.safeParse({ ...detail, processedAt: 'yesterday' }).success).toBe(false);
    expect(schema.safeParse({ ...detail, schemaVersion: 2 }).success).toBe(false);
    expect(DETAIL_SCHEMAS[DETAIL_TYPES.articleProcessed].safeParse(detail).success).toBe(false);
  });

  it('accept a calendar date or a timestamp as publishedAt', () => {
    const [, ...rest] = processedEvents(analysis, 'text', source, at);
    const summary = rest.at(-1)!.detail;
    const schema = DETAIL_SCHEMAS[DETAIL_TYPES.articleProcessed];
    expect(schema.safeParse({ ...summary, publishedAt: '2024-05-01' }).success).toBe(true);
    expect(schema.safeParse({ ...summary, publishedAt: '2024-05-01T10:00:00+03:00' }).success).toBe(true);
    expect(schema.safeParse({ ...summary, publishedAt: 'May 1' }).success).toBe(false);
  });
});

describe('building events', () => {
  const events = processedEvents(analysis, 'text', source, at);

  it('makes one Statement Processed per statement, then one Article Processed', () => {
    expect(events.map((e) => e.detailType)).toEqual([
      ...analysis.statements.map(() => DETAIL_TYPES.statementProcessed),
      DETAIL_TYPES.articleProcessed,
    ]);
    const ids = events.map((e) => e.detail.eventId);
    expect(new Set(ids).size).toBe(ids.length);
    // Deterministic: the same analysis gives the same ids.
    expect(
      processedEvents(analysis, 'text', source, '2030-01-01T00:00:00.000Z').map((e) => e.detail.eventId),
    ).toEqual(ids);
    for (const e of events) expect(() => DETAIL_SCHEMAS[e.detailType].parse(e.detail)).not.toThrow();
  });

  it('gives each pipeline version its own event ids and says what a reprocessing supersedes', () => {
    const v1 = processedEvents(analysis, 'text', source, at, { pipelineVersion: 'pv-1' });
    const v2 = processedEvents(analysis, 'text', source, at, {
      pipelineVersion: 'pv-2',
      supersedes: { articleId: analysis.article.id, pipelineVersion: 'pv-1', reason: 'reprocessed' },
    });
    const ids1 = new Set(v1.map((e) => e.detail.eventId));
    expect(v2.every((e) => !ids1.has(e.detail.eventId))).toBe(true);
    expect(v1.every((e) => !('supersedes' in e.detail) && 'pipelineVersion' in e.detail)).toBe(true);
    for (const e of v2) {
      expect(DETAIL_SCHEMAS[e.detailType].parse(e.detail)).toMatchObject({
        pipelineVersion: 'pv-2',
        supersedes: { articleId: analysis.article.id, pipelineVersion: 'pv-1', reason: 'reprocessed' },
      });
    }
  });

  it('puts each quote and entity mention in the statement where it occurs', () => {
    for (const e of events) {
      if (e.detailType !== DETAIL_TYPES.statementProcessed) continue;
      const { index, quotes, entities, start, end } = e.detail;
      expect(quotes.map((q) => q.id)).toEqual(
        analysis.quotes.filter((q) => q.statementIndex === index).map((q) => q.id),
      );
      for (const entity of entities) {
        for (const m of entity.mentions) {
          expect(m.start).toBeGreaterThanOrEqual(start);
          expect(m.end).toBeLessThanOrEqual(end);
        }
      }
    }
    const mentions = events.flatMap((e) =>
      e.detailType === DETAIL_TYPES.statementProcessed ? e.detail.entities.flatMap((x) => x.mentions) : [],
    );
    expect(mentions).toHaveLength(analysis.entities.flatMap((x) => x.mentions).length);
  });

  it('cuts very long statement text and says so', () => {
    const long = 'word '.repeat(MAX_EVENT_TEXT_CHARS / 2) + 'end.';
    const big = processArticleBytes(new TextEncoder().encode(long), defaultModels(), 'long.txt');
    const [e] = processedEvents(big, 'text', source, at);
    if (e?.detailType !== DETAIL_TYPES.statementProcessed) throw new Error('expected a statement event');
    expect(e.detail.text).toHaveLength(MAX_EVENT_TEXT_CHARS);
    expect(e.detail.textTruncated).toBe(true);
    expect(e.detail.end - e.detail.start).toBe(long.trimEnd().length);
  });

  it('gives a failure of the same object the same id, and another object another', () => {
    const error = { code: 'EMPTY_INPUT', message: 'The file is empty.' };
    const a = failedEvent(source, 'h1', null, error, at).detail.eventId;
    expect(failedEvent(source, 'h1', null, error, '2030-01-01T00:00:00.000Z').detail.eventId).toBe(a);
    expect(failedEvent(source, 'h2', null, error, at).detail.eventId).not.toBe(a);
    expect(failedEvent({ ...source, key: 'other' }, 'h1', null, error, at).detail.eventId).not.toBe(a);
  });
});

describe('EventBridge publisher', () => {
  it('splits requests at 10 entries and at the byte limit, keeping order', () => {
    const items = Array.from({ length: 23 }, (_, i) => ({ i, size: 100 }));
    expect(chunkEntries(items).map((c) => c.length)).toEqual([10, 10, 3]);
    const heavy = Array.from({ length: 5 }, (_, i) => ({ i, size: 400_000 }));
    const chunks = chunkEntries(heavy, MAX_REQUEST_BYTES);
    expect(chunks.map((c) => c.map((x) => x.i))).toEqual([[0, 1], [2, 3], [4]]);
    expect(() => chunkEntries([{ size: MAX_REQUEST_BYTES + 1 }])).toThrow(/exceeds/);
    expect(entrySize({ Source: 'ab', DetailType: 'cd', Detail: '{"é":1}' })).toBe(14 + 2 + 2 + 8);
  });

  // A stand-in client: the failure injection (per-entry rejections) a healthy emulator never produces.
  function fakeClient(reject: (detail: { eventId: string }, call: number) => string | null) {
    const calls: Array<{ DetailType?: string; Detail?: string; EventBusName?: string; Source?: string }[]> =
      [];
    const client = {
      send: async (command: PutEventsCommand) => {
        const entries = command.input.Entries ?? [];
        calls.push(entries);
        const results = entries.map((e) => {
          const code = reject(JSON.parse(e.Detail!) as { eventId: string }, calls.length);
          return code ? { ErrorCode: code, ErrorMessage: 'injected' } : { EventId: `id-${Math.random()}` };
        });
        return { FailedEntryCount: results.filter((r) => 'ErrorCode' in r).length, Entries: results };
      },
    };
    return { client: client as unknown as EventBridgeClient, calls };
  }
  const many: PipelineEvent[] = Array.from({ length: 12 }, (_, i) =>
    failedEvent({ bucket: 'b', key: `k${i}` }, null, null, { code: 'X', message: 'y' }, at),
  );

  it('publishes to the bus with the pipeline source, in chunks of 10', async () => {
    const { client, calls } = fakeClient(() => null);
    const published: string[] = [];
    await new EventBridgePublisher(client, { busName: 'bus' }).publish(many, async (ids) => {
      published.push(...ids);
    });
    expect(calls.map((c) => c.length)).toEqual([10, 2]);
    expect(calls.flat().every((e) => e.Source === EVENT_SOURCE && e.EventBusName === 'bus')).toBe(true);
    expect(published).toEqual(many.map((e) => e.detail.eventId));
  });

  it('re-sends only the entries the bus rejected', async () => {
    const flaky = new Set([many[3]!.detail.eventId, many[11]!.detail.eventId]);
    const { client, calls } = fakeClient((d, call) =>
      flaky.has(d.eventId) && call <= 2 ? 'ThrottlingException' : null,
    );
    const published: string[] = [];
    await new EventBridgePublisher(client, { busName: 'bus', baseDelayMs: 1 }).publish(many, async (ids) => {
      published.push(...ids);
    });
    expect(calls.map((c) => c.length)).toEqual([10, 1, 1, 2]); // entry 3 fails twice; entry 11 is sent after call 2
    expect([...published].sort()).toEqual(many.map((e) => e.detail.eventId).sort());
  });

  it('throws after its attempts, having reported what did get through', async () => {
    const stuck = many[0]!.detail.eventId;
    const { client } = fakeClient((d) => (d.eventId === stuck ? 'InternalFailure' : null));
    const published: string[] = [];
    const publisher = new EventBridgePublisher(client, { busName: 'bus', maxAttempts: 3, baseDelayMs: 1 });
    await expect(publisher.publish(many, async (ids) => void published.push(...ids))).rejects.toThrow(
      /1 event\(s\) were not accepted.*InternalFailure/,
    );
    expect(published).toEqual(many.slice(1, 10).map((e) => e.detail.eventId));
  });

  it('sends a detail too large for an event as a claim check: the whole detail in S3, the event slim', async () => {
    const [statement] = processedEvents(analysis, 'text', source, at, { pipelineVersion: 'pv-1' });
    const detail = statement!.detail as StatementProcessedDetail;
    const huge: PipelineEvent = {
      detailType: DETAIL_TYPES.statementProcessed,
      detail: {
        ...detail,
        entities: Array.from({ length: 5000 }, (_, i) => ({
          entityId: `${detail.articleId}:e${i}`,
          name: `Entity number ${i}`,
          type: 'ORGANIZATION' as const,
          mentions: [{ text: `Entity number ${i}`, start: 0, end: 10 }],
        })),
      },
    };
    const stored = new Map<string, string>();
    const store = {
      put: async (name: string, body: Uint8Array) => {
        stored.set(name, Buffer.from(body).toString('utf8'));
        return { bucket: 'results-bucket', key: `results/${name}` };
      },
    };
    const { client, calls } = fakeClient(() => null);
    await new EventBridgePublisher(client, { busName: 'bus', largeDetails: store }).publish([huge]);
    const sent = JSON.parse(calls[0]![0]!.Detail!) as StatementProcessedDetail;
    expect(Buffer.byteLength(calls[0]![0]!.Detail!)).toBeLessThan(MAX_ENTRY_BYTES);
    expect(sent).toMatchObject({ eventId: detail.eventId, index: detail.index, entities: [], quotes: [] });
    expect(sent.claimCheck).toMatchObject({
      bucket: 'results-bucket',
      key: expect.stringMatching(/^results\/events\//),
    });
    expect(JSON.parse([...stored.values()][0]!)).toEqual(huge.detail);
    expect(() => DETAIL_SCHEMAS[DETAIL_TYPES.statementProcessed].parse(sent)).not.toThrow();

    // Without a place for it, the event is an error no retry can fix.
    await expect(new EventBridgePublisher(client, { busName: 'bus' }).publish([huge])).rejects.toMatchObject({
      code: 'EVENT_TOO_LARGE',
    });
  });

  it('refuses to send a detail that breaks the contract', async () => {
    const { client, calls } = fakeClient(() => null);
    const bad = {
      detailType: DETAIL_TYPES.articleFailed,
      detail: { eventId: 'x' },
    } as unknown as PipelineEvent;
    await expect(new EventBridgePublisher(client, { busName: 'bus' }).publish([bad])).rejects.toThrow();
    expect(calls).toHaveLength(0);
  });
});
