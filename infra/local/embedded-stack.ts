// The whole pipeline on one machine, in one process, with real-protocol emulators:
//   S3 (s3rver) ─ObjectCreated under incoming/→ SQS (fauxqs, DLQ via RedrivePolicy)
//     → SqsEventSource (Lambda's event source mapping) → functions/process-article handler
//     → DynamoDB (dynalite, persisted) + EventBridge (our PutEvents endpoint) → local subscribers.
// The handler is the deployed one, unchanged: it finds every service through the SDK's standard
// AWS_ENDPOINT_URL_<SERVICE> variables, set here before it is loaded.
//
// One stack per process: the handler module keeps its SDK clients across invocations (as in a warm
// Lambda), so a second stack with other ports in the same process would not be reached by it.
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceNotFoundException,
} from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import dynalite from 'dynalite';
import { buildApp } from 'fauxqs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SQSRecord } from 'aws-lambda';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import S3rver from 's3rver';
import { tableDefinition } from '../../shared/adapters/dynamodb/create-table.js';
import { DynamoArticleRepository } from '../../shared/adapters/dynamodb/dynamo-repository.js';
import type { SourceRecord } from '../../shared/app/ports.js';
import { pipelineVersionFromSources } from '../../shared/adapters/pipeline-version.js';
import {
  EVENT_STREAM_PATH,
  EventBridgeEndpoint,
  type BusEvent,
  type EventFilter,
} from './eventbridge-endpoint.js';
import { DurableQueues, type MessageMove } from './durable-queues.js';
import { S3ToSqsNotifier } from './s3-notifications.js';
import { SqsEventSource, type InvocationReport, type SqsHandler } from './sqs-event-source.js';
import { ViewerServer } from './viewer-server.js';
import { QueryApiServer, type QueryApiHandler } from './query-api-server.js';
import { ResultsClient } from '../../shared/results/client.js';
import { closeServer } from './close-server.js';
import { S3ObjectLister } from '../../shared/adapters/s3/object-lister.js';
import { SqsNotificationRequeuer } from '../../shared/adapters/sqs/notification-requeuer.js';
import {
  DEFAULT_RECONCILE_MIN_AGE_MS,
  describeReconcile,
  reconcile,
  type ReconcileOptions,
  type ReconcileReport,
} from '../../shared/app/reconcile.js';

export type ServiceName = 's3' | 'dynamodb' | 'sqs' | 'eventbridge' | 'api' | 'viewer';

export interface EmbeddedStackOptions {
  /** Where S3 objects, the DynamoDB table, queues.jsonl, events.jsonl, rules.json and stack.json are kept. */
  stateDir: string;
  /** Explicit ports per service; 0 (the default) picks a free port. */
  ports?: Partial<Record<ServiceName, number>>;
  /** Ports basePort, +1 … +5 for s3, dynamodb, sqs, eventbridge, api, viewer (explicit `ports` win). */
  basePort?: number;
  host?: string;
  region?: string;
  bucketName?: string;
  incomingPrefix?: string;
  tableName?: string;
  queueName?: string;
  deadLetterQueueName?: string;
  eventBusName?: string;
  /** Receives before a message goes to the DLQ (the queue's RedrivePolicy maxReceiveCount). */
  maxReceiveCount?: number;
  visibilityTimeoutSeconds?: number;
  /**
   * The handler's timeout as its context reports it (getRemainingTimeInMillis), which is also how long
   * it holds an article it claims. Must be shorter than the retry window (visibility timeout ×
   * maxReceiveCount), so that another delivery of a held article is retried after the lease expires
   * instead of running out of receives.
   */
  functionTimeoutSeconds?: number;
  batchSize?: number;
  /**
   * Flush the queue journal and the event log to the disk on every write. Without it they survive the
   * stack's process being killed (kill -9), not a power cut.
   */
  fsync?: boolean;
  /** The Lambda handler; by default the real functions/process-article handler, loaded after env is set. */
  handler?: SqsHandler;
  /**
   * Called with the SQS client the stack itself uses (S3's notifications, the event source mapping's
   * receives and deletes, rule targets) when it is made, e.g. to count its requests.
   */
  onSqsClient?: (client: SQSClient) => void;
  /** Human-readable progress lines (default: discarded). */
  log?: (line: string) => void;
  onInvoke?: (report: InvocationReport) => void;
  /** A message reached the dead-letter queue, with the last error the handler reported for it. */
  onDeadLetter?: (letter: DeadLetter) => void;
  /**
   * On start, after the queue journal is replayed, re-enqueue objects under the incoming prefix with no
   * terminal record and articles left PROCESSING (shared/app/reconcile.ts). Default true.
   */
  reconcileOnStart?: boolean;
}

