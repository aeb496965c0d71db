// Counts the AWS requests SDK clients send, as AWS bills them: a middleware added to each client sees
// every command and its result (one count per attempt the SDK made, from $metadata.attempts), and
// records the billing quantities that depend on the payload (SQS 64 KB chunks, EventBridge entries by
// 64 KB chunk, messages received and deleted). Benchmarks only: never in runtime code.
import type { MiddlewareStack } from '@smithy/types';

export type Service = 's3' | 'sqs' | 'eventbridge' | 'dynamodb';

/** Counts by service and command, plus the payload-dependent quantities. */
export interface RequestCounts {
  /** `${service}:${command}` → requests (attempts included). */
  requests: Record<string, number>;
  /** SQS requests by 64 KB chunk of payload (what SQS bills). */
  sqsBilledRequests: number;
  sqsMessagesSent: number;
  sqsMessagesReceived: number;
  /** ReceiveMessage calls that returned nothing (long polls that timed out). */
  sqsEmptyReceives: number;
  sqsMessagesDeleted: number;
  /** PutEvents entries accepted by the bus, and the 64 KB chunks EventBridge bills them as. */
  eventEntries: number;
  eventChunks: number;
  eventBytes: number;
  /**
   * The same entries as an archive keeps them: the whole event EventBridge delivers (its envelope:
   * version, id, account, time, region, with the detail), larger than the billed size by ~200 bytes.
   */
  eventArchivedBytes: number;
}

const KB64 = 64 * 1024;
const utf8 = (s: string | undefined) => (s ? Buffer.byteLength(s) : 0);
/** At least one chunk a request, one more for every started 64 KB. */
const chunks = (bytes: number) => Math.max(1, Math.ceil(bytes / KB64));

/** An entry as EventBridge delivers (and archives) it, with placeholder values of the real lengths. */
function archivedSize(entry: Record<string, unknown>): number {
  return utf8(
    JSON.stringify({
      version: '0',
      id: '00000000-0000-0000-0000-000000000000',
      'detail-type': entry.DetailType,
      source: entry.Source,
      account: '123456789012',
      time: '2026-01-01T00:00:00Z',
      region: 'us-east-1',
      resources: entry.Resources ?? [],
      detail: JSON.parse((entry.Detail as string | undefined) ?? '{}') as unknown,
    }),
  );
}

type Input = Record<string, unknown>;
type Output = Record<string, unknown> & { $metadata?: { attempts?: number } };

export class RequestCounter {
  counts: RequestCounts = RequestCounter.empty();

  static empty(): RequestCounts {
    return {
      requests: {},
      sqsBilledRequests: 0,
      sqsMessagesSent: 0,
      sqsMessagesReceived: 0,
      sqsEmptyReceives: 0,
      sqsMessagesDeleted: 0,
      eventEntries: 0,
      eventChunks: 0,
      eventBytes: 0,
      eventArchivedBytes: 0,
    };
  }

  /** Starts counting the requests of this client (any AWS SDK v3 client, or a document client). */
  attach<I extends object, O extends object>(
    client: { middlewareStack: MiddlewareStack<I, O> },
    service: Service,
  ): void {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const result = await next(args);
        const command = (context as { commandName?: string }).commandName ?? 'unknown';
        this.record(service, command, args.input as Input, result.output as Output);
        return result;
      },
      // initialize: once per call, outside the retries; the attempts come from the result.
      { step: 'initialize', name: 'loadBenchRequestCounter', override: true },
    );
  }

  private record(service: Service, command: string, input: Input, output: Output): void {
    const c = this.counts;
    const attempts = output.$metadata?.attempts ?? 1;
    const name = `${service}:${command.replace(/Command$/, '')}`;
    c.requests[name] = (c.requests[name] ?? 0) + attempts;
    if (service === 'sqs') this.recordSqs(command.replace(/Command$/, ''), input, output);
    if (service === 'eventbridge' && /^PutEvents/.test(command)) {
      const entries = (input.Entries ?? []) as Array<Record<string, unknown>>;
      const results = (output.Entries ?? []) as Array<{ ErrorCode?: string }>;
      entries.forEach((entry, i) => {
        if (results[i]?.ErrorCode) return; // rejected entries are not billed
        // EventBridge sizes an entry by its Source, DetailType, Detail and Resources (UTF-8) and Time.
        const bytes =
          utf8(entry.Source as string) +
          utf8(entry.DetailType as string) +
          utf8(entry.Detail as string) +
          ((entry.Resources as string[] | undefined) ?? []).reduce((n, r) => n + utf8(r), 0) +
          (entry.Time ? 14 : 0);
        c.eventEntries++;
        c.eventBytes += bytes;
        c.eventArchivedBytes += archivedSize(entry);
        c.eventChunks += chunks(bytes);
      });
    }
  }

  private recordSqs(command: string, input: Input, output: Output): void {
    const c = this.counts;
    switch (command) {
      case 'SendMessage':
        c.sqsMessagesSent++;
        c.sqsBilledRequests += chunks(utf8(input.MessageBody as string));
        break;
      case 'SendMessageBatch': {
        const entries = (input.Entries ?? []) as Array<{ MessageBody?: string }>;
        c.sqsMessagesSent += entries.length;
        c.sqsBilledRequests += chunks(entries.reduce((n, e) => n + utf8(e.MessageBody), 0));
        break;
      }
      case 'ReceiveMessage': {
        const messages = (output.Messages ?? []) as Array<{ Body?: string }>;
        c.sqsMessagesReceived += messages.length;
        if (!messages.length) c.sqsEmptyReceives++;
        c.sqsBilledRequests += chunks(messages.reduce((n, m) => n + utf8(m.Body), 0));
        break;
      }
      case 'DeleteMessage':
        c.sqsMessagesDeleted++;
        c.sqsBilledRequests++;
        break;
      case 'DeleteMessageBatch':
        c.sqsMessagesDeleted += ((output.Successful ?? []) as unknown[]).length;
        c.sqsBilledRequests++;
        break;
      default:
        // Management calls (GetQueueAttributes of the benchmark's idle checks, CreateQueue) are not
        // part of the pipeline's per-article work; they are listed in `requests` only.
        break;
    }
  }
}
