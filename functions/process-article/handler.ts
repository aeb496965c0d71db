// process-article: SQS (S3 event notifications) → processArticle for every created object.
// Thin: parsing, wiring of adapters, logging and metrics; the work is in shared/app/process-article.ts.
//
// A record fails (→ batchItemFailures → retried, DLQ after maxReceiveCount) only for transient errors
// and for messages that are not S3 notifications at all (kept in the DLQ for inspection). Bad articles
// are recorded as FAILED and their message is consumed.
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { processArticle, type ProcessArticleDeps } from '../../shared/app/process-article.js';
import {
  createDocumentClient,
  createEventBridgeClient,
  createS3Client,
  requireEnv,
} from '../../shared/adapters/aws-clients.js';
import { defaultModels } from '../../shared/adapters/models/index.js';
import { EventBridgePublisher } from '../../shared/adapters/eventbridge/eventbridge-publisher.js';
import { DynamoArticleRepository } from '../../shared/adapters/dynamodb/dynamo-repository.js';
import { S3ObjectStore } from '../../shared/adapters/s3/s3-object-store.js';
import { logger, metrics, MetricUnit } from '../shared/powertools.js';
import { parseObjectCreated } from './s3-notification.js';

/** Adapters over real AWS clients; built on first use (not at import) so tests can set env first. */
export function defaultDeps(): ProcessArticleDeps {
  return {
    objects: new S3ObjectStore(createS3Client()),
    repo: new DynamoArticleRepository(createDocumentClient(), requireEnv('TABLE_NAME')),
    events: new EventBridgePublisher(createEventBridgeClient(), { busName: requireEnv('EVENT_BUS_NAME') }),
    clock: { now: () => new Date() },
    models: defaultModels(), // read once per container
    logger,
  };
}

export interface HandlerHooks {
  /** A record failed and will be retried (or dead-lettered): the embedded stack reports why. */
  onRecordError?: (record: SQSRecord, err: unknown) => void;
}

export function createHandler(makeDeps: () => ProcessArticleDeps = defaultDeps, hooks: HandlerHooks = {}) {
  let deps: ProcessArticleDeps | undefined; // module-scope reuse across warm invocations
  const processor = new BatchProcessor(EventType.SQS);

  const processRecord = async (record: SQSRecord, context?: Context): Promise<void> => {
    try {
      deps ??= makeDeps();
    } catch (err) {
      logger.error('The function is misconfigured', { err });
      throw err; // every record fails and stays in the queue (then the DLQ) until the configuration is fixed
    }
    const log = logger.createChild();
    log.appendPersistentKeys({ sqsMessageId: record.messageId });
    let objects;
    try {
      objects = parseObjectCreated(record.body);
    } catch (err) {
      log.error('Unrecognised SQS message', { err, body: record.body.slice(0, 500) });
      hooks.onRecordError?.(record, err);
      throw err;
    }
    for (const object of objects) {
      try {
        // The claim on an article lasts as long as this invocation can run: after that its holder is
        // surely gone, and a retry (well within the queue's retry window) takes over.
        const leaseMs = context?.getRemainingTimeInMillis();
        const outcome = await processArticle(
          { ...object, deliveryId: record.messageId },
          { ...deps, logger: log, ...(deps.leaseMs === undefined && leaseMs ? { leaseMs } : {}) },
        );
        if (outcome.status === 'FAILED') metrics.addMetric('ArticlesFailed', MetricUnit.Count, 1);
        else if (outcome.duplicate) metrics.addMetric('ArticlesDuplicate', MetricUnit.Count, 1);
        else {
          metrics.addMetric('ArticlesProcessed', MetricUnit.Count, 1);
          metrics.addMetric('StatementsProcessed', MetricUnit.Count, outcome.counts.statements);
        }
      } catch (err) {
        metrics.addMetric('ArticleRetries', MetricUnit.Count, 1);
        log.warn('Transient failure; the message will be retried', {
          err,
          bucket: object.bucket,
          key: object.key,
        });
        hooks.onRecordError?.(record, err);
        throw err;
      }
    }
  };

  return async (event: SQSEvent, context?: Context): Promise<SQSBatchResponse> => {
    if (context) logger.addContext(context);
    metrics.addMetric('MessagesReceived', MetricUnit.Count, event.Records.length);
    try {
      return await processPartialResponse(event, processRecord, processor, {
        context,
        // Always answer with batchItemFailures (the event source mapping reports them), even when all fail.
        throwOnFullBatchFailure: false,
      });
    } finally {
      metrics.publishStoredMetrics();
    }
  };
}

export const handler = createHandler();
