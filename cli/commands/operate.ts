// Operator commands on the local stack (<state-dir>/stack.json) or a deployed one (--stack):
//   redrive    moves the messages of the dead-letter queue back to the ingest queue;
//   reprocess  re-runs the sources of articles whose pipeline version differs from the current one, by
//              queueing the S3 notification their upload sent; the handler replaces their results
//              (no stale items) and announces them with `supersedes`;
//   reconcile  re-enqueues objects under the incoming prefix with no terminal record and the sources of
//              articles PROCESSING past their lease (shared/app/reconcile.ts).
import {
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoArticleRepository } from '../../shared/adapters/dynamodb/dynamo-repository.js';
import { S3ObjectLister } from '../../shared/adapters/s3/object-lister.js';
import { SqsNotificationRequeuer } from '../../shared/adapters/sqs/notification-requeuer.js';
import { DEFAULT_RECONCILE_MIN_AGE_MS, describeReconcile, reconcile } from '../../shared/app/reconcile.js';
import type { PipelineVersion } from '../../shared/app/ports.js';
import { ResultsClient } from '../../shared/results/client.js';
import type { ArticleListItem } from '../../shared/results/views.js';
import { stackOutputs } from './deployed-stack.js';
import { readRunningStack } from './running-stack.js';
import { localDocumentClient, localS3Client } from './stack-clients.js';

export interface TargetOptions {
  stateDir: string;
  /** A deployed CloudFormation stack instead of the local one. */
  stack?: string;
  region?: string;
}

interface Target {
  sqs: SQSClient;
  queueUrl: string;
  deadLetterQueueUrl: string;
  results: ResultsClient;
  /** The bucket and prefix uploads go to, and what reconcile reads them and the table with. */
  bucket: string;
  incomingPrefix: string;
  s3: S3Client;
  repo: DynamoArticleRepository;
  /** The pipeline version the stack's function runs. */
  pipelineVersion: string | null;
  where: string;
  destroy(): void;
}

async function target(opts: TargetOptions, command: string): Promise<Target | null> {
  if (opts.stack) {
    const outputs = await stackOutputs(opts.stack, opts.region);
    for (const key of ['QueueUrl', 'DeadLetterQueueUrl', 'TableName', 'BucketName', 'IncomingPrefix']) {
      if (!outputs[key]) throw new Error(`Stack ${opts.stack} has no ${key} output.`);
    }
    const config = opts.region ? { region: opts.region } : {};
    const sqs = new SQSClient(config);
    const s3 = new S3Client(config);
    const doc = DynamoDBDocumentClient.from(new DynamoDBClient(config));
    return {
      sqs,
      queueUrl: outputs.QueueUrl!,
      deadLetterQueueUrl: outputs.DeadLetterQueueUrl!,
      results: new ResultsClient({ tableName: outputs.TableName!, documentClient: doc, s3Client: s3 }),
      bucket: outputs.BucketName!,
      incomingPrefix: outputs.IncomingPrefix!,
      s3,
      repo: new DynamoArticleRepository(doc, outputs.TableName!),
      pipelineVersion: outputs.PipelineVersion ?? null,
      where: `stack ${opts.stack}`,
      destroy: () => {
        sqs.destroy();
        s3.destroy();
        doc.destroy();
      },
    };
  }
  const info = await readRunningStack(opts.stateDir, command);
  if (!info) return null;
  const sqs = new SQSClient({
    endpoint: info.endpoints.sqs,
    region: info.resources.region,
    credentials: {
      accessKeyId: info.env.AWS_ACCESS_KEY_ID ?? 'local',
      secretAccessKey: info.env.AWS_SECRET_ACCESS_KEY ?? 'local',
    },
    maxAttempts: 2,
  });
  const doc = localDocumentClient(info);
  const s3 = localS3Client(info);
  const version = info.env.PIPELINE_VERSION
    ? (JSON.parse(info.env.PIPELINE_VERSION) as PipelineVersion).id
    : null;
  return {
    sqs,
    queueUrl: info.resources.queueUrl,
    deadLetterQueueUrl: info.resources.deadLetterQueueUrl,
    results: new ResultsClient({ tableName: info.resources.table, documentClient: doc, s3Client: s3 }),
    bucket: info.resources.bucket,
    incomingPrefix: info.resources.incomingPrefix,
    s3,
    repo: new DynamoArticleRepository(doc, info.resources.table),
    pipelineVersion: version,
    where: `the local stack in ${opts.stateDir}`,
    destroy: () => {
      sqs.destroy();
      s3.destroy();
      doc.destroy();
    },
  };
}

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** Runs an operator command on its target: 1 when there is none or the command throws; the clients are closed after. */
async function onTarget(
  opts: TargetOptions,
  command: string,
  run: (t: Target) => Promise<number>,
): Promise<number> {
  let t: Target | null = null;
  try {
    t = await target(opts, command);
    return t ? await run(t) : 1;
  } catch (err) {
    process.stderr.write(`${command}: ${errorText(err)}\n`);
    return 1;
  } finally {
    t?.destroy();
  }
}

