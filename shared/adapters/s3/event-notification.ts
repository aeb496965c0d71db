// The S3 event notification an object's upload sends, for sending it again (reprocess, reconcile) and
// for the embedded stack's own notifications.
import type { SourceRef } from '../../app/ports.js';

/** Encodes a key as S3 does in event notifications (form encoding: space → `+`, `/` kept). */
export function encodeS3EventKey(key: string): string {
  return encodeURIComponent(key)
    .replace(/%20/g, '+')
    .replace(/%2F/gi, '/')
    .replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The body of an ObjectCreated notification for the object, sent on behalf of `principal`. */
export function objectCreatedNotification(source: SourceRef, principal: string, at = new Date()): string {
  return JSON.stringify({
    Records: [
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        eventTime: at.toISOString(),
        eventName: 'ObjectCreated:Put',
        userIdentity: { principalId: principal },
        s3: {
          s3SchemaVersion: '1.0',
          bucket: { name: source.bucket, arn: `arn:aws:s3:::${source.bucket}` },
          object: { key: encodeS3EventKey(source.key) },
        },
      },
    ],
  });
}
