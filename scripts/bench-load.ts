// `npm run bench:load`: BBC News articles through the embedded stack end to end, as on AWS: S3 upload →
// notification → queue → the real process-article handler (batches of 5, one poller: one function
// instance) → DynamoDB + EventBridge. Measures articles/s, upload-to-`Article Processed` latency (the
// time from the PutObject's response to the event reaching the bus), checks that nothing is lost
// (every upload ends PROCESSED exactly once, every processed article announced once with one event per
// statement, nothing dead-lettered), and counts the AWS requests the pipeline makes, at the SDK level:
// a middleware on the handler's S3 and EventBridge clients and on the stack's SQS client (S3's
// notifications, the event source mapping's receives and deletes), DynamoDB units item by item with
// scripts/write-meter.ts around the handler's document client, Lambda GB-s from each invocation's
// measured duration. From those counts, the cost per million articles at AWS list prices
// (scripts/load/aws-prices.ts), next to Amazon Comprehend's entity detection for the same text.
//
//   npm run bench:load [-- --limit N] [--in-flight N] [--memory-mb MB] [--no-meter] [--write] [--json]
//
// --limit        articles (default 2000, from ../shared/data/bbc; skipped with a message without it)
// --in-flight    uploads not yet processed at any time (default 10: the queue never runs dry, and the
//                latency is that of a busy pipeline, not of an ever-growing backlog)
// --memory-mb    the function's configured memory for GB-s (default 1024, as the CDK stack sets it)
// --no-meter     no DynamoDB write meter (it reads back each updated item, a little slower store):
//                cleaner latency, DynamoDB requests counted but not units
// --write        replace the load section of BENCHMARKS.md (between its bench:load markers)
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tableDefinition } from '../shared/adapters/dynamodb/create-table.js';
import { EmbeddedStack, type DeadLetter } from '../infra/local/embedded-stack.js';
import type { BusEvent } from '../infra/local/eventbridge-endpoint.js';
import type { SqsHandler } from '../infra/local/sqs-event-source.js';
import { bbcFiles, percentile } from './bench/bbc.js';
import { GB, PRICES, PRICES_AS_OF, provisionedUnitPrice } from './load/aws-prices.js';
import { DEFAULT_TARGET_UTILIZATION_PERCENT } from '../infra/constructs/table-capacity.js';
import { RequestCounter, type RequestCounts } from './load/request-counter.js';
import { findSharedDir } from './shared-dir.js';
import { WriteMeter, type WriteMeterTotals } from './write-meter.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const flag = (name: string) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const limit = Number(flag('--limit') ?? 2000);
const inFlight = Number(flag('--in-flight') ?? 10);
const memoryMb = Number(flag('--memory-mb') ?? 1024);
const meterWrites = !argv.includes('--no-meter');

const shared = findSharedDir(argv);
if (!shared) {
  process.stderr.write(
    'bench:load: skipped — the BBC News corpus was not found (../shared/data/bbc, or --shared DIR /\n' +
      'ARTICLE_PIPELINE_SHARED). The load benchmark needs it; nothing was measured.\n',
  );
  process.exit(0);
}
const files = bbcFiles(shared).slice(0, limit);
const log = (line: string) => process.stderr.write(`${line}\n`);

// The handler logs and emits metrics as deployed (INFO, EMF on), so that the CloudWatch Logs bytes can
// be counted; its stdout is captured (counted, not shown) while the load runs.
process.env.POWERTOOLS_LOG_LEVEL ??= 'INFO';
process.env.POWERTOOLS_METRICS_DISABLED ??= 'false';
let logBytes = 0;
const writeStdout = process.stdout.write.bind(process.stdout);
process.stdout.write = (chunk: string | Uint8Array) => {
  logBytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength;
  return true;
};

const counter = new RequestCounter();
/** Set when the handler makes its clients (a holder: TypeScript does not see the closure assign it). */
const metered: { meter: WriteMeter | null } = { meter: null };
const invocationMs: number[] = [];
const deadLetters: DeadLetter[] = [];

