// Uploads files into a running EmbeddedStack and follows each to its terminal state, the way a
// user would observe it: the SOURCE item for the uploaded key in DynamoDB (PROCESSED / FAILED),
// the rows stored for its article, and the Statement Processed events seen on the bus.
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { DETAIL_TYPES } from '../../events/schemas.js';
import type { SourceRecord } from '../../shared/app/ports.js';
import { DynamoArticleRepository } from '../../shared/adapters/dynamodb/dynamo-repository.js';
import { keys } from '../../shared/adapters/dynamodb/table-design.js';
import { ResultsClient } from '../../shared/results/client.js';
import type { EmbeddedStack } from './embedded-stack.js';

/** One line of `run-local` output (contract: ../shared/contracts/cli.md). */
export interface RunLocalResult {
  source: string;
  key: string;
  articleId: string | null;
  status: 'PROCESSED' | 'FAILED' | 'TIMED_OUT';
  statements: number;
  quotes: number;
  entities: number;
  events: number;
  error: { code: string; message: string } | null;
  ms: number;
}

export interface RunLocalOptions {
  /** How long to wait, after the last upload, for every file to reach a terminal state. */
  timeoutMs: number;
  /** Called with each result as soon as it is known (in completion order). */
  onResult?: (result: RunLocalResult, index: number) => void;
  /** Called after each file is uploaded (or found unreadable), with how many are done so far. */
  onUploaded?: (done: number, total: number) => void;
  pollMs?: number;
}

// No charset: the uploader has not read the bytes, and a wrong label (a Windows-1252 file called UTF-8)
// would outweigh the decoder's own detection. The decoder finds the encoding from the bytes.
const CONTENT_TYPES: Record<string, string> = {
  '.txt': 'text/plain',
  '.text': 'text/plain',
  '.md': 'text/markdown',
  '.markdown': 'text/markdown',
  '.html': 'text/html',
  '.htm': 'text/html',
  '.json': 'application/json',
};

/** Guesses a Content-Type from the extension, as `aws s3 cp` and the S3 console do. */
export const contentTypeFor = (file: string) =>
  CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';

/**
 * Object keys for the files: `<prefix><file name>`; a name already taken in this run goes under a
 * numbered folder (`<prefix>2/<file name>`) so that no upload overwrites another.
 */
export function keysFor(files: string[], prefix: string): string[] {
  const used = new Set<string>();
  return files.map((file) => {
    const name = basename(file);
    let key = `${prefix}${name}`;
    for (let n = 2; used.has(key); n++) key = `${prefix}${n}/${name}`;
    used.add(key);
    return key;
  });
}