/** A message moved to the dead-letter queue after maxReceiveCount receives. */
export interface DeadLetter {
  messageId: string;
  /** What the message was about: `s3://bucket/key` for an S3 notification, else the start of its body. */
  subject: string;
  /** Object keys (decoded) the message announced. */
  keys: string[];
  receiveCount: number;
  /** The last error of its processing, as the handler reported it (null if it reported none). */
  lastError: string | null;
}

export interface StackEndpoints {
  s3: string;
  dynamodb: string;
  sqs: string;
  eventbridge: string;
  /** Server-sent events of the bus (`?pattern=<EventBridge pattern JSON>` filters); for browsers. */
  eventStream: string;
  /** The results viewer (viewer/), with its upload endpoint for the drop zone. */
  viewer: string;
  /** The query API (the query-api handler's routes, docs/openapi.json), e.g. `<api>/speakers`. */
  api: string;
}

export interface StackResources {
  region: string;
  bucket: string;
  incomingPrefix: string;
  table: string;
  queueUrl: string;
  queueArn: string;
  deadLetterQueueUrl: string;
  deadLetterQueueArn: string;
  eventBusName: string;
}

/** What `<stateDir>/stack.json` holds, for other commands to find a running stack. */
export interface StackInfo {
  pid: number;
  startedAt: string;
  stateDir: string;
  endpoints: StackEndpoints;
  resources: StackResources;
  /** Environment that points an AWS SDK or CLI at this stack. */
  env: Record<string, string>;
}

export const DEFAULTS = {
  region: 'us-east-1',
  bucketName: 'article-pipeline-local',
  incomingPrefix: 'incoming/',
  tableName: 'article-pipeline',
  queueName: 'process-article',
  deadLetterQueueName: 'process-article-dlq',
  eventBusName: 'article-pipeline',
  maxReceiveCount: 5,
  visibilityTimeoutSeconds: 10,
  functionTimeoutSeconds: 30,
  batchSize: 5,
} as const;

/** The defaults' fields, with the values options may give them. */
type StackSettings = {
  -readonly [K in keyof typeof DEFAULTS]: (typeof DEFAULTS)[K] extends number ? number : string;
};

const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** s3rver only accepts these credentials; the other emulators accept any. */
const LOCAL_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

/** What the stack uses of fauxqs's Fastify app (its published typings do not resolve under this tsconfig). */
interface FauxqsServer {
  listen(options: { port: number; host: string }): Promise<string>;
  close(): Promise<unknown>;
}

async function createQueue(
  sqs: SQSClient,
  name: string,
  attributes: Record<string, string>,
): Promise<{ queueUrl: string; queueArn: string }> {
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }),
  );
  if (!QueueUrl || !Attributes?.QueueArn) throw new Error(`Could not create the local queue ${name}.`);
  return { queueUrl: QueueUrl, queueArn: Attributes.QueueArn };
}

const listen = (server: Server, port: number, host: string) =>
  new Promise<number>((resolvePort, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolvePort((server.address() as AddressInfo).port));
  });