/** The deployed handler, with its clients counted (loaded on first use: after start() set the env). */
async function countedHandler(): Promise<SqsHandler> {
  const mod = await import('../functions/process-article/handler.js');
  return mod.createHandler(() => {
    const clients = mod.defaultClients();
    counter.attach(clients.s3, 's3');
    counter.attach(clients.eventBridge, 'eventbridge');
    if (!meterWrites) {
      counter.attach(clients.doc, 'dynamodb');
      return mod.defaultDeps(clients);
    }
    // The stack's table is fresh (a new state dir) and only the handler writes it: the meter keeps
    // what it wrote instead of reading items around each write, so that Lambda time is barely inflated.
    const meter = (metered.meter ??= new WriteMeter(clients.doc, tableDefinition(stack.resources.table), {
      soleWriter: true,
    }));
    return mod.defaultDeps({ ...clients, doc: meter.client() });
  });
}

let handler: SqsHandler | undefined;
const stateDir = await mkdtemp(join(tmpdir(), 'bench-load-'));
const stack: EmbeddedStack = new EmbeddedStack({
  stateDir,
  handler: async (event, context) => (handler ??= await countedHandler())(event, context),
  onSqsClient: (client) => counter.attach(client, 'sqs'),
  onInvoke: (report) => invocationMs.push(report.ms),
  onDeadLetter: (letter) => deadLetters.push(letter),
});
await stack.start();
const s3 = stack.s3Client();
const { bucket, incomingPrefix } = stack.resources;

// What the bus saw, per object key and per article.
const uploadedAt = new Map<string, number>();
const latencies: number[] = [];
const processedEvents = new Map<string, number>(); // key → Article Processed events
const announcedArticles = new Map<string, number>(); // articleId → Article Processed events
const expectedStatements = new Map<string, number>();
const statementEvents = new Map<string, Set<string>>(); // articleId → statement ids announced
const failedKeys = new Set<string>();
let lastProgress = Date.now();
stack.onEvent((event: BusEvent) => {
  const detail = event.detail as {
    articleId?: string;
    statementId?: string;
    source?: { key?: string };
    counts?: { statements: number };
  };
  const key = detail.source?.key ?? '';
  if (event['detail-type'] === 'Article Processed') {
    processedEvents.set(key, (processedEvents.get(key) ?? 0) + 1);
    announcedArticles.set(detail.articleId!, (announcedArticles.get(detail.articleId!) ?? 0) + 1);
    expectedStatements.set(detail.articleId!, detail.counts!.statements);
    const at = uploadedAt.get(key);
    if (at !== undefined && processedEvents.get(key) === 1) latencies.push(Date.now() - at);
    lastProgress = Date.now();
  } else if (event['detail-type'] === 'Statement Processed') {
    const ids = statementEvents.get(detail.articleId!) ?? new Set<string>();
    ids.add(detail.statementId!);
    statementEvents.set(detail.articleId!, ids);
  } else if (event['detail-type'] === 'Article Failed') {
    failedKeys.add(key);
    lastProgress = Date.now();
  }
});

const put = (key: string, body: Buffer) =>
  s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: 'text/plain' }));

// Warm-up: one article loads the models (the cold start is `npm run bench`'s subject), then the counts
// start from zero.
log(`bench:load: warming up (models load on the first article)…`);
await put(
  `${incomingPrefix}warm-up.txt`,
  await readFile(join(ROOT, 'examples', 'belarus-russia-partners.txt')),
);
await stack.waitForIdle(120_000);
counter.counts = RequestCounter.empty();
metered.meter?.reset();
invocationMs.length = 0;
logBytes = 0;
processedEvents.clear();
announcedArticles.clear();
statementEvents.clear();
expectedStatements.clear();