/** `redrive`: dead-letter queue → ingest queue, until the DLQ is empty. Prints {"redriven": n, …}. */
export async function redriveCommand(
  opts: TargetOptions,
  out: NodeJS.WritableStream = process.stdout,
): Promise<number> {
  return onTarget(opts, 'redrive', async (t) => {
    let moved = 0;
    for (;;) {
      const { Messages = [] } = await t.sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: t.deadLetterQueueUrl,
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: 1,
          VisibilityTimeout: 60,
          MessageAttributeNames: ['All'],
        }),
      );
      if (!Messages.length) break;
      const sent = await t.sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: t.queueUrl,
          Entries: Messages.map((m, i) => ({
            Id: String(i),
            MessageBody: m.Body ?? '',
            ...(m.MessageAttributes && Object.keys(m.MessageAttributes).length
              ? { MessageAttributes: m.MessageAttributes }
              : {}),
          })),
        }),
      );
      // Only what reached the queue leaves the DLQ; a failed send stays there (visible again later).
      const ok = new Set((sent.Successful ?? []).map((s) => Number(s.Id)));
      const done = Messages.filter((_, i) => ok.has(i));
      if (done.length) {
        await t.sqs.send(
          new DeleteMessageBatchCommand({
            QueueUrl: t.deadLetterQueueUrl,
            Entries: done.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })),
          }),
        );
      }
      moved += done.length;
      if (done.length < Messages.length) {
        process.stderr.write(
          `redrive: ${Messages.length - done.length} message(s) could not be sent back; they stay in the DLQ.\n`,
        );
        break;
      }
    }
    out.write(JSON.stringify({ redriven: moved, from: t.deadLetterQueueUrl, to: t.queueUrl }) + '\n');
    process.stderr.write(
      `redrive: moved ${moved} message(s) from the dead-letter queue of ${t.where} back to its queue.\n`,
    );
    return 0;
  });
}

export interface ReprocessOptions extends TargetOptions {
  all?: boolean;
  since?: string;
  article?: string;
  /** Queue them even when their version is already the current one. */
  force?: boolean;
  /** Wait until every queued article is processed by the current version (seconds). */
  wait?: boolean;
  timeout?: number;
}

interface Candidate {
  articleId: string | null;
  status: string;
  version: string | null;
  source: { bucket: string; key: string };
}

async function candidates(results: ResultsClient, opts: ReprocessOptions): Promise<Candidate[]> {
  if (opts.article) {
    const article = await results.getArticle(opts.article);
    if (!article) throw new Error(`no article ${opts.article}.`);
    if (!article.source.key) throw new Error(`article ${opts.article} has no source object on record.`);
    return [
      {
        articleId: article.articleId,
        status: article.status,
        version: article.version,
        source: article.source,
      },
    ];
  }
  const range = opts.since ? { since: opts.since } : {};
  const listed: ArticleListItem[] = [
    ...(await results.articles('PROCESSED', range).all()),
    // Failed uploads are listed as sources (an article that failed in analysis is listed both ways).
    ...(await results.articles('FAILED', range).all()).filter((a) => a.kind === 'source'),
  ];
  return listed
    .filter((a) => a.source?.key)
    .map((a) => ({ articleId: a.articleId, status: a.status, version: a.version, source: a.source! }));
}

