import * as z from 'zod';
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
          sequencer: z.string().optional(),
        }),
      }),
    }),
  ),
});

const testEventSchema = z.object({ Event: z.literal('s3:TestEvent') });

const eventBridgeObjectSchema = z.object({
  source: z.literal('aws.s3'),
  'detail-type': z.enum(['Object Created', 'Object Deleted']),
  detail: z.object({
    bucket: z.object({ name: z.string().min(1) }),
    object: z.object({
      key: z.string().min(1),
      size: z.number().optional(),
      etag: z.string().optional(),
      sequencer: z.string().optional(),
    }),
  }),
});

export interface ObjectCreated {
  bucket: string;
  /** As sent: URL-encoded by S3 (raw from some emulators); the object store resolves both. */
  key: string;
  size?: number;
  eTag?: string;
}

export interface ObjectRemoved {
  bucket: string;
  /** As sent (URL-encoded by S3, raw from some emulators). */
  key: string;
  sequencer?: string;
}

export interface ObjectEvents {
  created: ObjectCreated[];
  removed: ObjectRemoved[];
}

/** The objects an SQS message body announces as created or removed (none for test events). */
export function parseObjectEvents(body: string): ObjectEvents {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new MalformedMessageError('The SQS message body is not JSON.');
  }
  const events: ObjectEvents = { created: [], removed: [] };
  if (testEventSchema.safeParse(json).success) return events;
  const notification = s3NotificationSchema.safeParse(json);
  if (notification.success) {
    for (const r of notification.data.Records) {
      if (r.s3.object.key.endsWith('/')) continue; // "folder" placeholders
      const { key, size, eTag, sequencer } = r.s3.object;
      if (r.eventName.startsWith('ObjectCreated:'))
        events.created.push({ bucket: r.s3.bucket.name, key, size, eTag });
      else if (r.eventName.startsWith('ObjectRemoved:'))
        events.removed.push({ bucket: r.s3.bucket.name, key, ...(sequencer ? { sequencer } : {}) });
    }
    return events;
  }
  const eventBridge = eventBridgeObjectSchema.safeParse(json);
  if (eventBridge.success) {
    const { bucket, object } = eventBridge.data.detail;
    if (object.key.endsWith('/')) return events;
    if (eventBridge.data['detail-type'] === 'Object Created')
      events.created.push({ bucket: bucket.name, key: object.key, size: object.size, eTag: object.etag });
    else
      events.removed.push({
        bucket: bucket.name,
        key: object.key,
        ...(object.sequencer ? { sequencer: object.sequencer } : {}),
      });
    return events;
  }
  throw new MalformedMessageError(
    `The SQS message is not an S3 event notification: ${z.prettifyError(notification.error)}`,
  );
}