// The load: at most `inFlight` uploads waiting for their outcome at any time. An upload whose text an
// earlier one already had is recorded PROCESSED without a new announcement: those are found through
// their SOURCE record.
const keys = files.map((file) => `${incomingPrefix}load/${basename(dirname(file))}/${basename(file)}`);
const bodies = new Map<string, Buffer>();
const settled = new Set<string>();
const isSettled = (key: string) =>
  (processedEvents.get(key) ?? 0) > 0 || failedKeys.has(key) || settled.has(key);
let next = 0;
let lastSourceCheck = 0;
const started = Date.now();
const cpuStarted = process.cpuUsage();
for (;;) {
  const open = keys.slice(0, next).filter((key) => !isSettled(key));
  if (next >= keys.length && open.length === 0) break;
  if (Date.now() - lastProgress > 120_000) {
    log(`bench:load: no progress for 120 s with ${open.length} upload(s) open; stopping the load.`);
    break;
  }
  if (next < keys.length && open.length < inFlight) {
    const key = keys[next]!;
    const body = await readFile(files[next]!);
    bodies.set(key, body);
    next++;
    uploadedAt.set(key, Date.now());
    await put(key, body);
    uploadedAt.set(key, Date.now());
    if (next % 250 === 0) log(`bench:load: ${next}/${keys.length} uploaded`);
    continue;
  }
  if (Date.now() - lastSourceCheck > 500) {
    lastSourceCheck = Date.now();
    for (const key of open.filter((k) => Date.now() - uploadedAt.get(k)! > 2000)) {
      const record = await stack.sourceRecord(key);
      if (record && record.status !== 'PROCESSING') {
        settled.add(key);
        lastProgress = Date.now();
      }
    }
  }
  await new Promise((r) => setTimeout(r, 10));
}
const seconds = (Date.now() - started) / 1000;
const cpu = process.cpuUsage(cpuStarted);
await stack.waitForIdle(120_000).catch((err: Error) => log(`bench:load: ${err.message}`));

// Zero loss: every upload's SOURCE record, every announcement, every statement event.
const statuses: Record<string, number> = {};
let alreadyProcessed = 0;
for (const key of keys) {
  const record = await stack.sourceRecord(key);
  const status = record?.status ?? 'MISSING';
  statuses[status] = (statuses[status] ?? 0) + 1;
  if (record?.alreadyProcessed) alreadyProcessed++;
}
const announcedTwice = [...announcedArticles.values()].filter((n) => n > 1).length;
const keysAnnouncedTwice = [...processedEvents.values()].filter((n) => n > 1).length;
const incomplete = [...expectedStatements]
  .map(([articleId, n]) => ({ articleId, expected: n, announced: statementEvents.get(articleId)?.size ?? 0 }))
  .filter((a) => a.announced !== a.expected);
const incompleteStatementEvents = incomplete.length;
if (incomplete.length) log(`bench:load: statement events missing: ${JSON.stringify(incomplete.slice(0, 5))}`);
const loss = {
  uploads: keys.length,
  processed: statuses.PROCESSED ?? 0,
  notProcessed: keys.length - (statuses.PROCESSED ?? 0),
  statuses,
  announced: announcedArticles.size,
  sameTextAsAnEarlierUpload: alreadyProcessed,
  articlesAnnouncedTwice: announcedTwice,
  keysAnnouncedTwice,
  articlesWithMissingStatementEvents: incompleteStatementEvents,
  deadLettered: deadLetters.length,
};
const zeroLoss =
  loss.notProcessed === 0 &&
  announcedTwice === 0 &&
  keysAnnouncedTwice === 0 &&
  incompleteStatementEvents === 0 &&
  deadLetters.length === 0 &&
  loss.announced + alreadyProcessed === keys.length;

const counts: RequestCounts = counter.counts;
const writes: WriteMeterTotals | null = metered.meter?.reset() ?? null;
process.stdout.write = writeStdout;
await stack.stop();
await rm(stateDir, { recursive: true, force: true });