export class EmbeddedStack {
  readonly stateDir: string;
  private readonly opts: EmbeddedStackOptions & StackSettings & { host: string };
  private s3rver: S3rver | null = null;
  private s3Server: Server | null = null;
  private dynamo: Server | null = null;
  private fauxqs: FauxqsServer | null = null;
  private bus: EventBridgeEndpoint | null = null;
  private viewer: ViewerServer | null = null;
  private sourceRepository: DynamoArticleRepository | null = null;
  private notifier: S3ToSqsNotifier | null = null;
  private poller: SqsEventSource | null = null;
  private sqsClient: SQSClient | null = null;
  private queues: DurableQueues | null = null;
  private queryApi: QueryApiServer | null = null;
  /** The last error reported for each message being retried (cleared when it succeeds or is dead-lettered). */
  private readonly lastErrors = new Map<string, { error: string; keys: string[] }>();
  private readonly deadLetters = new Map<string, DeadLetter>();
  private savedEnv: Record<string, string | undefined> = {};
  private info: StackInfo | null = null;
  private readonly clients: Array<{ destroy(): void }> = [];

  constructor(options: EmbeddedStackOptions) {
    this.stateDir = resolve(options.stateDir);
    const defined = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
    this.opts = { ...DEFAULTS, host: '127.0.0.1', ...defined } as typeof this.opts;
    const { visibilityTimeoutSeconds, maxReceiveCount } = this.opts;
    // Unless given, the timeout leaves the last receive of the retry window to a retry after the lease.
    this.opts.functionTimeoutSeconds =
      options.functionTimeoutSeconds ??
      Math.min(DEFAULTS.functionTimeoutSeconds, visibilityTimeoutSeconds * (maxReceiveCount - 1));
    const { functionTimeoutSeconds } = this.opts;
    if (functionTimeoutSeconds >= visibilityTimeoutSeconds * maxReceiveCount) {
      throw new Error(
        `functionTimeoutSeconds (${functionTimeoutSeconds}) must be shorter than the retry window, ` +
          `visibilityTimeoutSeconds × maxReceiveCount (${visibilityTimeoutSeconds * maxReceiveCount}).`,
      );
    }
  }

  private port(service: ServiceName): number {
    const offsets: Record<ServiceName, number> = {
      s3: 0,
      dynamodb: 1,
      sqs: 2,
      eventbridge: 3,
      api: 4,
      viewer: 5,
    };
    return this.opts.ports?.[service] ?? (this.opts.basePort ? this.opts.basePort + offsets[service] : 0);
  }

  get endpoints(): StackEndpoints {
    return this.started.endpoints;
  }

  get resources(): StackResources {
    return this.started.resources;
  }

  get stackInfo(): StackInfo {
    return this.started;
  }

  /** The local event bus: every accepted event, failure injection. */
  get eventBus(): EventBridgeEndpoint {
    if (!this.bus) throw new Error('The stack is not started.');
    return this.bus;
  }

  private get started(): StackInfo {
    if (!this.info) throw new Error('The stack is not started.');
    return this.info;
  }

