import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { objectNotFound, objectTooLarge } from '../../app/errors.js';
import type { ObjectRef, ObjectStore, StoredObject } from '../../app/ports.js';
import { MAX_ARTICLE_BYTES } from '../../ingest/index.js';

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
    // No check of the event's size field before the key is resolved: failures are recorded per key.
    const candidates = candidateKeys(ref.key);
    for (const key of candidates) {
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
        throw objectTooLarge(out.ContentLength, this.maxBytes, key);
      }
      const bytes = await out.Body.transformToByteArray();
      if (bytes.length > this.maxBytes) throw objectTooLarge(bytes.length, this.maxBytes, key);
      return { bucket: ref.bucket, key, bytes, contentType: out.ContentType, eTag: out.ETag };
    }
    throw objectNotFound(ref.bucket, candidates[0]!);
  }
}