// ---- per article and per million ----
const n = keys.length;
const per = (x: number) => x / n;
const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;
const req = (name: string) => counts.requests[name] ?? 0;
const gbSeconds = (invocationMs.reduce((sum, ms) => sum + Math.ceil(ms), 0) / 1000) * (memoryMb / 1024);
const writeUnitsTotal = writes ? Object.values(writes.writeUnits).reduce((a, b) => a + b, 0) : null;
/** Lambda's own START/END/REPORT lines per invocation (JSON log format): an estimate, not counted. */
const PLATFORM_LOG_BYTES = 400;
const logGb = (logBytes + PLATFORM_LOG_BYTES * invocationMs.length) / GB;
const ARCHIVE_MONTHS = 3; // the bus archive keeps events 90 days (infra/stack.ts)

const dollarsPerMillion: Record<string, number | null> = {
  'Lambda compute (GB-s)': per(gbSeconds) * PRICES.lambdaGbSecondArm * 1e6,
  'Lambda requests': per(invocationMs.length) * PRICES.lambdaRequest * 1e6,
  'SQS requests (64 KB chunks)': per(counts.sqsBilledRequests) * PRICES.sqsRequest * 1e6,
  'S3 GET': per(req('s3:GetObject')) * PRICES.s3Get * 1e6,
  'S3 PUT (results kept in S3)': per(req('s3:PutObject')) * PRICES.s3Put * 1e6,
  'DynamoDB writes': writeUnitsTotal === null ? null : per(writeUnitsTotal) * PRICES.dynamoWriteUnit * 1e6,
  'DynamoDB reads': writes ? per(writes.readUnits) * PRICES.dynamoReadUnit * 1e6 : null,
  'EventBridge events (64 KB chunks)': per(counts.eventChunks) * PRICES.eventBridgeEvent * 1e6,
  // The registry holds the published schemas (infra/constructs/event-schema-registry.ts); schema
  // discovery, billed per event ingested, is not enabled.
  'EventBridge schema registry (no discovery)': 0,
  'EventBridge archive (whole events: processing + 90 days storage)':
    (per(counts.eventArchivedBytes) / GB) *
    (PRICES.eventArchivePerGb + PRICES.eventArchiveStoragePerGbMonth * ARCHIVE_MONTHS) *
    1e6,
  'CloudWatch Logs ingestion': (logGb / n) * PRICES.logsIngestPerGb * 1e6,
};
const totalPerMillion = Object.values(dollarsPerMillion).reduce<number>((a, b) => a + (b ?? 0), 0);
// The same units on provisioned capacity with auto scaling (`-c tableBilling=provisioned`), as if the
// table ran at the stack's target utilisation on average: a steady flow, not a burst.
const provisionedDynamo = writes
  ? {
      targetUtilizationPercent: DEFAULT_TARGET_UTILIZATION_PERCENT,
      writes:
        per(writeUnitsTotal!) *
        provisionedUnitPrice(PRICES.dynamoWriteCapacityUnitHour, DEFAULT_TARGET_UTILIZATION_PERCENT) *
        1e6,
      reads:
        per(writes.readUnits) *
        provisionedUnitPrice(PRICES.dynamoReadCapacityUnitHour, DEFAULT_TARGET_UTILIZATION_PERCENT) *
        1e6,
    }
  : null;
const provisionedTotalPerMillion = provisionedDynamo
  ? totalPerMillion -
    dollarsPerMillion['DynamoDB writes']! -
    dollarsPerMillion['DynamoDB reads']! +
    provisionedDynamo.writes +
    provisionedDynamo.reads
  : null;
const texts = files.map((file, i) => bodies.get(keys[i]!) ?? Buffer.alloc(0));
const comprehendUnits = texts.reduce(
  (sum, bytes) => sum + Math.max(3, Math.ceil(bytes.toString('utf8').length / 100)),
  0,
);
const comprehendPerMillion = per(comprehendUnits) * PRICES.comprehendUnit * 1e6;
const sortedLatency = [...latencies].sort((a, b) => a - b);