  async start(): Promise<StackInfo> {
    if (this.info) return this.info;
    const { host, region } = this.opts;
    const log = this.opts.log ?? (() => undefined);
    // Two stacks on one state dir would fight over the LevelDB lock (dynalite crashes on it).
    const running = await readRunningStack(this.stateDir);
    if (running && running.pid !== process.pid) throw new StateDirInUseError(this.stateDir, running.pid);
    await mkdir(join(this.stateDir, 's3'), { recursive: true });
    await mkdir(join(this.stateDir, 'dynamodb'), { recursive: true });
    try {
      // S3: objects on disk under the state dir.
      this.s3rver = new S3rver({
        port: this.port('s3'),
        address: host,
        directory: join(this.stateDir, 's3'),
        silent: true,
        vhostBuckets: false,
        configureBuckets: [{ name: this.opts.bucketName, configs: [] }],
      });
      // Our own server around s3rver's request handler: s3rver.run() leaves listen errors unhandled.
      await this.s3rver.configureBuckets();
      this.s3Server = createServer(this.s3rver.callback());
      const s3 = `http://${host}:${await listen(this.s3Server, this.port('s3'), host)}`;

      // DynamoDB: LevelDB files under the state dir, tables active at once.
      this.dynamo = dynalite({
        path: join(this.stateDir, 'dynamodb'),
        createTableMs: 0,
        deleteTableMs: 0,
        updateTableMs: 0,
      });
      const dynamodb = `http://${host}:${await listen(this.dynamo, this.port('dynamodb'), host)}`;

      // SQS: fauxqs (in memory) with a write-ahead journal, queues.jsonl (durable-queues.ts), on the
      // loopback interface only (startFauxqs would listen on all interfaces). Queues are created through
      // the SQS API; the queue redrives to the DLQ after maxReceiveCount receives.
      this.queues = await DurableQueues.open(join(this.stateDir, 'queues.jsonl'), {
        fsync: this.opts.fsync,
        onMove: (move) => this.onMessageMoved(move),
      });
      // buildApp defaults each store it is not given (its typings ask for all three).
      const stores = { sqsStore: this.queues.store } as unknown as NonNullable<
        Parameters<typeof buildApp>[0]
      >['stores'];
      this.fauxqs = buildApp({ logger: false, defaultRegion: region, stores }) as FauxqsServer;
      const sqsPort = new URL(await this.fauxqs.listen({ port: this.port('sqs'), host })).port;
      const sqs = `http://${host}:${sqsPort}`;
      this.sqsClient = this.track(
        // Explicit endpoint: fauxqs queue URLs name hosts (sqs.<region>.localhost) that need not resolve.
        new SQSClient({ endpoint: sqs, region, credentials: LOCAL_CREDENTIALS }),
      );
      this.opts.onSqsClient?.(this.sqsClient);
      const dlq = await createQueue(this.sqsClient, this.opts.deadLetterQueueName, {
        MessageRetentionPeriod: '1209600',
      });
      const queue = await createQueue(this.sqsClient, this.opts.queueName, {
        VisibilityTimeout: String(this.opts.visibilityTimeoutSeconds),
        RedrivePolicy: JSON.stringify({
          deadLetterTargetArn: dlq.queueArn,
          maxReceiveCount: String(this.opts.maxReceiveCount),
        }),
      });
      // Messages that were queued or in flight when the stack last stopped (or was killed).
      for (const [name, count] of this.queues.restore(Number(sqsPort)))
        log(`restored ${count} message(s) into queue ${name} from queues.jsonl`);

      // EventBridge: our endpoint, recording events to events.jsonl, rules in rules.json, delivering
      // to rule targets (local queues, HTTP endpoints).
      this.bus = new EventBridgeEndpoint({
        port: this.port('eventbridge'),
        host,
        region,
        busNames: [this.opts.eventBusName],
        eventsFile: join(this.stateDir, 'events.jsonl'),
        fsync: this.opts.fsync,
        rulesFile: join(this.stateDir, 'rules.json'),
        sqs: this.sqsClient,
        onDeliveryFailure: (f) =>
          log(
            `rule ${f.rule.name}: event ${f.eventId} not delivered to ${f.target.Arn}: ${f.error.message}` +
              (f.deadLetteredTo ? ` (sent to ${f.deadLetteredTo})` : ''),
          ),
      });
      const eventbridge = await this.bus.start();
      const eventStream = `${eventbridge}${EVENT_STREAM_PATH}`;

      // The query API: the query-api Lambda handler behind a local HTTP server, over this table.
      this.queryApi = new QueryApiServer(await loadQueryApiHandler(() => this.resultsClient()), {
        host,
        port: this.port('api'),
      });
      const api = await this.queryApi.start();

      // The viewer: uploads from its drop zone go through the S3 API like any producer's; /api/ is
      // passed through to the query API.
      this.viewer = new ViewerServer({
        host,
        port: this.port('viewer'),
        s3: this.track(localS3Client(s3, region)),
        bucket: this.opts.bucketName,
        incomingPrefix: this.opts.incomingPrefix,
        eventStream,
        sourceStatus: (key) => this.sourceRecord(key),
        apiUrl: api,
      });
      const viewer = await this.viewer.start();

      const endpoints: StackEndpoints = { s3, dynamodb, sqs, eventbridge, eventStream, api, viewer };
      const resources: StackResources = {
        region,
        bucket: this.opts.bucketName,
        incomingPrefix: this.opts.incomingPrefix,
        table: this.opts.tableName,
        queueUrl: queue.queueUrl,
        queueArn: queue.queueArn,
        deadLetterQueueUrl: dlq.queueUrl,
        deadLetterQueueArn: dlq.queueArn,
        eventBusName: this.opts.eventBusName,
      };
      const env = handlerEnvironment(endpoints, resources);
      this.applyEnv(env);
      this.info = {
        pid: process.pid,
        startedAt: new Date().toISOString(),
        stateDir: this.stateDir,
        endpoints,
        resources,
        env,
      };

      await this.ensureTable();

      this.notifier = new S3ToSqsNotifier({
        sqs: this.sqsClient,
        queueUrl: queue.queueUrl,
        bucket: this.opts.bucketName,
        prefix: this.opts.incomingPrefix,
        region,
        onError: (err, record) =>
          log(`S3 notification for ${record.s3.object.key} was not sent: ${String(err)}`),
      });
      this.s3rver.on('event', this.notifier.onS3rverEvent);

      const handler =
        this.opts.handler ??
        (await loadProcessArticleHandler((record, err) =>
          this.lastErrors.set(record.messageId, {
            error: errorText(err),
            keys: notificationKeys(record.body),
          }),
        ));
      if (this.opts.reconcileOnStart !== false) {
        // Nothing is in flight yet (the poller starts below): what is not queued and not done was lost.
        const queued = new Set(
          [queue.queueArn, dlq.queueArn].flatMap((arn) =>
            this.queues!.bodiesIn(arn).flatMap(notificationKeys),
          ),
        );
        const report = await this.reconcile({ minAgeMs: 0, queuedKeys: queued });
        if (report.requeued.length) log(`reconcile: ${describeReconcile(report)}`);
      }

      this.poller = new SqsEventSource({
        sqs: this.sqsClient,
        queueUrl: queue.queueUrl,
        queueArn: queue.queueArn,
        region,
        handler,
        batchSize: this.opts.batchSize,
        waitTimeSeconds: 5,
        timeoutMs: this.opts.functionTimeoutSeconds * 1000,
        onInvoke: (report) => {
          this.noteInvocation(report);
          this.opts.onInvoke?.(report);
        },
        onError: (err) => log(`SQS poller: ${String(err)}`),
      });
      this.poller.start();

      await writeFile(join(this.stateDir, 'stack.json'), JSON.stringify(this.info, null, 2) + '\n');
      return this.info;
    } catch (err) {
      await this.stop();
      throw err;
    }
  }

