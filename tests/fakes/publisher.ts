import { EVENT_SOURCE, validateDetail, type PipelineEvent } from '../../events/schemas.js';
import type { EventPublisher } from '../../shared/app/ports.js';
import { chunkEntries, entrySize } from '../../shared/adapters/eventbridge/eventbridge-publisher.js';
import { EventPublishError, isRetryableEntryCode } from '../../shared/app/errors.js';
import { Faults } from './faults.js';

/** Decides, per entry and attempt (1-based), whether the bus rejects it: an ErrorCode, or null to accept. */
export type RejectEntry = (event: PipelineEvent, attempt: number) => string | null;

/**
 * In-memory EventPublisher with the EventBridge adapter's contract: details are validated against the
 * event schemas before anything is sent; events go out in order, in requests of at most 10 entries and 1 MB;
 * entries the bus rejects (rejectEntry) are retried up to maxAttempts times (not at all when the code is
 * one no retry can fix); onPublished is called
 * after every request with the ids (detail.eventId) it accepted; publish throws EventPublishError when
 * some are still rejected, after reporting those that got through. faults.failNext('request') fails a
 * whole request (HTTP 500, network) before anything of it is accepted.
 */
export class InMemoryEventPublisher implements EventPublisher {
  readonly faults = new Faults<'request'>();
  /** Every event the bus accepted, in order (a re-publication shows up twice). */
  readonly published: PipelineEvent[] = [];
  rejectEntry: RejectEntry | null = null;

  constructor(private readonly maxAttempts = 5) {}

  async publish(events: PipelineEvent[], onPublished?: (eventIds: string[]) => Promise<void>): Promise<void> {
    for (const e of events) validateDetail(e.detailType, e.detail);
    const sized = events.map((event) => ({
      event,
      size: entrySize({
        Source: EVENT_SOURCE,
        DetailType: event.detailType,
        Detail: JSON.stringify(event.detail),
      }),
    }));
    for (const chunk of chunkEntries(sized)) {
      let remaining = chunk.map((c) => c.event);
      let codes: string[] = [];
      for (let attempt = 1; attempt <= this.maxAttempts && remaining.length; attempt++) {
        this.faults.enter('request');
        const verdicts = remaining.map((e) => this.rejectEntry?.(e, attempt) ?? null);
        const accepted = remaining.filter((_, i) => verdicts[i] === null);
        this.published.push(...structuredClone(accepted));
        if (accepted.length && onPublished) await onPublished(accepted.map((e) => e.detail.eventId));
        remaining = remaining.filter((_, i) => verdicts[i] !== null);
        codes = verdicts.filter((v): v is string => v !== null);
        if (codes.some((code) => !isRetryableEntryCode(code))) break; // as the adapter: no retry can help
      }
      if (remaining.length) {
        throw new EventPublishError(
          `${remaining.length} event(s) were not accepted by the bus (${[...new Set(codes)].join(', ')}).`,
          codes.map((ErrorCode) => ({ ErrorCode })),
        );
      }
    }
  }

  /** Accepted events of one detail type. */
  ofType(detailType: PipelineEvent['detailType']): PipelineEvent[] {
    return this.published.filter((e) => e.detailType === detailType);
  }
}