const report = {
  date: new Date().toISOString(),
  machine: `${cpus()[0]?.model.trim() ?? 'cpu'} × ${cpus().length}, ${Math.round(totalmem() / GB)} GB, Node ${process.version}`,
  loadAverageAtEnd: round(loadavg()[0]!, 1),
  articles: n,
  megabytes: round(texts.reduce((s, b) => s + b.length, 0) / 1e6, 2),
  inFlight,
  writeMeter: meterWrites,
  seconds: round(seconds, 1),
  articlesPerSecond: round(n / seconds, 1),
  benchProcessCpuSeconds: round((cpu.user + cpu.system) / 1e6, 1),
  latencyMs: {
    measured: latencies.length,
    p50: sortedLatency.length ? percentile(sortedLatency, 0.5) : null,
    p95: sortedLatency.length ? percentile(sortedLatency, 0.95) : null,
    max: sortedLatency.at(-1) ?? null,
  },
  zeroLoss,
  loss,
  perArticle: {
    invocations: round(per(invocationMs.length), 3),
    lambdaMs: round(per(invocationMs.reduce((a, b) => a + b, 0)), 1),
    gbSeconds: round(per(gbSeconds), 4),
    s3Get: round(per(req('s3:GetObject')), 3),
    s3Put: round(per(req('s3:PutObject')), 3),
    sqsSend: round(per(req('sqs:SendMessage') + req('sqs:SendMessageBatch')), 3),
    sqsReceive: round(per(req('sqs:ReceiveMessage')), 3),
    sqsEmptyReceives: round(per(counts.sqsEmptyReceives), 3),
    sqsDelete: round(per(req('sqs:DeleteMessage') + req('sqs:DeleteMessageBatch')), 3),
    sqsBilledRequests: round(per(counts.sqsBilledRequests), 3),
    dynamoWriteRequests: writes ? round(per(writes.writeRequests), 2) : null,
    dynamoWriteUnits: writeUnitsTotal === null ? null : round(per(writeUnitsTotal), 2),
    dynamoWriteUnitsBy: writes
      ? Object.fromEntries(Object.entries(writes.writeUnits).map(([k, v]) => [k, round(per(v), 2)]))
      : null,
    dynamoWriteUnitsByKind: writes
      ? Object.fromEntries(
          Object.entries(writes.writeUnitsByKind)
            .sort((a, b) => b[1] - a[1])
            .map(([k, v]) => [k, round(per(v), 2)]),
        )
      : null,
    dynamoReadRequests: writes ? round(per(writes.readRequests), 2) : null,
    /** Without the meter: DynamoDB requests by command, counted by the middleware. */
    dynamoRequests: Object.entries(counts.requests)
      .filter(([name]) => name.startsWith('dynamodb:'))
      .map(([name, count]) => `${name.slice('dynamodb:'.length)} ${round(per(count), 2)}`)
      .join(', '),
    dynamoReadUnits: writes ? round(per(writes.readUnits), 2) : null,
    putEventsRequests: round(per(req('eventbridge:PutEvents')), 2),
    events: round(per(counts.eventEntries), 2),
    eventChunks: round(per(counts.eventChunks), 2),
    eventKB: round(per(counts.eventBytes) / 1024, 1),
    eventArchivedKB: round(per(counts.eventArchivedBytes) / 1024, 1),
    logKB: round(per(logBytes) / 1024, 2),
    comprehendUnits: round(per(comprehendUnits), 1),
  },
  requests: counts.requests,
  memoryMb,
  pricesAsOf: PRICES_AS_OF,
  dollarsPerMillionArticles: Object.fromEntries(
    Object.entries(dollarsPerMillion).map(([k, v]) => [k, v === null ? null : round(v)]),
  ),
  totalPerMillion: round(totalPerMillion),
  provisionedDynamoPerMillion: provisionedDynamo && {
    targetUtilizationPercent: provisionedDynamo.targetUtilizationPercent,
    writes: round(provisionedDynamo.writes),
    reads: round(provisionedDynamo.reads),
    total: round(provisionedTotalPerMillion!),
  },
  comprehendDetectEntitiesPerMillion: round(comprehendPerMillion),
};

