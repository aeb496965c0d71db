import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readRunningStack } from './running-stack.js';
import { contentTypeFor, keysFor } from '../../infra/local/run-local.js';
import { expandInputs } from './process.js';

/**
 * `upload`: puts files into the incoming prefix of the stack that `start` runs (found through
 * <state-dir>/stack.json), as any S3 client would; its console shows what happens to them.
 * Prints one {source, bucket, key} line per uploaded file. Returns the exit code.
 */
export async function uploadCommand(
  inputs: string[],
  opts: { stateDir: string },
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
  try {
    for (const [i, source] of files.entries()) {
      const key = keys[i]!;
      try {
        const body = await readFile(source);
        await s3.send(
          new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentTypeFor(source) }),
        );
        out.write(JSON.stringify({ source, bucket, key }) + '\n');
      } catch (err) {
        failed++;
        const message = /ECONNREFUSED/.test(String(err))
          ? `the local stack in ${opts.stateDir} is not running (stale ${join(opts.stateDir, 'stack.json')})`
          : err instanceof Error
            ? err.message
            : String(err);
        process.stderr.write(`upload: ${source}: ${message}\n`);
      }
    }
  } finally {
    s3.destroy();
  }
  return failed ? 1 : 0;
}
