// What S3's bucket notification configuration does in AWS: object-created and object-removed events
// under a prefix become S3 event notification messages on an SQS queue. s3rver emits its own event objects on
// every write, with raw keys; they are turned into the JSON shape S3 sends (URL-encoded keys,
// eventVersion 2.1, real bucket ARN) and sent with the real SQS API.
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { S3Event, S3EventRecord } from 'aws-lambda';
import { encodeS3EventKey } from '../../shared/adapters/s3/event-notification.js';

/** The part of an s3rver event record this module reads. */
export interface S3rverEventRecord {
  eventName: string;
  eventTime: string;
  s3: {
    bucket: { name: string };
    object: { key: string; size?: number; eTag?: string; sequencer?: string };
  };
}

export interface S3rverEvent {
  Records: S3rverEventRecord[];
}

export { encodeS3EventKey };

export function toS3NotificationRecord(
  record: S3rverEventRecord,
  opts: { region: string; configurationId: string },
): S3EventRecord {
  const { bucket, object } = record.s3;
  return {
    eventVersion: '2.1',
    eventSource: 'aws:s3',
    awsRegion: opts.region,
    eventTime: record.eventTime,
    eventName: record.eventName,
    userIdentity: { principalId: 'AWS:LOCAL' },
    requestParameters: { sourceIPAddress: '127.0.0.1' },
    responseElements: { 'x-amz-request-id': 'LOCAL', 'x-amz-id-2': 'LOCAL' },
    s3: {
      s3SchemaVersion: '1.0',
      configurationId: opts.configurationId,
      bucket: {
        name: bucket.name,
        ownerIdentity: { principalId: 'LOCAL' },
        arn: `arn:aws:s3:::${bucket.name}`,
      },
      object: {
        key: encodeS3EventKey(object.key),
        size: object.size ?? 0,
        eTag: object.eTag ?? '',
        sequencer: object.sequencer ?? '',
      },
    },
  };
}

export interface S3ToSqsNotificationOptions {
  sqs: SQSClient;
  queueUrl: string;
  bucket: string;
  /** Only keys under this prefix notify (S3 filter rule `prefix`). */
  prefix: string;
  region: string;
  configurationId?: string;
  onError?: (err: unknown, record: S3rverEventRecord) => void;
}

/** Forwards s3rver events to SQS. `pending` counts notifications not yet accepted by the queue. */
export class S3ToSqsNotifier {
  private inFlight = new Set<Promise<void>>();

  constructor(private readonly options: S3ToSqsNotificationOptions) {}

  get pending(): number {
    return this.inFlight.size;
  }

  /** Resolves when every notification seen so far has been sent (or has failed). */
  async drain(): Promise<void> {
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight]);
  }

  /** Listener for s3rver's `event` emitter. */
  readonly onS3rverEvent = (event: S3rverEvent): void => {
    for (const record of event.Records ?? []) {
      if (!/^Object(?:Created|Removed):/.test(record.eventName)) continue;
      if (record.s3.bucket.name !== this.options.bucket) continue;
      if (!record.s3.object.key.startsWith(this.options.prefix)) continue;
      const send = this.send(record).finally(() => this.inFlight.delete(send));
      this.inFlight.add(send);
    }
  };

  private async send(record: S3rverEventRecord): Promise<void> {
    // S3 sends one record per message.
    const body: S3Event = {
      Records: [
        toS3NotificationRecord(record, {
          region: this.options.region,
          configurationId: this.options.configurationId ?? 'incoming-objects',
        }),
      ],
    };
    try {
      await this.options.sqs.send(
        new SendMessageCommand({ QueueUrl: this.options.queueUrl, MessageBody: JSON.stringify(body) }),
      );
    } catch (err) {
      this.options.onError?.(err, record);
    }
  }
}