if (argv.includes('--json')) process.stdout.write(JSON.stringify(report, null, 2) + '\n');
else process.stdout.write(markdown(report) + '\n');
if (argv.includes('--write'))
  await (meterWrites
    ? writeSection('bench:load', markdown(report))
    : writeSection('bench:load --no-meter', unmeteredMarkdown(report)));
process.exitCode = zeroLoss ? 0 : 1;

function markdown(r: typeof report): string {
  const p = r.perArticle;
  const usd = (v: number | null) => (v === null ? 'not counted (--no-meter)' : `$${v.toFixed(2)}`);
  const dynamo = r.perArticle.dynamoWriteUnitsBy;
  const dynamoWrites = r.dollarsPerMillionArticles['DynamoDB writes'];
  return [
    '## Load and cost (`npm run bench:load`)',
    '',
    `Generated by \`npm run bench:load -- --write\` (scripts/bench-load.ts); do not edit by hand. ${r.date}, ` +
      `${r.machine}, load average ${r.loadAverageAtEnd} at the end (2 cores shared with other work).`,
    '',
    `${r.articles.toLocaleString('en')} BBC News articles (${r.megabytes} MB) uploaded to the embedded stack, at most ` +
      `${r.inFlight} waiting at a time, through S3 → notification → queue → the process-article handler ` +
      `(batches of 5, one instance) → DynamoDB + EventBridge` +
      (r.writeMeter
        ? '. DynamoDB write units are metered item by item (scripts/write-meter.ts), which reads back each updated item: latencies are slightly pessimistic.'
        : ', without the write meter.'),
    '',
    '| measure | value |',
    '| --- | --- |',
    `| throughput | ${r.articlesPerSecond} articles/s (${r.seconds} s) |`,
    `| upload → \`Article Processed\` p50 / p95 / max | ${r.latencyMs.p50} / ${r.latencyMs.p95} / ${r.latencyMs.max} ms |`,
    `| zero loss | ${r.zeroLoss ? 'yes' : '**no**'}: ${r.loss.processed}/${r.loss.uploads} PROCESSED, ${r.loss.announced} announced once + ${r.loss.sameTextAsAnEarlierUpload} with the text of an earlier upload (recorded, not re-announced), ${r.loss.articlesAnnouncedTwice} announced twice, ${r.loss.articlesWithMissingStatementEvents} with statement events missing, ${r.loss.deadLettered} dead-lettered |`,
    '',
    'Requests per article, counted at the SDK level:',
    '',
    '| service | per article |',
    '| --- | --- |',
    `| Lambda | ${p.invocations} invocations, ${p.lambdaMs} ms, ${p.gbSeconds} GB-s at ${r.memoryMb} MB |`,
    `| S3 | ${p.s3Get} GET, ${p.s3Put} PUT (results too large for an item) |`,
    `| SQS | ${p.sqsSend} send, ${p.sqsReceive} receive (${p.sqsEmptyReceives} empty), ${p.sqsDelete} delete: ${p.sqsBilledRequests} billed requests |`,
    `| DynamoDB | ${p.dynamoWriteRequests ?? '–'} write requests, ${p.dynamoWriteUnits ?? '–'} write units` +
      (dynamo
        ? ` (${Object.entries(dynamo)
            .map(([k, v]) => `${k} ${v}`)
            .join(', ')})`
        : '') +
      `; ${p.dynamoReadRequests ?? '–'} read requests, ${p.dynamoReadUnits ?? '–'} read units |`,
    `| EventBridge | ${p.putEventsRequests} PutEvents, ${p.events} events, ${p.eventChunks} billed 64 KB chunks, ${p.eventKB} KB (${p.eventArchivedKB} KB archived, with their envelopes) |`,
    `| CloudWatch Logs | ${p.logKB} KB of function logs and metrics (+ ~0.4 KB of Lambda's lines per invocation) |`,
    '',
    `Cost per million BBC-size articles at AWS list prices (us-east-1, on demand, no free tier; ${r.pricesAsOf}; ` +
      'sources in scripts/load/aws-prices.ts), all in except the uploader’s own PUT:',
    '',
    '| item | $ per million articles |',
    '| --- | --- |',
    ...Object.entries(r.dollarsPerMillionArticles).map(([k, v]) => `| ${k} | ${usd(v)} |`),
    `| **total** | **$${r.totalPerMillion.toFixed(2)}** (target ≤ $35: ${r.totalPerMillion <= 35 ? 'met' : '**not met**'}) |`,
    `| for comparison: Amazon Comprehend DetectEntities on the same text (${p.comprehendUnits} units of 100 characters an article) | $${r.comprehendDetectEntitiesPerMillion.toFixed(2)} |`,
    '',
    dynamoWrites !== null && dynamoWrites !== undefined
      ? `DynamoDB writes are ${Math.round((dynamoWrites / r.totalPerMillion) * 100)} % of the total` +
        (dynamoWrites / r.totalPerMillion > 0.5 ? ' and dominate it.' : '.') +
        '\n'
      : '',
    floorMarkdown(r),
    r.provisionedDynamoPerMillion
      ? `With the table on provisioned capacity and auto scaling (\`-c tableBilling=provisioned\`, target ` +
        `${r.provisionedDynamoPerMillion.targetUtilizationPercent} % utilisation; infra/constructs/table-capacity.ts), ` +
        `the same units cost $${r.provisionedDynamoPerMillion.writes.toFixed(2)} (writes) and ` +
        `$${r.provisionedDynamoPerMillion.reads.toFixed(2)} (reads): **$${r.provisionedDynamoPerMillion.total.toFixed(2)}** ` +
        `in all (target ≤ $35: ${r.provisionedDynamoPerMillion.total <= 35 ? 'met' : '**not met**'}), for a steady flow ` +
        'that keeps the table near its target; bursts above the scaled capacity are throttled and retried through the queue.\n'
      : '',
    'Lambda GB-s come from durations measured on this machine (Node 20, x86, shared); at 1,024 MB a Lambda ' +
      'function gets about 0.6 of a vCPU, so CPU-bound time there may be longer. X-Ray traces (sampled) are not included.',
  ].join('\n');
}

