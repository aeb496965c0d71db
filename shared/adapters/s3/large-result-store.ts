import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { LargeResultStore } from '../dynamodb/dynamo-repository.js';
import type { LargeDetailStore } from '../eventbridge/eventbridge-publisher.js';

/**
 * Results too large for a table item, and event details too large for an event, as S3 objects under a
 * prefix outside the incoming one (so writing them triggers nothing). The table item or the event
 * keeps {bucket, key} (claim check).
 */
export class S3LargeResultStore implements LargeResultStore, LargeDetailStore {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
    private readonly prefix = 'results/',
  ) {}

  async put(
    name: string,
    body: Uint8Array,
    options: { contentEncoding?: string } = {},
  ): Promise<{ bucket: string; key: string }> {
    const key = `${this.prefix}${name}`;
    await this.s3.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Body: body,
        ContentType: 'application/json',
        ...(options.contentEncoding ? { ContentEncoding: options.contentEncoding } : {}),
      }),
    );
    return { bucket: this.bucket, key };
  }

  async get(ref: { bucket: string; key: string }): Promise<Uint8Array> {
    const out = await this.s3.send(new GetObjectCommand({ Bucket: ref.bucket, Key: ref.key }));
    if (!out.Body) throw new Error(`S3 returned no body for s3://${ref.bucket}/${ref.key}.`);
    return out.Body.transformToByteArray();
  }

  async delete(ref: { bucket: string; key: string }): Promise<void> {
    await this.s3.send(new DeleteObjectCommand({ Bucket: ref.bucket, Key: ref.key }));
  }
}
