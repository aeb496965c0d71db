import {
  PutEventsCommand,
  type EventBridgeClient,
  type PutEventsRequestEntry,
  type PutEventsResultEntry,
} from '@aws-sdk/client-eventbridge';
import { EVENT_SOURCE, validateDetail, type PipelineEvent } from '../../../events/schemas.js';
import { ArticleError, EventPublishError, isRetryableEntryCode } from '../../app/errors.js';
import type { EventPublisher } from '../../app/ports.js';

/** PutEvents accepts at most 10 entries and 1 MB (entries counted as AWS counts them) per request. */
export const MAX_ENTRIES_PER_REQUEST = 10;
export const MAX_REQUEST_BYTES = 1024 * 1024;

/** Where details too large for an event are kept (S3): the event carries a pointer (claim check). */
export interface LargeDetailStore {
  put(
    name: string,
    body: Uint8Array,
    options?: { contentEncoding?: string },
  ): Promise<{ bucket: string; key: string }>;
}

/** Entries above this size are sent as claim checks (within EventBridge's 256 KB entry limit). */
export const MAX_ENTRY_BYTES = 256 * 1024;
/** Strings kept in the slim detail of a claim check. */
const SLIM_STRING_CHARS = 2048;

export interface EventBridgePublisherOptions {
  busName: string;
  /** Keeps details too large for an event; without it such an event is a non-retryable error. */
  largeDetails?: LargeDetailStore;
  maxEntryBytes?: number;
  /** Attempts per entry (first try included) before giving up on entries the bus keeps rejecting. */
  maxAttempts?: number;
  baseDelayMs?: number;
}

interface Pending {
  eventId: string;
  entry: PutEventsRequestEntry;
  size: number;
}

/** Size of an entry as EventBridge computes it for its request limit. */
export function entrySize(entry: PutEventsRequestEntry): number {
  let size = 14; // Time
  for (const s of [entry.Source, entry.DetailType, entry.Detail, ...(entry.Resources ?? [])]) {
    if (s) size += Buffer.byteLength(s, 'utf8');
  }
  return size;
}

/** Splits entries into requests of at most 10 entries and MAX_REQUEST_BYTES, keeping their order. */
export function chunkEntries<T extends { size: number }>(items: T[], maxBytes = MAX_REQUEST_BYTES): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const item of items) {
    // Checked before anything is sent: no retry makes such an event fit.
    if (item.size > maxBytes)
      throw new ArticleError(
        'EVENT_TOO_LARGE',
        `An event of ${item.size.toLocaleString('en')} bytes exceeds the bus's ${maxBytes.toLocaleString('en')}-byte limit.`,
      );
    if (current.length === MAX_ENTRIES_PER_REQUEST || bytes + item.size > maxBytes) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += item.size;
  }
  if (current.length) chunks.push(current);
  return chunks;
}

/** Scalars kept, long strings cut, lists emptied: what still identifies the event. */
function slimmed(value: unknown): unknown {
  if (typeof value === 'string')
    return value.length > SLIM_STRING_CHARS ? value.slice(0, SLIM_STRING_CHARS) : value;
  if (Array.isArray(value)) return [];
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, slimmed(v)]));
  }
  return value;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * EventBridge adapter. PutEvents can fail per entry (throttling, internal errors) while the call
 * succeeds: failed entries are retried with backoff; entries that still fail make publish() throw,
 * after onPublished has been told which ones did get through.
 */
export class EventBridgePublisher implements EventPublisher {
  private readonly maxAttempts: number;
  private readonly baseDelayMs: number;

  constructor(
    private readonly client: EventBridgeClient,
    private readonly options: EventBridgePublisherOptions,
  ) {
    this.maxAttempts = options.maxAttempts ?? 5;
    this.baseDelayMs = options.baseDelayMs ?? 100;
  }