/**
 * Where the cost goes and why it does not go lower: what is fixed by the event contract and by the
 * item per (name key, article) the cross-article queries read, from this run's counts.
 */
function floorMarkdown(r: typeof report): string {
  const kinds = r.perArticle.dynamoWriteUnitsByKind;
  const dollars = r.dollarsPerMillionArticles;
  if (!kinds || dollars['DynamoDB writes'] === null) return '';
  const unit = PRICES.dynamoWriteUnit * 1e6;
  const named = ['MENTION', 'ARTICLE', 'RESULT', 'SOURCE', 'IDENTITY', 'ALIAS'];
  const isOf = (kind: string, names: string[]) => names.some((n) => kind === n || kind.startsWith(`${n} →`));
  const units = (...names: string[]) =>
    Object.entries(kinds)
      .filter(([k]) => isOf(k, names))
      .reduce((sum, [, v]) => sum + v, 0);
  const mention = units('MENTION');
  const article = units('ARTICLE');
  const result = units('RESULT');
  const source = units('SOURCE');
  const registry = units('IDENTITY', 'ALIAS');
  const otherWrites = Object.entries(kinds)
    .filter(([k]) => !isOf(k, named))
    .reduce((sum, [, v]) => sum + v, 0);
  const events =
    (dollars['EventBridge events (64 KB chunks)'] ?? 0) +
    (dollars['EventBridge archive (whole events: processing + 90 days storage)'] ?? 0);
  const rest = r.totalPerMillion - events - (dollars['DynamoDB writes'] ?? 0);
  const f = (x: number) => x.toFixed(2);
  return [
    '**Where it goes, and the floor of this design.** Per article, in this run:',
    '',
    '| what | per article | $ per million |',
    '| --- | --- | --- |',
    `| events: one per statement (the contract) and \`Article Processed\`, archived | ${r.perArticle.events} events | $${f(events)} |`,
    `| mention items: one per name key the article files its entities under, each under 1 KB (the index the cross-article queries read) | ${f(mention)} write units | $${f(mention * unit)} |`,
    `| article head: claim and completion (with its listing entry in gsi1 and, for a reprocess only, the lease index) | ${f(article)} write units | $${f(article * unit)} |`,
    `| result: the text and analysis, brotli-compressed, in one item | ${f(result)} write units | $${f(result * unit)} |`,
    `| source object record (what reconcile, versions and deletes look up) | ${f(source)} write units | $${f(source * unit)} |`,
    `| registry learning (identity evidence, aliases; falls as the registry fills) | ${f(registry)} write units | $${f(registry * unit)} |`,
    `| other writes (retries, publish logs, replaced items) | ${f(otherWrites)} write units | $${f(otherWrites * unit)} |`,
    `| Lambda, SQS, S3, DynamoDB reads, logs | | $${f(rest)} |`,
    '',
    'Each write left is one item the pipeline must record or the queries must read, and every item but the ' +
      'result is under 1 KB, so no write unit is spent on size: on demand, the total falls only with fewer ' +
      'items. The events and the mention items alone come to ' +
      `$${f(events + mention * unit)}. Going lower would need fewer items than names: mention items shared ` +
      'by several articles (an indexer that batches articles per name key), or the provisioned capacity below.',
    '',
  ].join('\n');
}

