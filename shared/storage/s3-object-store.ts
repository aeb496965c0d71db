import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { ObjectRef, ObjectStore, StoredObject } from '../app/ports.js';
import { ArticleError } from '../errors.js';
import { MAX_ARTICLE_BYTES } from '../ingest/index.js';

/**
 * Keys in S3 event notifications are URL-encoded ("my+file%21.txt"); some emulators (s3rver) send
 * them raw. Both are candidates, the decoded form first; a raw key with '%' or '+' is found on fallback.
 */
export function candidateKeys(eventKey: string): string[] {
  let decoded: string | null = null;
  try {
    decoded = decodeURIComponent(eventKey.replace(/\+/g, ' '));
  } catch {
    decoded = null; // not valid percent-encoding: it can only be a raw key
  }
  return decoded === null || decoded === eventKey ? [eventKey] : [decoded, eventKey];
}

function isNotFound(err: unknown): boolean {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === 'NoSuchKey' || e?.name === 'NotFound' || e?.$metadata?.httpStatusCode === 404;
}

export class S3ObjectStore implements ObjectStore {
  constructor(
    private readonly s3: S3Client,
    private readonly maxBytes = MAX_ARTICLE_BYTES,
  ) {}

  async get(ref: ObjectRef): Promise<StoredObject> {
    if (ref.size !== undefined && ref.size > this.maxBytes) throw tooLarge(ref.size, this.maxBytes);
    for (const key of candidateKeys(ref.key)) {
      let out;
      try {
        out = await this.s3.send(new GetObjectCommand({ Bucket: ref.bucket, Key: key }));
      } catch (err) {
        if (isNotFound(err)) continue;
        throw err;
      }
      if (!out.Body) throw new Error(`S3 returned no body for s3://${ref.bucket}/${key}.`);
      if (out.ContentLength !== undefined && out.ContentLength > this.maxBytes) {
        // Do not download what will be rejected anyway.
        (out.Body as { destroy?: () => void }).destroy?.();
        throw tooLarge(out.ContentLength, this.maxBytes);
      }
      const bytes = await out.Body.transformToByteArray();
      if (bytes.length > this.maxBytes) throw tooLarge(bytes.length, this.maxBytes);
      return { bucket: ref.bucket, key, bytes, contentType: out.ContentType, eTag: out.ETag };
    }
    throw new ArticleError(
      'OBJECT_NOT_FOUND',
      `s3://${ref.bucket}/${ref.key} no longer exists (it was deleted or replaced before it could be processed).`,
    );
  }
}

function tooLarge(size: number, max: number): ArticleError {
  return new ArticleError(
    'TOO_LARGE',
    `The file is ${(size / 1024 / 1024).toFixed(1)} MB; articles of at most ${(max / 1024 / 1024).toFixed(0)} MB are accepted.`,
  );
}
