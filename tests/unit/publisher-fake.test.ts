// The in-memory publisher against the contract the EventBridge adapter also passes
// (tests/integration/publisher-contract.test.ts).
import { beforeEach, describe, expect, it } from 'vitest';
import { failedEvent } from '../../shared/app/article-events.js';
import { InMemoryEventPublisher } from '../fakes/index.js';
import { publisherContract, type PublisherUnderTest } from '../fakes/publisher-contract.js';

describe('InMemoryEventPublisher', () => {
  let underTest: PublisherUnderTest;
  beforeEach(() => {
    const publisher = new InMemoryEventPublisher(3);
    underTest = {
      publisher,
      reject: (decide) => {
        publisher.rejectEntry = decide && ((e, attempt) => decide(e.detail.eventId, attempt));
      },
      accepted: () => publisher.published.map((e) => e.detail.eventId),
    };
  });
  publisherContract(() => underTest);

  it('fails a whole request when told to, before the bus accepts anything of it', async () => {
    const publisher = new InMemoryEventPublisher();
    const event = failedEvent(
      { bucket: 'b', key: 'k' },
      null,
      null,
      { code: 'NO_TEXT', message: 'm' },
      '2026-01-01T00:00:00Z',
    );
    const reported: string[] = [];
    publisher.faults.failNext('request');
    await expect(publisher.publish([event], async (ids) => void reported.push(...ids))).rejects.toThrow(
      /injected failure of request/,
    );
    expect(publisher.published).toEqual([]);
    expect(reported).toEqual([]);
    await publisher.publish([event], async (ids) => void reported.push(...ids));
    expect(reported).toEqual([event.detail.eventId]);
  });
});
