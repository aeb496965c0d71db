// Cold start of the deployed bundle: N fresh Node processes (scripts/bench/cold-start-child.mjs), each
// importing the synthesized process-article asset, which loads the models as in Lambda's init phase,
// then processing its first article from the embedded stack's S3 (a different BBC article each time,
// so none is a duplicate) into its DynamoDB and onto its bus.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { SQSEvent } from 'aws-lambda';
import { EmbeddedStack } from '../../infra/local/embedded-stack.js';
import { toS3NotificationRecord } from '../../infra/local/s3-notifications.js';
import { median, type CorpusFile } from './bbc.js';

export interface ColdStartRun {
  nodeStartMs: number;
  importMs: number;
  importCpuMs: number;
  firstArticleMs: number;
  /** CPU time of the bundle's process only: the embedded stack's S3, DynamoDB and bus run in this one. */
  firstArticleCpuMs: number;
  totalMs: number;
  failures: number;
  rssMb: number;
}

export interface ColdStart {
  runs: number;
  /** Medians over the runs. */
  nodeStartMs: number;
  /** Importing the bundle, models loaded (the cold start the target is about). */
  importMs: number;
  importCpuMs: number;
  firstArticleMs: number;
  firstArticleCpuMs: number;
  /** From process start to the first article stored and published. */
  totalMs: number;
  rssMb: number;
  all: ColdStartRun[];
}

const CHILD = fileURLToPath(new URL('./cold-start-child.mjs', import.meta.url));
/** To see where a cold start's time goes: COLD_START_PROFILE_DIR=/tmp/x (a V8 CPU profile per run). */
const profiling = process.env.COLD_START_PROFILE_DIR
  ? ['--cpu-prof', `--cpu-prof-dir=${process.env.COLD_START_PROFILE_DIR}`]
  : [];

/** Runs a command to its end without blocking this process's event loop. */
async function run(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ status: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(command, args, { env, maxBuffer: 16 * 1024 * 1024 });
    return { status: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return {
      status: typeof e.code === 'number' ? e.code : 1,
      stdout: e.stdout ?? '',
      stderr: e.stderr ?? String(err),
    };
  }
}

export async function measureColdStart(bundleDir: string, articles: CorpusFile[]): Promise<ColdStart> {
  // The stack's own poller gets nothing: the articles go under a prefix that does not notify, and the
  // child invokes the bundled handler itself.
  const stack = new EmbeddedStack({
    stateDir: mkdtempSync(join(tmpdir(), 'article-pipeline-bench-cold-')),
    handler: async () => ({ batchItemFailures: [] }),
  });
  const info = await stack.start();
  const all: ColdStartRun[] = [];
  try {
    const s3 = stack.s3Client();
    for (const [i, article] of articles.entries()) {
      const key = `bench/${i}-${basename(article.path)}`;
      await s3.send(
        new PutObjectCommand({
          Bucket: info.resources.bucket,
          Key: key,
          Body: article.bytes,
          ContentType: 'text/plain',
        }),
      );
      const record = toS3NotificationRecord(
        {
          eventName: 'ObjectCreated:Put',
          eventTime: new Date().toISOString(),
          s3: { bucket: { name: info.resources.bucket }, object: { key, size: article.bytes.length } },
        },
        { region: info.resources.region, configurationId: 'bench' },
      );
      const event: SQSEvent = {
        Records: [
          {
            messageId: `cold-${i}`,
            receiptHandle: `cold-${i}`,
            body: JSON.stringify({ Records: [record] }),
            attributes: {
              ApproximateReceiveCount: '1',
              SentTimestamp: String(Date.now()),
              SenderId: 'bench',
              ApproximateFirstReceiveTimestamp: String(Date.now()),
            },
            messageAttributes: {},
            md5OfBody: '',
            eventSource: 'aws:sqs',
            eventSourceARN: info.resources.queueArn,
            awsRegion: info.resources.region,
          },
        ],
      };
      // Asynchronously: the embedded stack the child talks to runs in this process's event loop.
      const child = await run(
        process.execPath,
        [...profiling, CHILD, join(bundleDir, 'index.mjs'), JSON.stringify(event)],
        {
          PATH: process.env.PATH,
          ...info.env,
          AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
          AWS_LAMBDA_FUNCTION_NAME: 'process-article',
          POWERTOOLS_LOG_LEVEL: 'WARN',
          POWERTOOLS_METRICS_DISABLED: 'true',
          POWERTOOLS_TRACE_ENABLED: 'false',
          AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        },
      );
      const line = child.stdout.trim().split('\n').at(-1) ?? '';
      if (child.status !== 0 || !line.startsWith('{')) {
        throw new Error(`cold start run ${i} failed (exit ${child.status}): ${child.stderr.slice(-2000)}`);
      }
      all.push(JSON.parse(line) as ColdStartRun);
    }
  } finally {
    await stack.stop();
  }
  const med = (pick: (r: ColdStartRun) => number) => Math.round(median(all.map(pick)) * 10) / 10;
  return {
    runs: all.length,
    nodeStartMs: med((r) => r.nodeStartMs),
    importMs: med((r) => r.importMs),
    importCpuMs: med((r) => r.importCpuMs),
    firstArticleMs: med((r) => r.firstArticleMs),
    firstArticleCpuMs: med((r) => r.firstArticleCpuMs),
    totalMs: med((r) => r.totalMs),
    rssMb: med((r) => r.rssMb),
    all,
  };
}
