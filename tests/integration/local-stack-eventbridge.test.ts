// The local PutEvents endpoint, driven by the real EventBridgeClient over HTTP.
import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventBridgeEndpoint, type BusEvent } from '../../infra/local/eventbridge-endpoint.js';

describe('local EventBridge PutEvents endpoint', () => {
  let dir: string;
  let bus: EventBridgeEndpoint;
  let client: EventBridgeClient;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bus-test-'));
    bus = new EventBridgeEndpoint({ busNames: ['articles'], eventsFile: join(dir, 'events.jsonl') });
    const url = await bus.start();
    client = new EventBridgeClient({
      endpoint: url,
      region: 'eu-west-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
  });

  afterAll(async () => {
    client?.destroy();
    await bus?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const entry = (n: number, extra: Partial<PutEventsRequestEntry> = {}): PutEventsRequestEntry => ({
    EventBusName: 'articles',
    Source: 'test.source',
    DetailType: 'Thing Happened',
    Detail: JSON.stringify({ n }),
    ...extra,
  });

  it('accepts valid entries, returns one EventId per entry, records and fans them out', async () => {
    const seen: BusEvent[] = [];
    const unsubscribe = bus.subscribe({ detailType: 'Thing Happened' }, (e) => seen.push(e));
    const other: BusEvent[] = [];
    const unsubscribeOther = bus.subscribe({ source: 'somebody.else' }, (e) => other.push(e));
    const before = bus.events.length;

    const result = await client.send(new PutEventsCommand({ Entries: [entry(1), entry(2), entry(3)] }));
    unsubscribe();
    unsubscribeOther();

    expect(result.FailedEntryCount).toBe(0);
    expect(result.Entries).toHaveLength(3);
    const ids = result.Entries!.map((e) => e.EventId);
    expect(new Set(ids).size).toBe(3);
    expect(seen.map((e) => (e.detail as { n: number }).n)).toEqual([1, 2, 3]);
    expect(seen.map((e) => e.id)).toEqual(ids);
    expect(other).toEqual([]);
    expect(seen[0]).toMatchObject({
      source: 'test.source',
      'detail-type': 'Thing Happened',
      'event-bus-name': 'articles',
    });
    expect(bus.events.length - before).toBe(3);

    await bus.flush();
    const lines = (await readFile(join(dir, 'events.jsonl'), 'utf8')).trim().split('\n');
    expect(lines.map((l) => (JSON.parse(l) as BusEvent).id)).toEqual(expect.arrayContaining(ids));
  });

  it('reports invalid entries per entry and accepts the rest', async () => {
    const result = await client.send(
      new PutEventsCommand({
        Entries: [
          entry(1),
          { ...entry(2), Detail: '[1,2]' },
          { ...entry(3), Detail: 'not json' },
          { EventBusName: 'articles', Source: 'test.source', Detail: '{}' },
          entry(5, { EventBusName: 'no-such-bus' }),
          entry(6, { EventBusName: 'arn:aws:events:eu-west-1:000000000000:event-bus/articles' }),
        ],
      }),
    );
    expect(result.FailedEntryCount).toBe(4);
    const codes = result.Entries!.map((e) => e.ErrorCode ?? 'OK');
    expect(codes).toEqual([
      'OK',
      'MalformedDetail',
      'MalformedDetail',
      'InvalidArgument',
      'NotFoundException',
      'OK',
    ]);
    expect(result.Entries![3]!.ErrorMessage).toMatch(/DetailType/);
  });

  it('rejects more than 10 entries and requests over 1 MB as a whole', async () => {
    const eleven = Array.from({ length: 11 }, (_, i) => entry(i));
    await expect(client.send(new PutEventsCommand({ Entries: eleven }))).rejects.toMatchObject({
      name: 'ValidationException',
    });
    const big = 'x'.repeat(300 * 1024);
    const tooBig = Array.from({ length: 4 }, () => entry(0, { Detail: JSON.stringify({ big }) }));
    const before = bus.events.length;
    await expect(client.send(new PutEventsCommand({ Entries: tooBig }))).rejects.toThrow(/over the limit/);
    expect(bus.events.length).toBe(before);
  });

  it('lets tests inject per-entry failures such as throttling', async () => {
    bus.injectFailures((_e, i) =>
      i === 1 ? { ErrorCode: 'ThrottlingException', ErrorMessage: 'Rate exceeded' } : null,
    );
    try {
      const result = await client.send(new PutEventsCommand({ Entries: [entry(1), entry(2)] }));
      expect(result.FailedEntryCount).toBe(1);
      expect(result.Entries![0]!.EventId).toBeTruthy();
      expect(result.Entries![1]).toMatchObject({ ErrorCode: 'ThrottlingException' });
    } finally {
      bus.injectFailures(null);
    }
  });
});