interface Tracked {
  index: number;
  source: string;
  key: string;
  uploadedAt: number;
  uploadedIso: string;
  result: RunLocalResult | null;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Uploads every file, waits for all of them, returns one result per file in input order. */
export async function runLocal(
  stack: EmbeddedStack,
  files: string[],
  options: RunLocalOptions,
): Promise<RunLocalResult[]> {
  const { bucket, incomingPrefix, table } = stack.resources;
  const s3 = stack.s3Client();
  const doc = stack.documentClient();
  const repo = new DynamoArticleRepository(doc, table);
  const results = new ResultsClient({ tableName: table, documentClient: doc, s3Client: s3 });
  const statementEvents = new Map<string, number>();
  const unsubscribe = stack.onEvent(
    (event) => {
      const articleId = (event.detail as { articleId?: unknown }).articleId;
      if (typeof articleId === 'string')
        statementEvents.set(articleId, (statementEvents.get(articleId) ?? 0) + 1);
    },
    { detailType: DETAIL_TYPES.statementProcessed },
  );

  const tracked: Tracked[] = [];
  const finish = (t: Tracked, r: RunLocalResult) => {
    // Fields in the contract's order, for readable output.
    const result: RunLocalResult = {
      source: r.source,
      key: r.key,
      articleId: r.articleId,
      status: r.status,
      statements: r.statements,
      quotes: r.quotes,
      entities: r.entities,
      events: r.events,
      error: r.error,
      ms: r.ms,
    };
    t.result = result;
    options.onResult?.(result, t.index);
  };
  const empty = { articleId: null, statements: 0, quotes: 0, entities: 0, events: 0 };

  // Files are uploaded one after the other while the ones already uploaded are followed, so results
  // (and the CLI's progress) come as they happen rather than after the last upload.
  const objectKeys = keysFor(files, incomingPrefix);
  for (const [index, source] of files.entries())
    tracked.push({ index, source, key: objectKeys[index]!, uploadedAt: 0, uploadedIso: '', result: null });
  let stopUploading = false;
  const uploads: { finishedAt: number | null; error: Error | null } = { finishedAt: null, error: null };
  const uploading = (async () => {
    for (const t of tracked) {
      if (stopUploading) return;
      let bytes: Buffer;
      try {
        bytes = await readFile(t.source);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'FILE_NOT_FOUND' : 'FILE_UNREADABLE';
        const message =
          code === 'FILE_NOT_FOUND'
            ? `No such file: ${t.source}`
            : `Cannot read ${t.source}: ${(err as Error).message}`;
        // Never uploaded: reported as FAILED, but it did not reach a pipeline state (exit status 1).
        finish(t, {
          source: t.source,
          key: t.key,
          ...empty,
          status: 'FAILED',
          error: { code, message },
          ms: 0,
        });
        options.onUploaded?.(t.index + 1, files.length);
        continue;
      }
      t.uploadedIso = new Date().toISOString();
      t.uploadedAt = Date.now();
      await s3.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: t.key,
          Body: bytes,
          ContentType: contentTypeFor(t.source),
        }),
      );
      options.onUploaded?.(t.index + 1, files.length);
    }
  })().then(
    () => void (uploads.finishedAt = Date.now()),
    (err: unknown) => void (uploads.error = err instanceof Error ? err : new Error(String(err))),
  );

  try {
    let idleSince: number | null = null;
    while (tracked.some((t) => !t.result)) {
      if (uploads.error) throw uploads.error;
      const pending = tracked.filter((x) => !x.result && x.uploadedAt);
      const records = await sourceStatuses(
        doc,
        table,
        bucket,
        pending.map((t) => t.key),
      );
      for (const t of pending) {
        const status = records.get(t.key);
        // A record from before this upload (state dir reused) does not count.
        if (!status || status.updatedAt < t.uploadedIso || status.status === 'PROCESSING') continue;
        const record = await repo.getSource(bucket, t.key);
        if (record) finish(t, await resultFor(t, record, results, statementEvents));
      }
      if (!tracked.some((t) => !t.result)) break;
      if (uploads.finishedAt === null) {
        // Still uploading: look less often, leaving the CPU to the handler.
        await sleep(Math.max(options.pollMs ?? 50, 250));
        continue;
      }
      // Nothing left in flight but files still pending: nothing more will happen to them.
      idleSince = (await stack.isIdle()) ? (idleSince ?? Date.now()) : null;
      const stuck = idleSince !== null && Date.now() - idleSince > 2_000;
      if (Date.now() > uploads.finishedAt + options.timeoutMs || stuck) {
        const dlq = await deadLetterCount(stack);
        for (const t of tracked.filter((x) => !x.result)) {
          const record = await repo.getSource(bucket, t.key);
          const articleId = record && record.updatedAt >= t.uploadedIso ? record.articleId : null;
          const counts = articleId ? await countsFor(articleId, results, statementEvents) : empty;
          const why = whyNoResult(stack, t.key, {
            stuck,
            deadLettered: dlq,
            timeoutSeconds: Math.round(options.timeoutMs / 1000),
          });
          finish(t, {
            source: t.source,
            key: t.key,
            ...counts,
            articleId,
            status: 'TIMED_OUT',
            error: { code: 'TIMED_OUT', message: `${t.source} was ${why}.` },
            ms: Date.now() - t.uploadedAt,
          });
        }
        break;
      }
      await sleep(options.pollMs ?? 50);
    }
    await uploading;
    return tracked.map((t) => t.result!);
  } finally {
    stopUploading = true;
    unsubscribe();
  }
}

