// A small EventBridge stand-in that speaks EventBridge's wire protocol (AWS JSON 1.1,
// `X-Amz-Target: AWSEvents.<Operation>`), so the real EventBridgeClient and the AWS CLI talk to it
// through AWS_ENDPOINT_URL_EVENTBRIDGE:
// - PutEvents: validates entries the way EventBridge does, answers per entry (EventId or
//   ErrorCode, FailedEntryCount), records accepted events in memory and in `<stateDir>/events.jsonl`;
// - rules (bus-rules.ts): PutRule, DescribeRule, ListRules, EnableRule, DisableRule, DeleteRule,
//   PutTargets, RemoveTargets, ListTargetsByRule, ListRuleNamesByTarget, with event-pattern
//   matching (event-pattern.ts) and delivery to SQS queues and HTTP endpoints (rule-targets.ts);
// - TestEventPattern, ListEventBuses, DescribeEventBus.
// Besides the AWS API, `GET /events[?pattern=<json>]` streams accepted events as server-sent events
// (for browsers), and in-process subscribers get every event (the console of `npm start`).
import { randomUUID } from 'node:crypto';
import { AppendLog } from './append-log.js';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BusApiError, BusRules, busNameOf } from './bus-rules.js';
import { compileEventPattern, InvalidEventPatternError, type CompiledPattern } from './event-pattern.js';
import { RuleTargetDelivery, type DeliveryFailure } from './rule-targets.js';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { closeServer } from './close-server.js';

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
  /**
   * Accepted events are appended here as JSON Lines, synchronously, before PutEvents answers: an
   * event the bus acknowledged is in the file even if the process is killed right after.
   */
  eventsFile?: string;
  /** Also flush the events file to the disk before answering (survives a power cut). */
  fsync?: boolean;
  /** Rules are kept here (JSON) and read back on start. */
  rulesFile?: string;
  /** SQS client (explicit endpoint) for rule targets that are queues. */
  sqs?: SQSClient;
  /** A rule target failed for good (after retries; dead-lettered when it has a DLQ). */
  onDeliveryFailure?: (failure: DeliveryFailure) => void;
  /** Retries of a failed delivery when the target sets no RetryPolicy (default 5). */
  deliveryRetryAttempts?: number;
  /** First retry delay in ms, doubling (default 200). */
  deliveryRetryBaseDelayMs?: number;
}

/** Path of the server-sent events stream. */
export const EVENT_STREAM_PATH = '/events';
/** A comment line on idle streams keeps proxies and browsers from closing them. */
const SSE_HEARTBEAT_MS = 15_000;

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

class RequestError extends BusApiError {
  constructor(status: number, type: string, message: string) {
    super(type, message, status);
  }
}

/** The standard envelope a rule target receives (without the local bus's bookkeeping field). */
export function deliveredEvent(event: BusEvent): Omit<BusEvent, 'event-bus-name'> {
  const { 'event-bus-name': _bus, ...envelope } = event;
  return envelope;
}

export class EventBridgeEndpoint {
  /** Accepted events, in the order they were accepted. */
  readonly events: BusEvent[] = [];
  private readonly listeners = new Set<{
    filter: EventFilter;
    pattern?: CompiledPattern;
    listener: EventListener;
  }>();
  private readonly busNames: Set<string>;
  /** Rules of every bus (persisted in options.rulesFile). */
  readonly rules: BusRules;
  private readonly delivery: RuleTargetDelivery;
  private readonly streams = new Set<ServerResponse>();
  private readonly region: string;
  private readonly accountId: string;
  private server: Server | null = null;
  private eventLog: AppendLog | null = null;
  private failureInjector: ((entry: WireEntry, index: number) => EntryFailure | null) | null = null;
  private urlValue: string | null = null;

  constructor(private readonly options: EventBridgeEndpointOptions = {}) {
    this.region = options.region ?? 'us-east-1';
    this.accountId = options.accountId ?? '000000000000';
    this.busNames = new Set(['default', ...(options.busNames ?? [])]);
    this.rules = new BusRules({
      region: this.region,
      accountId: this.accountId,
      busNames: this.busNames,
      rulesFile: options.rulesFile,
    });
    this.delivery = new RuleTargetDelivery({
      sqs: options.sqs,
      onFailure: options.onDeliveryFailure,
      defaultRetryAttempts: options.deliveryRetryAttempts,
      retryBaseDelayMs: options.deliveryRetryBaseDelayMs,
    });
  }

