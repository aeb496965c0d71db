import { objectNotFound, objectTooLarge } from '../../shared/app/errors.js';
import type { Clock, ObjectRef, ObjectStore, StoredObject } from '../../shared/app/ports.js';
import type { ListedObject, ObjectLister } from '../../shared/app/reconcile.js';
import { candidateKeys } from '../../shared/adapters/s3/s3-object-store.js';
import { MAX_ARTICLE_BYTES } from '../../shared/ingest/index.js';
import { Faults } from './faults.js';

interface Entry {
  bytes: Uint8Array;
  contentType: string | undefined;
  eTag: string;
  lastModified: Date;
}

/**
 * In-memory ObjectStore with the S3 adapter's contract: an event key is tried URL-decoded first, then
 * raw; a missing object is ObjectError OBJECT_NOT_FOUND and one over the size limit ObjectError
 * TOO_LARGE, both under the key the event's key resolved to; anything else (faults.failNext('get'))
 * is a transient error thrown as is.
 */
export class InMemoryObjectStore implements ObjectStore, ObjectLister {
  readonly faults = new Faults<'get'>();
  private readonly objects = new Map<string, Entry>();
  private version = 0;

  constructor(
    private readonly maxBytes = MAX_ARTICLE_BYTES,
    /** What LastModified an upload gets (fakeWorld passes its clock). */
    private readonly clock: Clock = { now: () => new Date(0) },
  ) {}

  /** Stores an object under its raw key (as a user uploads it). */
  put(bucket: string, key: string, body: string | Uint8Array, contentType?: string): void {
    const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body.slice();
    this.objects.set(id(bucket, key), {
      bytes,
      contentType,
      eTag: `"etag-${++this.version}"`,
      lastModified: this.clock.now(),
    });
  }

  delete(bucket: string, key: string): void {
    this.objects.delete(id(bucket, key));
  }

  async get(ref: ObjectRef): Promise<StoredObject> {
    this.faults.enter('get');
    const candidates = candidateKeys(ref.key);
    for (const key of candidates) {
      const entry = this.objects.get(id(ref.bucket, key));
      if (!entry) continue;
      if (entry.bytes.length > this.maxBytes) throw objectTooLarge(entry.bytes.length, this.maxBytes, key);
      return {
        bucket: ref.bucket,
        key,
        bytes: entry.bytes.slice(),
        contentType: entry.contentType,
        eTag: entry.eTag,
      };
    }
    throw objectNotFound(ref.bucket, candidates[0]!);
  }

  /** As ListObjectsV2: the bucket's objects under the prefix, in key order. */
  async *list(bucket: string, prefix: string): AsyncIterable<ListedObject> {
    const keys = [...this.objects.keys()].filter((k) => k.startsWith(id(bucket, prefix))).sort();
    for (const k of keys) {
      const entry = this.objects.get(k)!;
      yield { key: k.slice(bucket.length + 1), eTag: entry.eTag, lastModified: entry.lastModified };
    }
  }
}

const id = (bucket: string, key: string) => `${bucket}\u0000${key}`;