/** Status and updatedAt of the SOURCE items of many keys: BatchGetItem, 100 keys a call. */
export async function sourceStatuses(
  doc: DynamoDBDocumentClient,
  table: string,
  bucket: string,
  objectKeys: string[],
): Promise<Map<string, { status: string; updatedAt: string }>> {
  const found = new Map<string, { status: string; updatedAt: string }>();
  for (let i = 0; i < objectKeys.length; i += 100) {
    let requested: Array<Record<string, unknown>> = objectKeys
      .slice(i, i + 100)
      .map((k) => keys.source(bucket, k));
    while (requested.length) {
      const out = await doc.send(
        new BatchGetCommand({
          RequestItems: {
            [table]: {
              Keys: requested,
              ConsistentRead: true,
              ProjectionExpression: '#k, #s, updatedAt',
              ExpressionAttributeNames: { '#k': 'key', '#s': 'status' },
            },
          },
        }),
      );
      for (const item of out.Responses?.[table] ?? []) {
        found.set(item.key as string, { status: item.status as string, updatedAt: item.updatedAt as string });
      }
      requested = out.UnprocessedKeys?.[table]?.Keys ?? [];
    }
  }
  return found;
}

/** Counts of what is stored for the article (its result, decoded), and of the events seen. */
async function countsFor(articleId: string, results: ResultsClient, statementEvents: Map<string, number>) {
  const stored = (await results.getResult(articleId))?.stored?.analysis;
  return {
    articleId,
    statements: stored?.statements.length ?? 0,
    quotes: stored?.quotes.length ?? 0,
    entities: stored?.entities.length ?? 0,
    events: statementEvents.get(articleId) ?? 0,
  };
}

async function resultFor(
  t: Tracked,
  record: SourceRecord,
  results: ResultsClient,
  statementEvents: Map<string, number>,
): Promise<RunLocalResult> {
  const counts = record.articleId
    ? await countsFor(record.articleId, results, statementEvents)
    : { articleId: null, statements: 0, quotes: 0, entities: 0, events: 0 };
  const finishedAt = Date.parse(record.updatedAt);
  return {
    source: t.source,
    key: t.key,
    ...counts,
    status: record.status === 'FAILED' ? 'FAILED' : 'PROCESSED',
    error:
      record.status === 'FAILED'
        ? (record.error ?? { code: 'UNKNOWN', message: 'Processing failed.' })
        : null,
    ms: Math.max(0, (Number.isNaN(finishedAt) ? Date.now() : finishedAt) - t.uploadedAt),
  };
}

/** Why a key has no result: its message gave up (with the last error), is still retried, or stopped. */
function whyNoResult(
  stack: EmbeddedStack,
  key: string,
  state: { stuck: boolean; deadLettered: number; timeoutSeconds: number },
): string {
  const letter = stack.deadLetterFor(key);
  if (letter) {
    return (
      `moved to the dead-letter queue after ${letter.receiveCount} failed attempts` +
      (letter.lastError ? `; last error: ${letter.lastError}` : '')
    );
  }
  const lastError = stack.lastErrorFor(key);
  if (!state.stuck) {
    return (
      `not processed within ${state.timeoutSeconds} s` +
      (lastError ? ` (it is being retried; last error: ${lastError})` : ' (still queued or being processed)')
    );
  }
  return (
    'processing stopped without a result' +
    (lastError ? `; last error: ${lastError}` : '') +
    (state.deadLettered
      ? ` (${state.deadLettered} message(s) in the dead-letter queue after repeated failures)`
      : '')
  );
}

async function deadLetterCount(stack: EmbeddedStack): Promise<number> {
  const out = await stack.sqs().send(
    new GetQueueAttributesCommand({
      QueueUrl: stack.resources.deadLetterQueueUrl,
      AttributeNames: ['ApproximateNumberOfMessages'],
    }),
  );
  return Number(out.Attributes?.ApproximateNumberOfMessages ?? 0);
}
