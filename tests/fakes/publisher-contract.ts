// The EventPublisher contract processArticle relies on, through the port only. Run against the
// in-memory fake (tests/unit/publisher-fake.test.ts) and the EventBridge adapter on the test bus
// endpoint (tests/integration/publisher-contract.test.ts).
import { expect, it } from 'vitest';
import { DETAIL_TYPES, type PipelineEvent } from '../../events/schemas.js';
import { failedEvent } from '../../shared/app/article-events.js';
import { EventPublishError } from '../../shared/app/errors.js';
import type { EventPublisher } from '../../shared/app/ports.js';

/** A publisher, a way to make its bus reject entries, and what the bus accepted. */
export interface PublisherUnderTest {
  /** Built with at most 3 attempts per entry. */
  publisher: EventPublisher;
  /** The bus rejects an entry when this returns an ErrorCode (attempt counts from 1 per event). */
  reject(decide: ((eventId: string, attempt: number) => string | null) | null): void;
  /** Event ids (detail.eventId) the bus accepted since the test started, in order. */
  accepted(): string[];
}

let run = 0;
/** Twelve events (two requests), with ids unique to the test. */
function twelveEvents(): PipelineEvent[] {
  run++;
  return Array.from({ length: 12 }, (_, i) =>
    failedEvent(
      { bucket: 'b', key: `contract-${run}-${i}` },
      null,
      null,
      { code: 'EMPTY_INPUT', message: 'The file is empty.' },
      '2026-01-01T00:00:00.000Z',
    ),
  );
}

export function publisherContract(setup: () => PublisherUnderTest): void {
  const publishAll = async (events: PipelineEvent[]) => {
    const { publisher } = setup();
    const reported: string[][] = [];
    const outcome = await publisher
      .publish(events, async (ids) => void reported.push(ids))
      .then(() => null)
      .catch((err: unknown) => err);
    return { reported, outcome };
  };

  it('publishes every event once, in order, reporting the accepted ids after each request', async () => {
    const events = twelveEvents();
    const { reported, outcome } = await publishAll(events);
    expect(outcome).toBeNull();
    expect(reported.map((ids) => ids.length)).toEqual([10, 2]);
    expect(reported.flat()).toEqual(events.map((e) => e.detail.eventId));
    expect(setup().accepted()).toEqual(events.map((e) => e.detail.eventId));
  });

  it('re-sends entries the bus rejects for a while: each gets through once', async () => {
    const events = twelveEvents();
    const flaky = new Set([events[3]!.detail.eventId, events[11]!.detail.eventId]);
    setup().reject((id, attempt) => (flaky.has(id) && attempt <= 2 ? 'ThrottlingException' : null));
    const { reported, outcome } = await publishAll(events);
    expect(outcome).toBeNull();
    expect([...reported.flat()].sort()).toEqual(events.map((e) => e.detail.eventId).sort());
    expect([...setup().accepted()].sort()).toEqual(events.map((e) => e.detail.eventId).sort());
  });

  it('throws EventPublishError after its attempts, having reported what got through', async () => {
    const events = twelveEvents();
    const stuck = events[0]!.detail.eventId;
    setup().reject((id) => (id === stuck ? 'InternalFailure' : null));
    const { reported, outcome } = await publishAll(events);
    expect(outcome).toBeInstanceOf(EventPublishError);
    expect((outcome as EventPublishError).message).toMatch(/1 event\(s\) were not accepted.*InternalFailure/);
    expect((outcome as EventPublishError).transient).toBe(true);
    // The first request's other nine went out; the second request is never sent.
    expect(reported.flat()).toEqual(events.slice(1, 10).map((e) => e.detail.eventId));
    expect(setup().accepted()).toEqual(events.slice(1, 10).map((e) => e.detail.eventId));
  });

  it('refuses a detail that breaks the event contract, before sending anything', async () => {
    const bad = {
      detailType: DETAIL_TYPES.articleFailed,
      detail: { eventId: 'x' },
    } as unknown as PipelineEvent;
    const { reported, outcome } = await publishAll([...twelveEvents(), bad]);
    expect(outcome).toBeInstanceOf(Error);
    expect(reported).toEqual([]);
    expect(setup().accepted()).toEqual([]);
  });
}
