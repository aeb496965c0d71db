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
import { COUNT_METRICS } from '../shared/metric-names.js';
import { logger, metrics, MetricUnit, tracer } from '../shared/powertools.js';
import { ArticleInstrumentation } from './instrumentation.js';
import { parseObjectCreated } from './s3-notification.js';

/** Adapters over real AWS clients; built on first use (not at import) so tests can set env first. */
export function defaultDeps(): ProcessArticleDeps {
  return {
    // Captured clients: every AWS request is an X-Ray subsegment under its stage (no-op untraced).
    objects: new S3ObjectStore(tracer.captureAWSv3Client(createS3Client())),
    repo: new DynamoArticleRepository(
      tracer.captureAWSv3Client(createDocumentClient()),
      requireEnv('TABLE_NAME'),
    ),
    events: new EventBridgePublisher(tracer.captureAWSv3Client(createEventBridgeClient()), {
      busName: requireEnv('EVENT_BUS_NAME'),
    }),
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
    // Every line about this message carries its id as the correlation id (the same on every retry and
    // in the DLQ), and the article id once the text is decoded (ArticleInstrumentation adds it).
    const log = logger.createChild();
    log.setCorrelationId(record.messageId);
    let objects;
    try {
      objects = parseObjectCreated(record.body);
    } catch (err) {
      log.error('Unrecognised SQS message', { err, body: record.body.slice(0, 500) });
      hooks.onRecordError?.(record, err);
      throw err;
    }
    for (const object of objects) {
      const instrumentation = new ArticleInstrumentation({ tracer, logger: log });
      try {
        // The claim on an article lasts as long as this invocation can run: after that its holder is
        // surely gone, and a retry (well within the queue's retry window) takes over.
        const leaseMs = context?.getRemainingTimeInMillis();
        const articleDeps = instrumentation.instrument({
          ...deps,
          logger: log,
          ...(deps.leaseMs === undefined && leaseMs ? { leaseMs } : {}),
        });
        const outcome = await instrumentation.traceArticle(object.key, () =>
          processArticle({ ...object, deliveryId: record.messageId }, articleDeps),
        );
        if (outcome.status === 'FAILED') metrics.addMetric(COUNT_METRICS.articlesFailed, MetricUnit.Count, 1);
        else if (outcome.duplicate) metrics.addMetric(COUNT_METRICS.articlesDuplicate, MetricUnit.Count, 1);
        else {
          metrics.addMetric(COUNT_METRICS.articlesProcessed, MetricUnit.Count, 1);
          metrics.addMetric(COUNT_METRICS.statementsProcessed, MetricUnit.Count, outcome.counts.statements);
          metrics.addMetric(COUNT_METRICS.eventsPublished, MetricUnit.Count, outcome.eventsPublished);
        }
        instrumentation.addMetrics(metrics);
      } catch (err) {
        metrics.addMetric(COUNT_METRICS.articleRetries, MetricUnit.Count, 1);
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
    metrics.addMetric(COUNT_METRICS.messagesReceived, MetricUnit.Count, event.Records.length);
    // Powertools' manual handler instrumentation: one `## handler` subsegment under Lambda's segment.
    const segment = tracer.getSegment();
    const handlerSegment = tracer.isTracingEnabled() ? segment?.addNewSubsegment('## handler') : undefined;
    if (handlerSegment) {
      tracer.setSegment(handlerSegment);
      tracer.annotateColdStart();
      tracer.addServiceNameAnnotation();
    }
    try {
      return await processPartialResponse(event, processRecord, processor, {
        context,
        // Always answer with batchItemFailures (the event source mapping reports them), even when all fail.
        throwOnFullBatchFailure: false,
      });
    } finally {
      metrics.publishStoredMetrics();
      if (handlerSegment && segment) {
        handlerSegment.close();
        tracer.setSegment(segment);
      }
    }
  };
}

export const handler = createHandler();