  /** Stops polling (after the batch in progress), closes every server, restores the environment. */
  async stop(): Promise<void> {
    const wasStarted = this.info !== null;
    await this.poller?.stop();
    this.poller = null;
    await this.notifier?.drain();
    if (this.s3rver && this.notifier) this.s3rver.off('event', this.notifier.onS3rverEvent);
    this.notifier = null;
    await this.viewer?.stop();
    this.viewer = null;
    this.sourceRepository = null;
    await this.queryApi?.stop();
    this.queryApi = null;
    // The bus before the clients: its last deliveries to rule targets use the SQS client.
    await this.bus?.stop();
    for (const client of this.clients.splice(0)) client.destroy();
    this.sqsClient = null;
    const closing: Array<Promise<unknown>> = [];
    if (this.fauxqs) closing.push(this.fauxqs.close());
    if (this.dynamo) closing.push(closeServer(this.dynamo));
    if (this.s3Server) closing.push(closeServer(this.s3Server));
    await Promise.allSettled(closing);
    this.bus = null;
    this.fauxqs = null;
    this.dynamo = null;
    this.s3rver = null;
    this.s3Server = null;
    this.queues?.close();
    this.queues = null;
    this.restoreEnv();
    if (wasStarted) await rm(join(this.stateDir, 'stack.json'), { force: true });
    this.info = null;
  }

