// `npm run bench:writes`: DynamoDB write units per article over the BBC News corpus (2,225 articles),
// counted item by item (scripts/write-meter.ts) while the real application service stores each
// article through the real DynamoDB repository into dynalite; S3 and EventBridge are in-memory
// stand-ins that count their requests. Prints per-article averages, where the units go, and the cost
// of the storage and events per million articles at AWS list prices.
//
//   npm run bench:writes [-- --limit N] [--shared DIR] [--json]
import type { PipelineEvent } from '../events/schemas.js';
import type { ProcessArticleDeps } from '../shared/app/process-article.js';
import type { EventPublisher } from '../shared/app/ports.js';
import { defaultModels } from '../shared/adapters/models/index.js';
import { currentPipelineVersion } from '../shared/adapters/pipeline-version.js';
import { bbcFiles } from './bench/bbc.js';
import { PRICES } from './load/aws-prices.js';
import { localFiles, processWithRedelivery, startScriptTable } from './corpus-service.js';
import { createStorage } from './storage-under-test.js';
import { sharedDir } from './shared-dir.js';
import { WriteMeter } from './write-meter.js';

const argv = process.argv.slice(2);
const limitFlag = argv.indexOf('--limit');
const limit = limitFlag >= 0 ? Number(argv[limitFlag + 1]) : Infinity;
const files = bbcFiles(sharedDir(argv)).slice(0, limit);

const { doc, table, tableName, close } = await startScriptTable('bench-writes');
const meter = new WriteMeter(doc, table, { soleWriter: true }); // a fresh table only it writes

let eventCount = 0;
let eventChunks = 0;
let putEventsRequests = 0;
const events: EventPublisher = {
  publish: async (batch: PipelineEvent[], onPublished) => {
    for (let i = 0; i < batch.length; i += 10) {
      const chunk = batch.slice(i, i + 10);
      putEventsRequests++;
      for (const e of chunk) {
        eventCount++;
        eventChunks += Math.max(1, Math.ceil(Buffer.byteLength(JSON.stringify(e.detail)) / 65536));
      }
      await onPublished?.(chunk.map((e) => e.detail.eventId));
    }
  },
};
const storage = createStorage(meter.client(), tableName);
const deps: ProcessArticleDeps = {
  objects: localFiles,
  repo: storage.repo,
  events,
  clock: { now: () => new Date() },
  models: defaultModels(),
  pipelineVersion: currentPipelineVersion(),
};

let failed = 0;
let retries = 0;
const started = Date.now();
for (const [i, file] of files.entries()) {
  // Units a failed attempt spent are counted, as they would be billed.
  const outcome = await processWithRedelivery(
    { bucket: 'bench', key: file, deliveryId: `m${i}` },
    deps,
    () => retries++,
  );
  if (outcome.status !== 'PROCESSED') failed++;
  if ((i + 1) % 250 === 0) process.stderr.write(`${i + 1}/${files.length} articles\n`);
}
const totals = meter.reset();
await close();

const n = files.length;
const per = (x: number) => Math.round((x / n) * 100) / 100;
const writeUnits = Object.values(totals.writeUnits).reduce((a, b) => a + b, 0);
const perMillion = (units: number, price: number) => Math.round((units / n) * 1e6 * price * 100) / 100;
const report = {
  articles: n,
  failed,
  retries,
  seconds: Math.round((Date.now() - started) / 100) / 10,
  writeUnitsPerArticle: per(writeUnits),
  writeUnitsPerArticleBy: Object.fromEntries(Object.entries(totals.writeUnits).map(([k, v]) => [k, per(v)])),
  writeUnitsPerArticleByKind: Object.fromEntries(
    Object.entries(totals.writeUnitsByKind)
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => [k, per(v)]),
  ),
  writeRequestsPerArticle: per(totals.writeRequests),
  readUnitsPerArticle: per(totals.readUnits),
  largestItemBytes: totals.largestItemBytes,
  eventsPerArticle: per(eventCount),
  putEventsRequestsPerArticle: per(putEventsRequests),
  s3PutsPerArticle: per(storage.s3Puts()),
  dollarsPerMillionArticles: {
    dynamoWrites: perMillion(writeUnits, PRICES.dynamoWriteUnit),
    dynamoReads: perMillion(totals.readUnits, PRICES.dynamoReadUnit),
    events: perMillion(eventChunks, PRICES.eventBridgeEvent),
    s3ResultPuts: perMillion(storage.s3Puts(), PRICES.s3Put),
  },
};
process.stdout.write(JSON.stringify(report, null, 2) + '\n');