  async publish(events: PipelineEvent[], onPublished?: (eventIds: string[]) => Promise<void>): Promise<void> {
    const pending: Pending[] = [];
    for (const { detailType, detail } of events) {
      validateDetail(detailType, detail); // a contract violation is a bug: fail loudly before anything is sent
      const entry = this.entryOf(detailType, detail);
      let size = entrySize(entry);
      if (size > (this.options.maxEntryBytes ?? MAX_ENTRY_BYTES)) {
        entry.Detail = JSON.stringify(await this.claimCheck(detailType, detail, entry.Detail!));
        size = entrySize(entry);
      }
      pending.push({ eventId: detail.eventId, entry, size });
    }
    for (const chunk of chunkEntries(pending)) await this.putChunk(chunk, onPublished);
  }

  private entryOf(detailType: string, detail: unknown): PutEventsRequestEntry {
    return {
      EventBusName: this.options.busName,
      Source: EVENT_SOURCE,
      DetailType: detailType,
      Detail: JSON.stringify(detail),
    };
  }

  /**
   * A detail too large for an event: the whole of it goes to S3 and the event carries its scalar fields
   * (long strings cut, lists emptied) and `claimCheck`, where consumers read the rest.
   */
  private async claimCheck(
    detailType: PipelineEvent['detailType'],
    detail: { eventId: string },
    json: string,
  ) {
    if (!this.options.largeDetails) {
      throw new ArticleError(
        'EVENT_TOO_LARGE',
        `The event ${detail.eventId} is ${Math.round(Buffer.byteLength(json) / 1024)} KB, more than an event may carry, and no S3 location for large events is configured.`,
      );
    }
    const ref = await this.options.largeDetails.put(
      `events/${detail.eventId.replace(/[^\w.:-]/g, '_')}.json`,
      Buffer.from(json, 'utf8'),
    );
    const text = (detail as { text?: unknown }).text;
    const slim = {
      ...(slimmed(detail) as object),
      ...(typeof text === 'string' && text.length > SLIM_STRING_CHARS ? { textTruncated: true } : {}),
      claimCheck: { ...ref, bytes: Buffer.byteLength(json) },
    };
    validateDetail(detailType, slim);
    return slim;
  }

  private async putChunk(
    chunk: Pending[],
    onPublished?: (eventIds: string[]) => Promise<void>,
  ): Promise<void> {
    let remaining = chunk;
    let lastFailures: PutEventsResultEntry[] = [];
    for (let attempt = 1; attempt <= this.maxAttempts && remaining.length; attempt++) {
      if (attempt > 1) await sleep(this.baseDelayMs * 2 ** (attempt - 2) * (0.5 + Math.random()));
      const result = await this.client.send(new PutEventsCommand({ Entries: remaining.map((p) => p.entry) }));
      const entries = result.Entries ?? [];
      // Result entries are positional: entry i answers request entry i (EventId on success, ErrorCode on failure).
      const accepted = remaining.filter((_, i) => entries[i]?.EventId && !entries[i]?.ErrorCode);
      lastFailures = entries.filter((e) => e.ErrorCode || !e.EventId);
      if (entries.length !== remaining.length) {
        throw new EventPublishError(
          `PutEvents answered ${entries.length} entries for ${remaining.length} sent.`,
          lastFailures,
        );
      }
      if (accepted.length && onPublished) await onPublished(accepted.map((p) => p.eventId));
      remaining = remaining.filter((_, i) => !(entries[i]?.EventId && !entries[i]?.ErrorCode));
      // An entry rejected with a code no retry can fix: stop at once (the caller records the failure).
      if (lastFailures.some((f) => !isRetryableEntryCode(f.ErrorCode))) break;
    }
    if (remaining.length) {
      const codes = [...new Set(lastFailures.map((f) => f.ErrorCode ?? 'Unknown'))].join(', ');
      throw new EventPublishError(
        `${remaining.length} event(s) were not accepted by the bus (${codes}).`,
        lastFailures,
      );
    }
  }
}
