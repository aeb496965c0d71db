// A small EventBridge stand-in that speaks the PutEvents wire protocol (AWS JSON 1.1,
// `X-Amz-Target: AWSEvents.PutEvents`), so the real EventBridgeClient talks to it through
// AWS_ENDPOINT_URL_EVENTBRIDGE. It validates entries the way EventBridge does, answers per entry
// (EventId or ErrorCode, FailedEntryCount), records accepted events in memory and in
// `<stateDir>/events.jsonl`, and hands them to local subscribers (the role of EventBridge rules).
import { randomUUID } from 'node:crypto';
import { appendFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** PutEvents limits: entries per request and total request size (as EventBridge counts it). */
export const PUT_EVENTS_MAX_ENTRIES = 10;
export const PUT_EVENTS_MAX_BYTES = 1024 * 1024;
const MAX_BODY_BYTES = 8 * 1024 * 1024;

/** An event as EventBridge delivers it to targets. */
export interface BusEvent {
  version: '0';
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: unknown;
  /** Not part of EventBridge's envelope: the bus it was put on (name). */
  'event-bus-name': string;
}

/** A PutEvents request entry as sent on the wire. */
export interface WireEntry {
  Source?: unknown;
  DetailType?: unknown;
  Detail?: unknown;
  Resources?: unknown;
  Time?: unknown;
  EventBusName?: unknown;
  TraceHeader?: unknown;
}

export interface EntryFailure {
  ErrorCode: string;
  ErrorMessage: string;
}

/** Simple event pattern: every given field must match (a string, or any of a list). */
export interface EventFilter {
  source?: string | string[];
  detailType?: string | string[];
}

export type EventListener = (event: BusEvent) => void;

export interface EventBridgeEndpointOptions {
  port?: number;
  host?: string;
  region?: string;
  accountId?: string;
  /** Buses that exist besides `default`. */
  busNames?: string[];
  /** Accepted events are appended here as JSON Lines. */
  eventsFile?: string;
}

const matches = (value: string, want: string | string[] | undefined) =>
  want === undefined || (Array.isArray(want) ? want.includes(value) : value === want);

const byteLength = (value: unknown) => (typeof value === 'string' ? Buffer.byteLength(value, 'utf8') : 0);

/** Size of an entry as EventBridge computes it for the request limit. */
export function wireEntrySize(entry: WireEntry): number {
  let size = entry.Time !== undefined ? 14 : 0;
  size += byteLength(entry.Source) + byteLength(entry.DetailType) + byteLength(entry.Detail);
  if (Array.isArray(entry.Resources)) for (const r of entry.Resources) size += byteLength(r);
  return size;
}

class RequestError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

export class EventBridgeEndpoint {
  /** Accepted events, in the order they were accepted. */
  readonly events: BusEvent[] = [];
  private readonly listeners = new Set<{ filter: EventFilter; listener: EventListener }>();
  private readonly busNames: Set<string>;
  private readonly region: string;
  private readonly accountId: string;
  private server: Server | null = null;
  private pendingWrites: Promise<void> = Promise.resolve();
  private failureInjector: ((entry: WireEntry, index: number) => EntryFailure | null) | null = null;
  private urlValue: string | null = null;

  constructor(private readonly options: EventBridgeEndpointOptions = {}) {
    this.region = options.region ?? 'us-east-1';
    this.accountId = options.accountId ?? '000000000000';
    this.busNames = new Set(['default', ...(options.busNames ?? [])]);
  }

  async start(): Promise<string> {
    const server = createServer((req, res) => void this.handle(req, res));
    // Keep-alive sockets would hold stop() open until the client gives them up.
    server.keepAliveTimeout = 1_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port ?? 0, this.options.host ?? '127.0.0.1', () => resolve());
    });
    this.server = server;
    const { port } = server.address() as AddressInfo;
    this.urlValue = `http://${this.options.host ?? '127.0.0.1'}:${port}`;
    return this.urlValue;
  }

  get url(): string {
    if (!this.urlValue) throw new Error('The EventBridge endpoint is not started.');
    return this.urlValue;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    }
    await this.pendingWrites;
  }

  /** Calls `listener` for each accepted event matching `filter`. Returns an unsubscribe function. */
  subscribe(filter: EventFilter, listener: EventListener): () => void {
    const entry = { filter, listener };
    this.listeners.add(entry);
    return () => this.listeners.delete(entry);
  }

  /**
   * Failure injection for tests (partial failures, throttling) that a healthy bus never produces:
   * return an EntryFailure to reject an entry that passed validation. Pass null to stop.
   */
  injectFailures(injector: ((entry: WireEntry, index: number) => EntryFailure | null) | null): void {
    this.failureInjector = injector;
  }

  /** Events matching the filter, in order. */
  find(filter: EventFilter = {}): BusEvent[] {
    return this.events.filter(
      (e) => matches(e.source, filter.source) && matches(e['detail-type'], filter.detailType),
    );
  }

  /** Resolves once every accepted event is in the events file. */
  flush(): Promise<void> {
    return this.pendingWrites;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const chunks: Buffer[] = [];
      let received = 0;
      for await (const chunk of req) {
        received += (chunk as Buffer).length;
        // Far above what a valid request can be (1 MB of entries plus JSON escaping).
        if (received > MAX_BODY_BYTES)
          throw new RequestError(413, 'RequestEntityTooLarge', 'Request is too large.');
        chunks.push(chunk as Buffer);
      }
      if (req.method !== 'POST')
        throw new RequestError(404, 'UnknownOperationException', 'Only POST is supported.');
      const target = req.headers['x-amz-target'];
      if (target !== 'AWSEvents.PutEvents') {
        throw new RequestError(
          400,
          'UnknownOperationException',
          `Operation ${String(target)} is not supported.`,
        );
      }
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
      } catch {
        throw new RequestError(400, 'SerializationException', 'The request body is not valid JSON.');
      }
      this.reply(res, 200, this.putEvents(body));
    } catch (err) {
      const e =
        err instanceof RequestError
          ? err
          : new RequestError(500, 'InternalException', err instanceof Error ? err.message : String(err));
      res.setHeader('x-amzn-ErrorType', e.type);
      this.reply(res, e.status, { __type: e.type, message: e.message });
    }
  }

  private reply(res: ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, {
      'content-type': 'application/x-amz-json-1.1',
      'x-amzn-RequestId': randomUUID(),
    });
    res.end(JSON.stringify(body));
  }

  private putEvents(body: unknown): {
    FailedEntryCount: number;
    Entries: Array<{ EventId: string } | EntryFailure>;
  } {
    const entries = (body as { Entries?: unknown } | null)?.Entries;
    if (!Array.isArray(entries) || entries.length === 0) {
      throw new RequestError(
        400,
        'ValidationException',
        "1 validation error detected: Value at 'entries' failed to satisfy constraint: Member must have length greater than or equal to 1",
      );
    }
    if (entries.length > PUT_EVENTS_MAX_ENTRIES) {
      throw new RequestError(
        400,
        'ValidationException',
        `1 validation error detected: Value at 'entries' failed to satisfy constraint: Member must have length less than or equal to ${PUT_EVENTS_MAX_ENTRIES}`,
      );
    }
    const total = (entries as WireEntry[]).reduce((sum, e) => sum + wireEntrySize(e ?? {}), 0);
    if (total > PUT_EVENTS_MAX_BYTES) {
      throw new RequestError(
        400,
        'ValidationException',
        'Total size of the entries in the request is over the limit.',
      );
    }
    let failed = 0;
    const results = (entries as WireEntry[]).map((entry, index) => {
      const result = this.acceptEntry(entry ?? {}, index);
      if ('ErrorCode' in result) failed++;
      return result;
    });
    return { FailedEntryCount: failed, Entries: results };
  }

  private acceptEntry(entry: WireEntry, index: number): { EventId: string } | EntryFailure {
    const invalid = validateEntry(entry, this.busNames);
    if (invalid) return invalid;
    const injected = this.failureInjector?.(entry, index);
    if (injected) return injected;
    const time =
      typeof entry.Time === 'number'
        ? new Date(entry.Time * 1000)
        : typeof entry.Time === 'string'
          ? new Date(entry.Time)
          : new Date();
    const event: BusEvent = {
      version: '0',
      id: randomUUID(),
      'detail-type': entry.DetailType as string,
      source: entry.Source as string,
      account: this.accountId,
      // EventBridge's envelope time has second precision.
      time: time.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      region: this.region,
      resources: (entry.Resources as string[] | undefined) ?? [],
      detail: JSON.parse(entry.Detail as string),
      'event-bus-name': busNameOf(entry.EventBusName),
    };
    this.events.push(event);
    if (this.options.eventsFile) {
      const file = this.options.eventsFile;
      const line = JSON.stringify(event) + '\n';
      this.pendingWrites = this.pendingWrites.then(() => appendFile(file, line)).catch(() => undefined);
    }
    for (const { filter, listener } of this.listeners) {
      if (!matches(event.source, filter.source) || !matches(event['detail-type'], filter.detailType))
        continue;
      try {
        listener(event);
      } catch {
        // A subscriber's bug must not turn into a PutEvents failure.
      }
    }
    return { EventId: event.id };
  }
}