  /**
   * Re-enqueues the objects under the incoming prefix with no terminal record and the sources of
   * articles PROCESSING past their lease (shared/app/reconcile.ts). By default leaves alone what changed
   * in the last 5 minutes (it may still be queued).
   */
  async reconcile(
    options: Partial<Pick<ReconcileOptions, 'minAgeMs' | 'dryRun' | 'queuedKeys'>> = {},
  ): Promise<ReconcileReport> {
    if (!this.sqsClient) throw new Error('The stack is not started.');
    const { bucket, incomingPrefix, queueUrl, table } = this.resources;
    return reconcile(
      { bucket, incomingPrefix, minAgeMs: DEFAULT_RECONCILE_MIN_AGE_MS, ...options },
      {
        objects: new S3ObjectLister(this.s3Client()),
        repo: new DynamoArticleRepository(this.documentClient(), table),
        requeuer: new SqsNotificationRequeuer(this.sqsClient, queueUrl),
        clock: { now: () => new Date() },
      },
    );
  }

  /** The pipeline's record of an object in the bucket (its SOURCE item), or null. */
  async sourceRecord(key: string): Promise<SourceRecord | null> {
    this.sourceRepository ??= new DynamoArticleRepository(this.documentClient(), this.resources.table);
    return this.sourceRepository.getSource(this.resources.bucket, key);
  }

  /** The message about this object key that went to the dead-letter queue (this run), if any. */
  deadLetterFor(key: string): DeadLetter | null {
    return this.deadLetters.get(key) ?? null;
  }

  /** The last error reported for a message about this key that is still being retried, if any. */
  lastErrorFor(key: string): string | null {
    let found: string | null = null;
    for (const { error, keys } of this.lastErrors.values()) if (keys.includes(key)) found = error;
    return found;
  }

  /** Calls `listener` for every event put on the bus (optionally filtered). Returns unsubscribe. */
  onEvent(listener: (event: BusEvent) => void, filter: EventFilter = {}): () => void {
    return this.eventBus.subscribe(filter, listener);
  }

