import { paginateListObjectsV2, type S3Client } from '@aws-sdk/client-s3';
import type { ListedObject, ObjectLister } from '../../app/reconcile.js';

/** ObjectLister over ListObjectsV2 (every page). */
export class S3ObjectLister implements ObjectLister {
  constructor(private readonly s3: S3Client) {}

  async *list(bucket: string, prefix: string): AsyncIterable<ListedObject> {
    for await (const page of paginateListObjectsV2({ client: this.s3 }, { Bucket: bucket, Prefix: prefix })) {
      for (const o of page.Contents ?? []) {
        if (!o.Key) continue;
        yield { key: o.Key, eTag: o.ETag ?? null, lastModified: o.LastModified ?? null };
      }
    }
  }
}
