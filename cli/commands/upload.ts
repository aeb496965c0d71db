import { PutObjectCommand } from '@aws-sdk/client-s3';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readRunningStack } from './running-stack.js';
import { localDocumentClient, localS3Client } from './stack-clients.js';
import { contentTypeFor, keysFor, sourceStatuses } from '../../infra/local/run-local.js';
import { DynamoArticleRepository } from '../../shared/adapters/dynamodb/dynamo-repository.js';
import type { SourceRecord } from '../../shared/app/ports.js';
import type { QuietOption } from '../command.js';
import { CliError } from '../output/errors.js';
import { expandInputs } from '../inputs.js';
import { startProgress } from '../output/progress.js';
import { OutputClosedError, writeData } from '../output/stdout.js';

export interface UploadOptions extends QuietOption {
  stateDir: string;
  /** Wait for each object's final status (PROCESSED, FAILED) and print it with its article id. */
  wait?: boolean;
  /** Seconds to wait in all (default 120). */
  timeout?: number;
}

/** What `upload --wait` prints per object. */
export interface UploadResult {
  source: string;
  bucket: string;
  key: string;
  articleId: string | null;
  status: 'PROCESSED' | 'FAILED' | 'DELETED' | 'TIMED_OUT';
  /** The same text had been processed before (from this or another object): nothing new stored. */
  alreadyProcessed: boolean;
  error: { code: string; message: string } | null;
}

/**
 * `upload`: puts files into the incoming prefix of the stack that `start` runs (found through
 * <state-dir>/stack.json), as any S3 client would. Prints one {source, bucket, key} line per uploaded
 * file; with --wait, one line per file once it reached a final status, with its article id (and says
 * when the text was already processed). Returns the exit code.
 */
export async function uploadCommand(
  inputs: string[],
  opts: UploadOptions,
  out: NodeJS.WritableStream = process.stdout,
): Promise<number> {
  const info = await readRunningStack(opts.stateDir, 'upload');
  if (!info) return 1;
  const { bucket, incomingPrefix } = info.resources;
  const s3 = localS3Client(info);
  const files = await expandInputs(inputs);
  const keys = keysFor(files, incomingPrefix);
  const uploaded: Array<{ source: string; key: string; at: string }> = [];
  let failed = 0;
  const progress = startProgress({ label: 'upload', total: files.length, unit: 'files', quiet: opts.quiet });
  try {
    for (const [i, source] of files.entries()) {
      const key = keys[i]!;
      try {
        const body = await readFile(source);
        const at = new Date().toISOString();
        await s3.send(
          new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentTypeFor(source) }),
        );
        uploaded.push({ source, key, at });
        if (!opts.wait) writeData(JSON.stringify({ source, bucket, key }) + '\n', out);
        progress.tick();
      } catch (err) {
        if (err instanceof OutputClosedError) throw err;
        // No stack, no point trying the other files.
        if (/ECONNREFUSED/.test(String(err)))
          throw new CliError(
            `the local stack in ${opts.stateDir} is not running (stale ${join(opts.stateDir, 'stack.json')})`,
            { hint: 'start it with `npm start`' },
          );
        failed++;
        progress.tick(1, 1);
        progress.log(`upload: ${source}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  } finally {
    progress.stop();
    s3.destroy();
  }
  if (opts.wait && uploaded.length) {
    const results = await waitForResults(info, bucket, uploaded, (opts.timeout ?? 120) * 1000);
    for (const r of results) {
      writeData(JSON.stringify(r) + '\n', out);
      if (r.alreadyProcessed) {
        process.stderr.write(
          `upload: ${r.key}: this text was already processed (article ${r.articleId}); nothing new was stored or announced.\n`,
        );
      }
      if (r.status === 'FAILED' || r.status === 'TIMED_OUT') failed++;
    }
  }
  return failed ? 1 : 0;
}

/** Polls the source items of the uploaded keys until each reached a final status after its upload. */
async function waitForResults(
  info: NonNullable<Awaited<ReturnType<typeof readRunningStack>>>,
  bucket: string,
  uploaded: Array<{ source: string; key: string; at: string }>,
  timeoutMs: number,
): Promise<UploadResult[]> {
  const doc = localDocumentClient(info);
  const repo = new DynamoArticleRepository(doc, info.resources.table);
  const done = new Map<string, SourceRecord>();
  const deadline = Date.now() + timeoutMs;
  try {
    while (done.size < uploaded.length && Date.now() < deadline) {
      const pending = uploaded.filter((u) => !done.has(u.key));
      const statuses = await sourceStatuses(
        doc,
        info.resources.table,
        bucket,
        pending.map((u) => u.key),
      );
      for (const u of pending) {
        const s = statuses.get(u.key);
        if (!s || s.updatedAt < u.at || s.status === 'PROCESSING') continue;
        const record = await repo.getSource(bucket, u.key);
        if (record) done.set(u.key, record);
      }
      if (done.size < uploaded.length) await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    doc.destroy();
  }
  return uploaded.map(({ source, key }) => {
    const record = done.get(key);
    return {
      source,
      bucket,
      key,
      articleId: record?.articleId ?? null,
      status: record ? (record.status as UploadResult['status']) : 'TIMED_OUT',
      alreadyProcessed: record?.alreadyProcessed === true,
      error: record
        ? record.error
        : {
            code: 'TIMED_OUT',
            message: `${source} did not reach a final status in ${Math.round(timeoutMs / 1000)} s.`,
          },
    };
  });
}