  /**
   * Resolves when nothing is left to do: no notification being sent, no message in the queue
   * (visible, delayed or in flight) and no handler running. Rejects after timeoutMs.
   */
  async waitForIdle(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let quietChecks = 0;
    while (quietChecks < 2) {
      if (Date.now() > deadline) throw new Error(`The local stack was still busy after ${timeoutMs} ms.`);
      quietChecks = (await this.isIdle()) ? quietChecks + 1 : 0;
      if (quietChecks < 2) await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** True when no notification is being sent, no message is queued or in flight and no handler runs. */
  async isIdle(): Promise<boolean> {
    if (!this.notifier || !this.poller || !this.sqsClient) throw new Error('The stack is not started.');
    if (this.notifier.pending || this.poller.busy) return false;
    const { Attributes: a = {} } = await this.sqsClient.send(
      new GetQueueAttributesCommand({
        QueueUrl: this.resources.queueUrl,
        AttributeNames: [
          'ApproximateNumberOfMessages',
          'ApproximateNumberOfMessagesNotVisible',
          'ApproximateNumberOfMessagesDelayed',
        ],
      }),
    );
    const queued =
      Number(a.ApproximateNumberOfMessages ?? 0) +
      Number(a.ApproximateNumberOfMessagesNotVisible ?? 0) +
      Number(a.ApproximateNumberOfMessagesDelayed ?? 0);
    return queued === 0 && !this.poller.busy && !this.notifier.pending;
  }

  /** An S3 client for this stack (uploads from the CLI and tests). Destroyed on stop(). */
  s3Client(): S3Client {
    return this.track(localS3Client(this.endpoints.s3, this.resources.region));
  }

  /** A DynamoDB document client for this stack. Destroyed on stop(). */
  documentClient(): DynamoDBDocumentClient {
    const client = this.track(
      new DynamoDBClient({
        endpoint: this.endpoints.dynamodb,
        region: this.resources.region,
        credentials: LOCAL_CREDENTIALS,
      }),
    );
    return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  }

  /** An SQS client for this stack. Destroyed on stop(). */
  sqs(): SQSClient {
    return this.track(
      new SQSClient({
        endpoint: this.endpoints.sqs,
        region: this.resources.region,
        credentials: LOCAL_CREDENTIALS,
      }),
    );
  }

  /** Keeps the last error of each failed message; forgets messages that were processed. */
  private noteInvocation(report: InvocationReport): void {
    const failed = new Set(report.failedMessageIds);
    for (const id of report.messageIds) {
      if (!failed.has(id)) this.lastErrors.delete(id);
      else if (report.error)
        this.lastErrors.set(id, {
          error: errorText(report.error),
          keys: this.lastErrors.get(id)?.keys ?? [],
        });
    }
  }

  private onMessageMoved(move: MessageMove): void {
    if (!this.info || move.to !== this.opts.deadLetterQueueName) return;
    const keys = notificationKeys(move.body);
    const letter: DeadLetter = {
      messageId: move.messageId,
      subject: keys.length
        ? keys.map((k) => `s3://${this.opts.bucketName}/${k}`).join(', ')
        : `message ${JSON.stringify(move.body.slice(0, 80))}`,
      keys,
      receiveCount: move.receiveCount - 1,
      lastError: this.lastErrors.get(move.messageId)?.error ?? null,
    };
    this.lastErrors.delete(move.messageId);
    for (const key of keys) this.deadLetters.set(key, letter);
    (this.opts.log ?? (() => undefined))(
      `dead-letter queue: ${letter.subject} (message ${letter.messageId}) gave up after ` +
        `${letter.receiveCount} receives; last error: ${letter.lastError ?? '(none reported)'}`,
    );
    this.opts.onDeadLetter?.(letter);
  }

  /** A ResultsClient over this stack's table (and bucket, for results kept in S3). */
  resultsClient(): ResultsClient {
    return new ResultsClient({
      tableName: this.resources.table,
      documentClient: this.documentClient(),
      s3Client: this.s3Client(),
    });
  }

  private track<T extends { destroy(): void }>(client: T): T {
    this.clients.push(client);
    return client;
  }

  private async ensureTable(): Promise<void> {
    const client = new DynamoDBClient({
      endpoint: this.endpoints.dynamodb,
      region: this.resources.region,
      credentials: LOCAL_CREDENTIALS,
    });
    try {
      await client.send(new DescribeTableCommand({ TableName: this.opts.tableName }));
    } catch (err) {
      if (!(err instanceof ResourceNotFoundException)) throw err;
      await client.send(new CreateTableCommand(tableDefinition(this.opts.tableName)));
    } finally {
      client.destroy();
    }
  }

  private applyEnv(env: Record<string, string>): void {
    for (const [name, value] of Object.entries(env)) {
      this.savedEnv[name] = process.env[name];
      process.env[name] = value;
    }
    // A session token from the user's shell would be sent with the local credentials.
    this.savedEnv.AWS_SESSION_TOKEN = process.env.AWS_SESSION_TOKEN;
    delete process.env.AWS_SESSION_TOKEN;
    // Quieter handler logs and no EMF metrics on the console, unless the user asked for them.
    for (const [name, value] of Object.entries({
      POWERTOOLS_LOG_LEVEL: 'WARN',
      POWERTOOLS_METRICS_DISABLED: 'true',
    })) {
      if (process.env[name] !== undefined) continue;
      this.savedEnv[name] = undefined;
      process.env[name] = value;
    }
  }

  private restoreEnv(): void {
    for (const [name, value] of Object.entries(this.savedEnv)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    this.savedEnv = {};
  }
}

export class StateDirInUseError extends Error {
  constructor(
    readonly stateDir: string,
    readonly pid: number,
  ) {
    super(
      `A local stack (pid ${pid}) is already running with state in ${stateDir}; stop it or use another state directory.`,
    );
    this.name = 'StateDirInUseError';
  }
}

/** The stack.json of a stack whose process is still alive, or null. */
export async function readRunningStack(stateDir: string): Promise<StackInfo | null> {
  const info = await readFile(join(stateDir, 'stack.json'), 'utf8')
    .then((text) => JSON.parse(text) as StackInfo)
    .catch(() => null);
  if (!info || typeof info.pid !== 'number') return null;
  try {
    process.kill(info.pid, 0);
    return info;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM' ? info : null;
  }
}

/** The environment the deployed function gets from CDK, pointed at the local endpoints. */
export function handlerEnvironment(
  endpoints: StackEndpoints,
  resources: StackResources,
): Record<string, string> {
  return {
    AWS_REGION: resources.region,
    AWS_DEFAULT_REGION: resources.region,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL_S3: endpoints.s3,
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
    AWS_ENDPOINT_URL_SQS: endpoints.sqs,
    AWS_ENDPOINT_URL_EVENTBRIDGE: endpoints.eventbridge,
    AWS_REQUEST_CHECKSUM_CALCULATION: 'WHEN_REQUIRED',
    AWS_RESPONSE_CHECKSUM_VALIDATION: 'WHEN_REQUIRED',
    S3_FORCE_PATH_STYLE: 'true',
    TABLE_NAME: resources.table,
    RESULTS_BUCKET: resources.bucket,
    RESULTS_PREFIX: 'results/',
    // As the CDK stack does at synth: the version of the core in this checkout.
    PIPELINE_VERSION: JSON.stringify(pipelineVersionFromSources(REPO_ROOT)),
    EVENT_BUS_NAME: resources.eventBusName,
  };
}

/** The deployed handler, built with an observer of the errors that make a record be retried. */
async function loadProcessArticleHandler(
  onRecordError: (record: SQSRecord, err: unknown) => void,
): Promise<SqsHandler> {
  const mod = await import('../../functions/process-article/handler.js');
  return mod.createHandler(undefined, { onRecordError });
}

const localS3Client = (endpoint: string, region: string) =>
  new S3Client({
    endpoint,
    region,
    credentials: LOCAL_CREDENTIALS,
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });

/** The deployed query-api handler over the given client. */
async function loadQueryApiHandler(makeClient: () => ResultsClient): Promise<QueryApiHandler> {
  const mod = await import('../../functions/query-api/handler.js');
  return mod.createHandler(makeClient);
}

const errorText = (err: unknown): string =>
  err instanceof Error ? `${err.name === 'Error' ? '' : `${err.name}: `}${err.message}` : String(err);

/** The object keys (decoded) an S3 notification message announces; [] for anything else. */
export function notificationKeys(body: string): string[] {
  try {
    const records = (JSON.parse(body) as { Records?: Array<{ s3?: { object?: { key?: string } } }> }).Records;
    return (records ?? []).flatMap((r) => {
      const key = r.s3?.object?.key;
      if (typeof key !== 'string') return [];
      try {
        return [decodeURIComponent(key.replace(/\+/g, ' '))];
      } catch {
        return [key];
      }
    });
  } catch {
    return [];
  }
}
