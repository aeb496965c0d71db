// reconcile: run on a schedule (EventBridge rule, infra/constructs/reconcile-function.ts). Re-enqueues
// the uploads under the incoming prefix with no terminal record and the sources of articles PROCESSING
// past their lease (shared/app/reconcile.ts); thin wiring of the S3, DynamoDB and SQS adapters.
import { SQSClient } from '@aws-sdk/client-sqs';
import type { ScheduledEvent } from 'aws-lambda';
import { createDocumentClient, createS3Client, requireEnv } from '../../shared/adapters/aws-clients.js';
import { DynamoArticleRepository } from '../../shared/adapters/dynamodb/dynamo-repository.js';
import { S3ObjectLister } from '../../shared/adapters/s3/object-lister.js';
import { SqsNotificationRequeuer } from '../../shared/adapters/sqs/notification-requeuer.js';
import {
  DEFAULT_RECONCILE_MIN_AGE_MS,
  describeReconcile,
  reconcile,
  type ReconcileDeps,
  type ReconcileOptions,
  type ReconcileReport,
} from '../../shared/app/reconcile.js';
import { logger } from '../shared/powertools.js';

export interface ReconcileSettings {
  options: ReconcileOptions;
  deps: ReconcileDeps;
}

/** The adapters over the SDK's default clients, and the settings from the function's environment. */
export function defaultSettings(): ReconcileSettings {
  const minAgeSeconds = Number(process.env.RECONCILE_MIN_AGE_SECONDS ?? DEFAULT_RECONCILE_MIN_AGE_MS / 1000);
  if (!Number.isFinite(minAgeSeconds) || minAgeSeconds < 0)
    throw new Error(`RECONCILE_MIN_AGE_SECONDS must be a number of seconds ≥ 0, not "${minAgeSeconds}".`);
  return {
    options: {
      bucket: requireEnv('ARTICLES_BUCKET'),
      incomingPrefix: requireEnv('INCOMING_PREFIX'),
      minAgeMs: minAgeSeconds * 1000,
    },
    deps: {
      objects: new S3ObjectLister(createS3Client()),
      repo: new DynamoArticleRepository(createDocumentClient(), requireEnv('TABLE_NAME')),
      requeuer: new SqsNotificationRequeuer(new SQSClient({}), requireEnv('QUEUE_URL')),
      clock: { now: () => new Date() },
    },
  };
}

export function createHandler(settings: () => ReconcileSettings = defaultSettings) {
  let resolved: ReconcileSettings | undefined; // module-scope reuse across warm invocations
  return async (_event?: ScheduledEvent): Promise<ReconcileReport> => {
    resolved ??= settings();
    const report = await reconcile(resolved.options, resolved.deps);
    for (const item of report.requeued) logger.info('Re-enqueued', { ...item });
    logger.info(describeReconcile(report), {
      objects: report.objects,
      requeued: report.requeued.length,
      skipped: report.skipped,
    });
    return report;
  };
}

export const handler = createHandler();