/** `reprocess`: queues the sources of articles another pipeline version produced. JSON Lines, one per article. */
export async function reprocessCommand(
  opts: ReprocessOptions,
  out: NodeJS.WritableStream = process.stdout,
): Promise<number> {
  const chosen = [opts.all, opts.since, opts.article].filter(Boolean).length;
  if (chosen !== 1) {
    process.stderr.write(
      'reprocess: say which articles: --all, --since <date> or --article <id> (one of them).\n',
    );
    return 2;
  }
  return onTarget(opts, 'reprocess', async (t) => {
    const current = t.pipelineVersion;
    if (!current && !opts.force) {
      process.stderr.write(
        `reprocess: ${t.where} does not say which pipeline version it runs; pass --force to re-run anyway.\n`,
      );
      return 1;
    }
    const all = await candidates(t.results, opts);
    const queued = all.filter((c) => opts.force || c.status === 'FAILED' || c.version !== current);
    const requeuer = new SqsNotificationRequeuer(t.sqs, t.queueUrl, 'article-pipeline:reprocess');
    for (let i = 0; i < queued.length; i += 10) {
      const batch = queued.slice(i, i + 10);
      await requeuer.requeue(batch.map((c) => c.source));
      for (const c of batch) out.write(JSON.stringify({ ...c, to: current, queued: true }) + '\n');
    }
    process.stderr.write(
      `reprocess: queued ${queued.length} of ${all.length} article(s) on ${t.where}` +
        (all.length - queued.length ? ` (${all.length - queued.length} already at ${current})` : '') +
        '.\n',
    );
    if (!opts.wait || !queued.length) return 0;
    return (await waitForVersion(t.results, queued, current, (opts.timeout ?? 300) * 1000)) ? 0 : 1;
  });
}

/** Polls the queued articles until each is PROCESSED by `version` (or FAILED); false on timeout. */
async function waitForVersion(
  results: ResultsClient,
  queued: Candidate[],
  version: string | null,
  timeoutMs: number,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  let pending = queued.filter((c) => c.articleId);
  while (pending.length && Date.now() < deadline) {
    const states = await Promise.all(pending.map((c) => results.getArticle(c.articleId!)));
    pending = pending.filter((_, i) => {
      const a = states[i];
      return !(
        a &&
        ((a.status === 'PROCESSED' && (!version || a.version === version)) || a.status === 'FAILED')
      );
    });
    if (pending.length) await new Promise((r) => setTimeout(r, 250));
  }
  if (pending.length) {
    process.stderr.write(
      `reprocess: ${pending.length} article(s) not reprocessed in time: ${pending.map((c) => c.articleId).join(', ')}\n`,
    );
    return false;
  }
  process.stderr.write(`reprocess: every queued article is processed${version ? ` by ${version}` : ''}.\n`);
  return true;
}

export interface ReconcileCliOptions extends TargetOptions {
  dryRun?: boolean;
  /** Leave alone what changed less than this many seconds ago (it may still be queued). */
  minAge?: number;
}

/** `reconcile`: re-enqueues what has no terminal record. JSON Lines, one per object. */
export async function reconcileCommand(
  opts: ReconcileCliOptions,
  out: NodeJS.WritableStream = process.stdout,
): Promise<number> {
  return onTarget(opts, 'reconcile', async (t) => {
    const report = await reconcile(
      {
        bucket: t.bucket,
        incomingPrefix: t.incomingPrefix,
        minAgeMs: (opts.minAge ?? DEFAULT_RECONCILE_MIN_AGE_MS / 1000) * 1000,
        dryRun: opts.dryRun,
      },
      {
        objects: new S3ObjectLister(t.s3),
        repo: t.repo,
        requeuer: new SqsNotificationRequeuer(t.sqs, t.queueUrl),
        clock: { now: () => new Date() },
      },
    );
    for (const item of report.requeued) out.write(JSON.stringify({ ...item, queued: !opts.dryRun }) + '\n');
    process.stderr.write(`reconcile: ${describeReconcile(report, opts.dryRun)} on ${t.where}.\n`);
    return 0;
  });
}
