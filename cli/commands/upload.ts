import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readRunningStack } from './running-stack.js';
import { contentTypeFor, keysFor } from '../../infra/local/run-local.js';
import type { QuietOption } from '../command.js';
import { CliError } from '../output/errors.js';
import { expandInputs } from '../inputs.js';
import { startProgress } from '../output/progress.js';
import { OutputClosedError, writeData } from '../output/stdout.js';

export interface UploadOptions extends QuietOption {
  stateDir: string;
}

/**
 * `upload`: puts files into the incoming prefix of the stack that `start` runs (found through
 * <state-dir>/stack.json), as any S3 client would; its console shows what happens to them.
 * Prints one {source, bucket, key} line per uploaded file. Returns the exit code.
 */
export async function uploadCommand(
  inputs: string[],
  opts: UploadOptions,
  out: NodeJS.WritableStream = process.stdout,
): Promise<number> {
  const info = await readRunningStack(opts.stateDir, 'upload');
  if (!info) return 1;
  const { bucket, incomingPrefix, region } = info.resources;
  const s3 = new S3Client({
    endpoint: info.endpoints.s3,
    region,
    credentials: {
      accessKeyId: info.env.AWS_ACCESS_KEY_ID ?? '',
      secretAccessKey: info.env.AWS_SECRET_ACCESS_KEY ?? '',
    },
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 2,
  });
  const files = await expandInputs(inputs);
  const keys = keysFor(files, incomingPrefix);
  let failed = 0;
  const progress = startProgress({ label: 'upload', total: files.length, unit: 'files', quiet: opts.quiet });
  try {
    for (const [i, source] of files.entries()) {
      const key = keys[i]!;
      try {
        const body = await readFile(source);
        await s3.send(
          new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentTypeFor(source) }),
        );
        writeData(JSON.stringify({ source, bucket, key }) + '\n', out);
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
  return failed ? 1 : 0;
}
