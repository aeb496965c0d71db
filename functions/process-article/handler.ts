// process-article: SQS (S3 event notifications) → processArticle for every created object.
// Thin: parsing, wiring of adapters, logging and metrics; the work is in shared/app/process-article.ts.
//
// A record fails (→ batchItemFailures → retried, DLQ after maxReceiveCount) only for transient errors
// and for messages that are not S3 notifications at all (kept in the DLQ for inspection). Bad articles
// are recorded as FAILED and their message is consumed.
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { S3Client } from '@aws-sdk/client-s3';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { processArticle, type ProcessArticleDeps } from '../../shared/app/process-article.js';
import { removeObject, type ObjectRemovedPolicy } from '../../shared/app/remove-object.js';
import {
  createDocumentClient,
  createEventBridgeClient,
  createS3Client,
  requireEnv,
} from '../../shared/adapters/aws-clients.js';
import { defaultModels } from '../../shared/adapters/models/index.js';
import { EventBridgePublisher } from '../../shared/adapters/eventbridge/eventbridge-publisher.js';
import { DynamoArticleRepository } from '../../shared/adapters/dynamodb/dynamo-repository.js';
import { candidateKeys, S3ObjectStore } from '../../shared/adapters/s3/s3-object-store.js';
import { S3LargeResultStore } from '../../shared/adapters/s3/large-result-store.js';
import { currentPipelineVersion } from '../../shared/adapters/pipeline-version.js';
import { COUNT_METRICS } from '../shared/metric-names.js';
import { logger, metrics, MetricUnit, tracer } from '../shared/powertools.js';
import { ArticleInstrumentation } from './instrumentation.js';
import { parseObjectEvents } from './s3-notification.js';

export interface HandlerDeps extends ProcessArticleDeps {
  /** What an s3:ObjectRemoved does to the results (ON_OBJECT_REMOVED: delete, the default, or keep). */
  onObjectRemoved: ObjectRemovedPolicy;
}

function objectRemovedPolicy(): ObjectRemovedPolicy {
  const value = process.env.ON_OBJECT_REMOVED ?? 'delete';
  if (value !== 'delete' && value !== 'keep') {
    throw new Error(`ON_OBJECT_REMOVED must be "delete" or "keep", not "${value}".`);
  }
  return value;
}

/**
 * The AWS clients the function uses, captured for tracing: every request is an X-Ray subsegment under
 * its stage (a no-op untraced).
 */
export interface HandlerClients {
  s3: S3Client;
  doc: DynamoDBDocumentClient;
  eventBridge: EventBridgeClient;
}

export function defaultClients(): HandlerClients {
  return {
    s3: tracer.captureAWSv3Client(createS3Client()),
    doc: tracer.captureAWSv3Client(createDocumentClient()),
    eventBridge: tracer.captureAWSv3Client(createEventBridgeClient()),
  };
}

/**
 * Adapters over real AWS clients; built on first use (not at import) so tests can set env first. The
 * clients can be given (the load benchmark counts their requests).
 */
export function defaultDeps({ s3, doc, eventBridge }: HandlerClients = defaultClients()): HandlerDeps {
  const resultsBucket = process.env.RESULTS_BUCKET;
  // Results too large for a table item and events too large for the bus go to S3 (claim checks).
  const large = resultsBucket
    ? new S3LargeResultStore(s3, resultsBucket, process.env.RESULTS_PREFIX ?? 'results/')
    : undefined;
  return {
    objects: new S3ObjectStore(s3),
    repo: new DynamoArticleRepository(doc, requireEnv('TABLE_NAME'), {
      ...(large ? { largeResults: large } : {}),
    }),
    events: new EventBridgePublisher(eventBridge, {
      busName: requireEnv('EVENT_BUS_NAME'),
      ...(large ? { largeDetails: large } : {}),
    }),
    clock: { now: () => new Date() },
    models: defaultModels(), // read once per container
    pipelineVersion: currentPipelineVersion(),
    onObjectRemoved: objectRemovedPolicy(),
    logger,
  };
}

export interface HandlerHooks {
  /** A record failed and will be retried (or dead-lettered): the embedded stack reports why. */
  onRecordError?: (record: SQSRecord, err: unknown) => void;
}

export function createHandler(makeDeps: () => HandlerDeps = defaultDeps, hooks: HandlerHooks = {}) {
  let deps: HandlerDeps | undefined; // module-scope reuse across warm invocations
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
      objects = parseObjectEvents(record.body);
    } catch (err) {
      log.error('Unrecognised SQS message', { err, body: record.body.slice(0, 500) });
      hooks.onRecordError?.(record, err);
      throw err;
    }
    for (const removed of objects.removed) {
      const outcome = await removeObject(
        { bucket: removed.bucket, keys: candidateKeys(removed.key), sequencer: removed.sequencer },
        { ...deps, logger: log },
        deps.onObjectRemoved,
      );
      if (outcome.status === 'DELETED' && outcome.articleRemoved)
        metrics.addMetric('ArticlesDeleted', MetricUnit.Count, 1);
    }
    for (const object of objects.created) {
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

// In Lambda (AWS_LAMBDA_INITIALIZATION_TYPE is set by the runtime) the models load during the init
// phase, which may run before the first event arrives, instead of on the first article.
if (process.env.AWS_LAMBDA_INITIALIZATION_TYPE) defaultModels();