  async start(): Promise<string> {
    await this.rules.load();
    if (this.options.eventsFile)
      this.eventLog = new AppendLog(this.options.eventsFile, { fsync: this.options.fsync });
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
    for (const stream of this.streams) stream.end();
    this.streams.clear();
    await this.delivery.stop();
    if (server) await closeServer(server);
    this.eventLog?.close();
    this.eventLog = null;
    await this.rules.flush();
  }

  /** Calls `listener` for each accepted event matching `filter`. Returns an unsubscribe function. */
  subscribe(filter: EventFilter, listener: EventListener): () => void {
    const entry = { filter, listener };
    this.listeners.add(entry);
    return () => this.listeners.delete(entry);
  }

  /**
   * Calls `listener` for each accepted event (any bus) that matches an EventBridge event pattern
   * (a JSON string or object; throws InvalidEventPatternError). Returns an unsubscribe function.
   */
  subscribePattern(pattern: string | object, listener: EventListener): () => void {
    const entry = { filter: {}, pattern: compileEventPattern(pattern), listener };
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

  /** Resolves once every accepted event is delivered to rule targets (the events file is written at once). */
  async flush(): Promise<void> {
    await this.delivery.flush();
    await this.rules.flush();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      if (req.method === 'GET' && new URL(req.url ?? '/', 'http://x').pathname === EVENT_STREAM_PATH)
        return this.openStream(req, res);
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
      const target = String(req.headers['x-amz-target'] ?? '');
      const operation = target.startsWith('AWSEvents.') ? this.operations[target.slice(10)] : undefined;
      if (!operation) {
        throw new RequestError(
          400,
          'UnknownOperationException',
          `Operation ${target || '(none)'} is not supported by the local EventBridge.`,
        );
      }
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
      } catch {
        throw new RequestError(400, 'SerializationException', 'The request body is not valid JSON.');
      }
      if (body === null || typeof body !== 'object' || Array.isArray(body))
        throw new RequestError(400, 'SerializationException', 'The request body must be a JSON object.');
      this.reply(res, 200, operation(body as Record<string, unknown>));
    } catch (err) {
      const e =
        err instanceof BusApiError
          ? err
          : new RequestError(500, 'InternalException', err instanceof Error ? err.message : String(err));
      res.setHeader('x-amzn-ErrorType', e.type);
      this.reply(res, e.status, { __type: e.type, message: e.message });
    }
  }

  /** The AWS API operations, by X-Amz-Target name. */
  private readonly operations: Record<string, (body: Record<string, unknown>) => unknown> = {
    PutEvents: (body) => this.putEvents(body),
    PutRule: (body) => this.rules.putRule(body),
    DescribeRule: (body) => this.rules.describeRule(body),
    ListRules: (body) => this.rules.listRules(body),
    EnableRule: (body) => this.rules.setState(body, 'ENABLED'),
    DisableRule: (body) => this.rules.setState(body, 'DISABLED'),
    DeleteRule: (body) => this.rules.deleteRule(body),
    PutTargets: (body) => this.rules.putTargets(body),
    RemoveTargets: (body) => this.rules.removeTargets(body),
    ListTargetsByRule: (body) => this.rules.listTargetsByRule(body),
    ListRuleNamesByTarget: (body) => this.rules.listRuleNamesByTarget(body),
    TestEventPattern: (body) => testEventPattern(body),
    ListEventBuses: (body) => ({
      EventBuses: [...this.busNames]
        .filter((name) => name.startsWith(typeof body.NamePrefix === 'string' ? body.NamePrefix : ''))
        .sort()
        .map((name) => this.describeBus(name)),
    }),
    DescribeEventBus: (body) => this.describeBus(this.rules.bus(body.Name)),
  };

  private describeBus(name: string) {
    return { Name: name, Arn: `arn:aws:events:${this.region}:${this.accountId}:event-bus/${name}` };
  }

  /**
   * Server-sent events: every accepted event matching `?pattern=` (an EventBridge pattern, default:
   * all), as `id: <event id>` + `data: <event JSON>`. A reconnecting EventSource sends
   * Last-Event-ID and gets the events it missed since then (kept in memory since the bus started).
   */
  private openStream(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://x');
    const patternText = url.searchParams.get('pattern');
    let pattern: CompiledPattern | undefined;
    try {
      pattern = patternText ? compileEventPattern(patternText) : undefined;
    } catch (err) {
      if (!(err instanceof InvalidEventPatternError)) throw err;
      res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8', 'access-control-allow-origin': '*' });
      res.end(`${err.message}\n`);
      return;
    }
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      'access-control-allow-origin': '*',
    });
    res.write('retry: 2000\n\n');
    const send = (event: BusEvent) => {
      const envelope = deliveredEvent(event);
      if (!pattern || pattern.matches(envelope))
        res.write(`id: ${event.id}\ndata: ${JSON.stringify(envelope)}\n\n`);
    };
    const lastId = req.headers['last-event-id'] ?? url.searchParams.get('lastEventId');
    if (typeof lastId === 'string' && lastId) {
      const seen = this.events.findIndex((e) => e.id === lastId);
      for (const event of this.events.slice(seen + 1)) send(event);
    }
    const entry = { filter: {}, listener: send };
    this.listeners.add(entry);
    this.streams.add(res);
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), SSE_HEARTBEAT_MS);
    heartbeat.unref();
    const close = () => {
      clearInterval(heartbeat);
      this.listeners.delete(entry);
      this.streams.delete(res);
    };
    req.on('close', close);
    res.on('close', close);
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
    const accepted: BusEvent[] = [];
    const results = (entries as WireEntry[]).map((entry, index) => {
      const result = this.acceptEntry(entry ?? {}, index);
      if ('ErrorCode' in result) {
        failed++;
        return result;
      }
      accepted.push(result);
      return { EventId: result.id };
    });
    // The log first (one write for the request), then the answer, the rules and the subscribers.
    if (accepted.length) this.eventLog?.append(accepted.map((e) => JSON.stringify(e) + '\n').join(''));
    for (const event of accepted) this.dispatch(event);
    return { FailedEntryCount: failed, Entries: results };
  }

  private acceptEntry(entry: WireEntry, index: number): BusEvent | EntryFailure {
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
    return event;
  }

  /** Keeps an accepted event, delivers it to the targets of matching rules and to subscribers. */
  private dispatch(event: BusEvent): void {
    this.events.push(event);
    const envelope = deliveredEvent(event);
    for (const rule of this.rules.matching(event['event-bus-name'], envelope)) {
      for (const target of rule.Targets)
        this.delivery.deliver({ name: rule.Name, arn: rule.Arn }, target, envelope);
    }
    for (const { filter, pattern, listener } of this.listeners) {
      if (!matches(event.source, filter.source) || !matches(event['detail-type'], filter.detailType))
        continue;
      if (pattern && !pattern.matches(envelope)) continue;
      try {
        listener(event);
      } catch {
        // A subscriber's bug must not turn into a PutEvents failure.
      }
    }
  }
}

/** TestEventPattern: does the event (JSON with EventBridge's envelope fields) match the pattern? */
function testEventPattern(body: Record<string, unknown>): { Result: boolean } {
  let pattern: CompiledPattern;
  try {
    pattern = compileEventPattern(body.EventPattern);
  } catch (err) {
    if (err instanceof InvalidEventPatternError)
      throw new RequestError(400, 'InvalidEventPatternException', err.message);
    throw err;
  }
  let event: unknown;
  try {
    event = JSON.parse(String(body.Event));
  } catch {
    throw new RequestError(400, 'ValidationException', 'Parameter Event is not valid JSON.');
  }
  const missing = ['id', 'account', 'source', 'time', 'region', 'detail-type'].filter(
    (field) => typeof (event as Record<string, unknown> | null)?.[field] !== 'string',
  );
  if (missing.length)
    throw new RequestError(
      400,
      'ValidationException',
      `Parameter Event is not valid: missing ${missing.join(', ')}.`,
    );
  return { Result: pattern.matches(event) };
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
