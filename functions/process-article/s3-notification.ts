import { z } from 'zod';
import { MalformedMessageError } from '../../shared/app/errors.js';

// What can arrive in an SQS message body: an S3 event notification (S3 → SQS), the s3:TestEvent S3
// sends when the notification is configured, or an EventBridge "Object Created" event (S3 → EventBridge → SQS).
const s3NotificationSchema = z.object({
  Records: z.array(
    z.object({
      eventName: z.string(),
      s3: z.object({
        bucket: z.object({ name: z.string().min(1) }),
        object: z.object({
          key: z.string().min(1),
          size: z.number().optional(),
          eTag: z.string().optional(),
        }),
      }),
    }),
  ),
});

const testEventSchema = z.object({ Event: z.literal('s3:TestEvent') });

const eventBridgeObjectCreatedSchema = z.object({
  source: z.literal('aws.s3'),
  'detail-type': z.literal('Object Created'),
  detail: z.object({
    bucket: z.object({ name: z.string().min(1) }),
    object: z.object({ key: z.string().min(1), size: z.number().optional(), etag: z.string().optional() }),
  }),
});

export interface ObjectCreated {
  bucket: string;
  /** As sent: URL-encoded by S3 (raw from some emulators); the object store resolves both. */
  key: string;
  size?: number;
  eTag?: string;
}

/** The created objects an SQS message body announces ([] for test events and non-create events). */
export function parseObjectCreated(body: string): ObjectCreated[] {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new MalformedMessageError('The SQS message body is not JSON.');
  }
  if (testEventSchema.safeParse(json).success) return [];
  const notification = s3NotificationSchema.safeParse(json);
  if (notification.success) {
    return notification.data.Records.filter((r) => r.eventName.startsWith('ObjectCreated:'))
      .filter((r) => !r.s3.object.key.endsWith('/')) // "folder" placeholders
      .map((r) => ({
        bucket: r.s3.bucket.name,
        key: r.s3.object.key,
        size: r.s3.object.size,
        eTag: r.s3.object.eTag,
      }));
  }
  const eventBridge = eventBridgeObjectCreatedSchema.safeParse(json);
  if (eventBridge.success) {
    const { bucket, object } = eventBridge.data.detail;
    return object.key.endsWith('/')
      ? []
      : [{ bucket: bucket.name, key: object.key, size: object.size, eTag: object.etag }];
  }
  throw new MalformedMessageError(
    `The SQS message is not an S3 event notification: ${z.prettifyError(notification.error)}`,
  );
}