/** `my-bus` or `arn:aws:events:<region>:<account>:event-bus/my-bus` → `my-bus`. */
function busNameOf(value: unknown): string {
  if (typeof value !== 'string' || value === '') return 'default';
  const arn = /^arn:[^:]+:events:[^:]*:[^:]*:event-bus\/(.+)$/.exec(value);
  return arn?.[1] ?? value;
}

/** Per-entry checks, with EventBridge's error codes. */
function validateEntry(entry: WireEntry, busNames: Set<string>): EntryFailure | null {
  for (const field of ['Source', 'DetailType', 'Detail'] as const) {
    const value = entry[field];
    if (typeof value !== 'string' || value.trim() === '') {
      return {
        ErrorCode: 'InvalidArgument',
        ErrorMessage: `Parameter ${field} is not valid. Reason: ${field} is a required argument.`,
      };
    }
  }
  let detail: unknown;
  try {
    detail = JSON.parse(entry.Detail as string);
  } catch {
    detail = undefined;
  }
  if (detail === null || typeof detail !== 'object' || Array.isArray(detail)) {
    return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
  }
  if (
    entry.Resources !== undefined &&
    !(Array.isArray(entry.Resources) && entry.Resources.every((r) => typeof r === 'string'))
  ) {
    return { ErrorCode: 'InvalidArgument', ErrorMessage: 'Parameter Resources is not valid.' };
  }
  const bus = busNameOf(entry.EventBusName);
  if (!busNames.has(bus)) {
    return { ErrorCode: 'NotFoundException', ErrorMessage: `Event bus ${bus} does not exist.` };
  }
  return null;
}