/**
 * Without the write meter, the store runs at its own speed: throughput, latency and Lambda time as the
 * pipeline has them (DynamoDB units are not counted: the metered section has them).
 */
function unmeteredMarkdown(r: typeof report): string {
  const lambda = r.dollarsPerMillionArticles['Lambda compute (GB-s)']!;
  return [
    '### The same load without the write meter (`npm run bench:load -- --no-meter`)',
    '',
    `${r.date}, load average ${r.loadAverageAtEnd} at the end. ${r.articles.toLocaleString('en')} articles, at most ${r.inFlight} waiting.`,
    '',
    '| measure | value |',
    '| --- | --- |',
    `| throughput | ${r.articlesPerSecond} articles/s (${r.seconds} s) |`,
    `| upload → \`Article Processed\` p50 / p95 / max | ${r.latencyMs.p50} / ${r.latencyMs.p95} / ${r.latencyMs.max} ms |`,
    `| zero loss | ${r.zeroLoss ? 'yes' : '**no**'}: ${r.loss.processed}/${r.loss.uploads} PROCESSED, ${r.loss.deadLettered} dead-lettered |`,
    `| Lambda per article | ${r.perArticle.lambdaMs} ms, ${r.perArticle.gbSeconds} GB-s at ${r.memoryMb} MB: $${lambda.toFixed(2)} per million |`,
    `| DynamoDB requests per article | ${r.perArticle.dynamoRequests} |`,
  ].join('\n');
}

/** Replaces the block between `name`'s markers in BENCHMARKS.md (appended when missing). */
async function writeSection(name: string, section: string): Promise<void> {
  const file = join(ROOT, 'BENCHMARKS.md');
  const [script, ...flags] = name.split(' ');
  const begin = `<!-- ${name} begin: generated by \`npm run ${script} -- ${[...flags, '--write'].join(' ')}\` -->`;
  const end = `<!-- ${name} end -->`;
  const text = await readFile(file, 'utf8').catch(() => '# Benchmarks\n');
  const block = `${begin}\n${section}\n${end}`;
  const at = text.indexOf(begin);
  const until = text.indexOf(end);
  const updated =
    at >= 0 && until > at
      ? text.slice(0, at) + block + text.slice(until + end.length)
      : `${text.trimEnd()}\n\n${block}\n`;
  await writeFile(file, updated);
  log(`bench:load: wrote the load section of ${file}`);
}
