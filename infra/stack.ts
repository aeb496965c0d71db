import {
  App,
  CfnOutput,
  Duration,
  RemovalPolicy,
  Stack,
  Validations,
  type AppProps,
  type StackProps,
} from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import * as sns from 'aws-cdk-lib/aws-sns';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { Construct } from 'constructs';
import { EVENT_SOURCE } from '../events/schemas.js';
import {
  GSI1,
  GSI1_PROJECTED_ATTRIBUTES,
  LEASE_INDEX,
  LEASE_INDEX_PROJECTED_ATTRIBUTES,
  TABLE_KEYS,
  TTL_ATTRIBUTE,
} from '../shared/adapters/dynamodb/table-design.js';
import { pipelineVersionFromSources } from '../shared/adapters/pipeline-version.js';
import { ArticleBucket } from './constructs/article-bucket.js';
import { EventSchemaRegistry } from './constructs/event-schema-registry.js';
import { FunctionLogGroups } from './constructs/function-log-groups.js';
import { IngestQueue } from './constructs/ingest-queue.js';
import { PipelineAlarms } from './constructs/pipeline-alarms.js';
import { PipelineDashboard } from './constructs/pipeline-dashboard.js';
import { PipelineSubscriptions, type SubscriptionOptions } from './constructs/pipeline-subscriptions.js';
import { REPO_ROOT } from './constructs/function-defaults.js';
import { ProcessArticleFunction } from './constructs/process-article-function.js';
import { QueryApi } from './constructs/query-api.js';
import { ReconcileFunction } from './constructs/reconcile-function.js';
import {
  autoScaleTable,
  DEFAULT_TARGET_UTILIZATION_PERCENT,
  indexCapacityProps,
  tableBillingProps,
  type TableCapacity,
} from './constructs/table-capacity.js';
import { SpeakerQuotesConsumerStack } from './examples/speaker-quotes-consumer.js';
import type {
  ArticleFailedDetail,
  ArticleProcessedDetail,
  StatementProcessedDetail,
} from '../events/schemas.js';

export interface ArticlePipelineConfig {
  /** Deployment stage, part of the stack name (dev, prod, ...). */
  readonly stage: string;
  /** Key prefix that triggers processing; always ends with '/'. */
  readonly incomingPrefix: string;
  readonly eventBusName: string;
  /** RETAIN bucket and table (+ table deletion protection) instead of destroying them with the stack. */
  readonly retainData: boolean;
  /** Deploying to LocalStack: path-style S3 and no features its free tier lacks (archive, X-Ray). */
  readonly localstack: boolean;
  /** Archive every pipeline event on the bus (replayable). */
  readonly archiveEvents: boolean;
  /** Publish the event schemas in an EventBridge schema registry. */
  readonly schemaRegistry: boolean;
  /** X-Ray active tracing + the Powertools tracer in the function (`-c tracing=false` turns both off). */
  readonly tracing: boolean;
  readonly logLevel: string;
  /** Retention of every function's log group, CDK's helper functions included. */
  readonly logRetention: logs.RetentionDays;
  /** Existing SNS topic the alarms notify; without it the stack creates one. */
  readonly alarmTopicArn?: string;
  /** Subscribed to the alarm topic the stack creates. */
  readonly alarmEmail?: string;
  readonly functionTimeout: Duration;
  readonly maxConcurrency: number;
  /** DynamoDB throughput: on demand, or provisioned with auto scaling (table-capacity.ts). */
  readonly tableCapacity: TableCapacity;
  /** What s3:ObjectRemoved does to an article's results: delete them (default) or keep them queryable. */
  readonly onObjectRemoved: 'delete' | 'keep';
  /** The query API's JWT authoriser instead of IAM (`-c queryApiJwtIssuer=… -c queryApiJwtAudience=a,b`). */
  readonly queryApiJwt?: { issuer: string; audience: string[] };
  /** The query API's stage throttling: steady requests per second and burst. */
  readonly queryApiThrottle: { rateLimit: number; burstLimit: number };
}

export interface ArticlePipelineStackProps extends StackProps {
  readonly config: ArticlePipelineConfig;
  /** Handler source override (tests); defaults to functions/process-article/handler.ts. */
  readonly functionEntry?: string;
}

const truthy = (value: unknown) => value === true || value === 'true' || value === '1';

/** Normalises a key prefix: no leading slash, exactly one trailing slash. */
export function normaliseIncomingPrefix(prefix: string): string {
  const trimmed = prefix.trim().replace(/^\/+/, '').replace(/\/+$/, '');
  if (!trimmed) {
    throw new Error(
      'incomingPrefix must not be empty: every object in the bucket would count as an article.',
    );
  }
  return `${trimmed}/`;
}

function integerInRange(key: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new Error(`Context ${key} must be an integer from ${min} to ${max}, got "${value}".`);
  }
  return n;
}

function objectRemovedPolicy(value: string): 'delete' | 'keep' {
  if (value !== 'delete' && value !== 'keep') {
    throw new Error(`Context onObjectRemoved must be "delete" or "keep", got "${value}".`);
  }
  return value;
}

/** `tableBilling` (on-demand | provisioned) and, when provisioned, the auto scaling bounds and target. */
function tableCapacityFromContext(str: (key: string, fallback: string) => string): TableCapacity {
  const mode = str('tableBilling', 'on-demand');
  if (mode === 'on-demand') return { mode };
  if (mode !== 'provisioned') {
    throw new Error(`Context tableBilling must be "on-demand" or "provisioned", got "${mode}".`);
  }
  const units = (key: string, fallback: number) => integerInRange(key, str(key, String(fallback)), 1, 40000);
  const capacity: TableCapacity = {
    mode,
    minWrite: units('tableMinWriteCapacity', 5),
    maxWrite: units('tableMaxWriteCapacity', 1000),
    minRead: units('tableMinReadCapacity', 5),
    maxRead: units('tableMaxReadCapacity', 500),
    targetUtilizationPercent: integerInRange(
      'tableTargetUtilization',
      str('tableTargetUtilization', String(DEFAULT_TARGET_UTILIZATION_PERCENT)),
      20,
      90,
    ),
  };
  if (capacity.minWrite > capacity.maxWrite || capacity.minRead > capacity.maxRead) {
    throw new Error('Context table capacity: a minimum is above its maximum.');
  }
  return capacity;
}

/** Reads the stack configuration from CDK context (`-c key=value` or cdk.json). */
export function configFromContext(node: Construct['node']): ArticlePipelineConfig {
  const ctx = (key: string): unknown => node.tryGetContext(key);
  const str = (key: string, fallback: string) => {
    const value = ctx(key);
    const text = typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '';
    return text || fallback;
  };
  const stage = str('stage', 'dev');
  if (!/^[A-Za-z][A-Za-z0-9-]{0,30}$/.test(stage)) {
    throw new Error(`Context stage must be letters, digits and dashes (it names the stack), got "${stage}".`);
  }
  const localstack = truthy(ctx('localstack'));
  const flag = (key: string, fallback: boolean) => (ctx(key) === undefined ? fallback : truthy(ctx(key)));
  const alarmTopicArn = ctx('alarmTopicArn');
  const alarmEmail = ctx('alarmEmail');
  const logRetention = Number(str('logRetentionDays', '30'));
  if (!(Object.values(logs.RetentionDays) as number[]).includes(logRetention) || logRetention === 0) {
    throw new Error(
      `Context logRetentionDays must be one of CloudWatch's retention periods (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, … days), got "${str('logRetentionDays', '')}".`,
    );
  }
  return {
    stage,
    incomingPrefix: normaliseIncomingPrefix(str('incomingPrefix', 'incoming/')),
    eventBusName: str('eventBusName', 'article-pipeline'),
    retainData: flag('retainData', stage === 'prod'),
    localstack,
    archiveEvents: flag('archiveEvents', !localstack),
    schemaRegistry: flag('schemaRegistry', !localstack),
    tracing: flag('tracing', !localstack),
    logLevel: str('logLevel', stage === 'prod' ? 'INFO' : 'DEBUG'),
    logRetention: logRetention,
    ...(typeof alarmTopicArn === 'string' && alarmTopicArn ? { alarmTopicArn } : {}),
    ...(typeof alarmEmail === 'string' && alarmEmail ? { alarmEmail } : {}),
    // Lambda allows up to 900 s; the queue's visibility timeout (6x) must stay within SQS's 12 hours.
    functionTimeout: Duration.seconds(
      integerInRange('functionTimeoutSeconds', str('functionTimeoutSeconds', '60'), 1, 900),
    ),
    // SQS event sources accept a maximum concurrency from 2 to 1000.
    maxConcurrency: integerInRange('maxConcurrency', str('maxConcurrency', '5'), 2, 1000),
    onObjectRemoved: objectRemovedPolicy(str('onObjectRemoved', 'delete')),
    tableCapacity: tableCapacityFromContext(str),
    ...(str('queryApiJwtIssuer', '')
      ? {
          queryApiJwt: {
            issuer: str('queryApiJwtIssuer', ''),
            audience: str('queryApiJwtAudience', '')
              .split(',')
              .map((a) => a.trim())
              .filter(Boolean),
          },
        }
      : {}),
    queryApiThrottle: {
      rateLimit: integerInRange('queryApiRateLimit', str('queryApiRateLimit', '50'), 1, 10000),
      burstLimit: integerInRange('queryApiBurstLimit', str('queryApiBurstLimit', '100'), 1, 5000),
    },
  };
}

/**
 * S3 (incoming/) → SQS (+DLQ) → process-article Lambda → DynamoDB single table + EventBridge bus.
 * Environment-agnostic: synthesizes without credentials.
 */
export class ArticlePipelineStack extends Stack {
  readonly articles: ArticleBucket;
  readonly ingest: IngestQueue;
  readonly table: dynamodb.Table;
  readonly eventBus: events.EventBus;
  /** The published event schemas (events/schemas/v*) in a registry named like the bus. */
  readonly schemaRegistry?: EventSchemaRegistry;
  readonly subscriptions: PipelineSubscriptions;
  readonly processArticle: ProcessArticleFunction;
  /** The HTTP query API over the table (API Gateway HTTP API → query-api Lambda). */
  readonly queryApi: QueryApi;
  /** Re-enqueues, hourly, uploads with no terminal record and articles stuck PROCESSING. */
  readonly reconcile: ReconcileFunction;
  readonly alarms: PipelineAlarms;
  readonly dashboard: PipelineDashboard;
  /** The processing core's version (code + models) the function is deployed with. */
  readonly pipelineVersion = pipelineVersionFromSources(REPO_ROOT);

  constructor(scope: Construct, id: string, props: ArticlePipelineStackProps) {
    super(scope, id, props);
    const { config } = props;
    const dataRemoval = config.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    this.articles = new ArticleBucket(this, 'Articles', { retainData: config.retainData });
    this.ingest = new IngestQueue(this, 'Ingest', { consumerTimeout: config.functionTimeout });

    // Creations and removals under the incoming prefix are queued; the function writes only under
    // the results prefix (claim checks of very large results), so processing cannot trigger itself.
    const ingestDestination = new s3n.SqsDestination(this.ingest.queue);
    for (const eventType of [s3.EventType.OBJECT_CREATED, s3.EventType.OBJECT_REMOVED]) {
      this.articles.bucket.addEventNotification(eventType, ingestDestination, {
        prefix: config.incomingPrefix,
      });
    }

    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: TABLE_KEYS.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: TABLE_KEYS.sortKey, type: dynamodb.AttributeType.STRING },
      ...tableBillingProps(config.tableCapacity),
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: TTL_ATTRIBUTE,
      deletionProtection: config.retainData,
      removalPolicy: dataRemoval,
    });
    this.table.addGlobalSecondaryIndex({
      indexName: GSI1.indexName,
      partitionKey: { name: GSI1.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: GSI1.sortKey, type: dynamodb.AttributeType.STRING },
      // Sparse listing index: only what listings return (table-design.ts), never whole items.
      projectionType: dynamodb.ProjectionType.INCLUDE,
      nonKeyAttributes: [...GSI1_PROJECTED_ATTRIBUTES],
      ...indexCapacityProps(config.tableCapacity),
    });
    this.table.addGlobalSecondaryIndex({
      indexName: LEASE_INDEX.indexName,
      partitionKey: { name: LEASE_INDEX.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: LEASE_INDEX.sortKey, type: dynamodb.AttributeType.STRING },
      // Sparse lease index: article heads while PROCESSING, for reconcile's Query (table-design.ts).
      projectionType: dynamodb.ProjectionType.INCLUDE,
      nonKeyAttributes: [...LEASE_INDEX_PROJECTED_ATTRIBUTES],
      ...indexCapacityProps(config.tableCapacity),
    });
    autoScaleTable(this.table, config.tableCapacity, [GSI1.indexName, LEASE_INDEX.indexName]);

    this.eventBus = new events.EventBus(this, 'EventBus', {
      eventBusName: config.eventBusName,
      description: 'article-pipeline: Statement Processed / Article Processed / Article Failed events',
    });
    if (config.archiveEvents) {
      this.eventBus.archive('Archive', {
        description: 'Every article-pipeline event, for replay to new consumers',
        eventPattern: { source: [EVENT_SOURCE] },
        retention: Duration.days(90),
      });
    }

    if (config.schemaRegistry) {
      this.schemaRegistry = new EventSchemaRegistry(this, 'EventSchemas', {
        registryName: config.eventBusName,
      });
    }
    this.subscriptions = new PipelineSubscriptions(this, this.eventBus);

    this.processArticle = new ProcessArticleFunction(this, 'ProcessArticle', {
      bucket: this.articles.bucket,
      incomingPrefix: config.incomingPrefix,
      queue: this.ingest.queue,
      table: this.table,
      eventBus: this.eventBus,
      timeout: config.functionTimeout,
      maxConcurrency: config.maxConcurrency,
      logLevel: config.logLevel,
      logRetention: config.logRetention,
      tracing: config.tracing,
      pipelineVersion: this.pipelineVersion,
      onObjectRemoved: config.onObjectRemoved,
      ...(config.localstack ? { extraEnvironment: { S3_FORCE_PATH_STYLE: 'true' } } : {}),
      ...(props.functionEntry ? { entry: props.functionEntry } : {}),
    });

    this.queryApi = new QueryApi(this, 'QueryApi', {
      table: this.table,
      bucket: this.articles.bucket,
      throttle: config.queryApiThrottle,
      logRetention: config.logRetention,
      logLevel: config.logLevel,
      tracing: config.tracing,
      ...(config.queryApiJwt ? { jwt: config.queryApiJwt } : {}),
    });

    this.reconcile = new ReconcileFunction(this, 'Reconcile', {
      bucket: this.articles.bucket,
      incomingPrefix: config.incomingPrefix,
      table: this.table,
      queue: this.ingest.queue,
      logRetention: config.logRetention,
      logLevel: config.logLevel,
      tracing: config.tracing,
    });

    this.alarms = new PipelineAlarms(this, 'Alarms', {
      queue: this.ingest.queue,
      deadLetterQueue: this.ingest.deadLetterQueue,
      function: this.processArticle.function,
      removalPolicy: dataRemoval,
      ...(config.alarmTopicArn
        ? { alarmTopic: sns.Topic.fromTopicArn(this, 'AlarmTopic', config.alarmTopicArn) }
        : {}),
      ...(config.alarmEmail ? { alarmEmail: config.alarmEmail } : {}),
    });
    this.dashboard = new PipelineDashboard(this, 'Dashboard', {
      dashboardName: this.stackName,
      queue: this.ingest.queue,
      deadLetterQueue: this.ingest.deadLetterQueue,
      function: this.processArticle.function,
      logGroup: this.processArticle.logGroup,
      table: this.table,
      eventBus: this.eventBus,
      alarms: this.alarms.alarms,
    });
    FunctionLogGroups.applyTo(this, { retention: config.logRetention, removalPolicy: dataRemoval });

    this.acknowledgeFrameworkFindings();

    const output = (id: string, value: string, description: string) =>
      new CfnOutput(this, id, { value, description });
    output('BucketName', this.articles.bucket.bucketName, 'Drop articles here, under IncomingPrefix');
    output('IncomingPrefix', config.incomingPrefix, 'Key prefix that triggers processing');
    output('TableName', this.table.tableName, 'DynamoDB single table with results');
    output('EventBusName', this.eventBus.eventBusName, 'Bus receiving one event per processed statement');
    output('QueueUrl', this.ingest.queue.queueUrl, 'S3 notification queue');
    output('DeadLetterQueueUrl', this.ingest.deadLetterQueue.queueUrl, 'Messages that failed 5 times');
    output('FunctionName', this.processArticle.function.functionName, 'process-article Lambda');
    output('QueryApiUrl', this.queryApi.url, 'HTTP query API (IAM/SigV4; routes in docs/openapi.json)');
    output('AlarmTopicArn', this.alarms.topic.topicArn, 'SNS topic the alarms notify');
    output(
      'DashboardUrl',
      `https://console.aws.amazon.com/cloudwatch/home?region=${this.region}#dashboards/dashboard/${this.stackName}`,
      'CloudWatch dashboard of the pipeline',
    );
    output(
      'PipelineVersion',
      this.pipelineVersion.id,
      'Version of the processing core (code + models) the function runs: `reprocess` re-runs articles of other versions',
    );
  }

  /**
   * Sends every Statement Processed event (matching `pattern`, on the detail) to `target`:
   * `pipeline.onStatementProcessed('Quotes', new targets.SqsQueue(queue), { pattern: { quotes: { speaker: { name: ['X'] } } } })`.
   */
  onStatementProcessed(
    id: string,
    target: events.IRuleTarget,
    options?: SubscriptionOptions<StatementProcessedDetail>,
  ): events.Rule {
    return this.subscriptions.onStatementProcessed(id, target, options);
  }

  /** Sends every Article Processed event (matching `pattern`, on the detail) to `target`. */
  onArticleProcessed(
    id: string,
    target: events.IRuleTarget,
    options?: SubscriptionOptions<ArticleProcessedDetail>,
  ): events.Rule {
    return this.subscriptions.onArticleProcessed(id, target, options);
  }

  /** Sends every Article Failed event (matching `pattern`, on the detail) to `target`. */
  onArticleFailed(
    id: string,
    target: events.IRuleTarget,
    options?: SubscriptionOptions<ArticleFailedDetail>,
  ): events.Rule {
    return this.subscriptions.onArticleFailed(id, target, options);
  }

  /** The S3 notifications custom resource is CDK's own singleton function; its role is not configurable. */
  private acknowledgeFrameworkFindings() {
    const handler = this.node.children.find((c) => c.node.id.startsWith('BucketNotificationsHandler'));
    if (!handler) return;
    Validations.of(handler).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason:
        'CDK-managed S3 bucket-notification custom resource: CDK creates its role with this managed policy.',
    });
  }
}

/**
 * The CDK app: one stack per stage, checked by cdk-nag's AwsSolutions pack during synthesis (an
 * unacknowledged finding fails `cdk synth`). Acknowledgements are also written into the template
 * metadata (`cdk_nag.rules_to_suppress`) as an audit trail. Used by infra/app.ts and the tests.
 */
export function createArticlePipelineApp(props: AppProps = {}, options: { functionEntry?: string } = {}) {
  const app = new App(props);
  const config = configFromContext(app.node);
  // Environment-agnostic on purpose (no `env`): `cdk synth` needs no credentials and no lookups;
  // account and region come from the profile used at deploy time.
  const stack = new ArticlePipelineStack(app, `ArticlePipeline-${config.stage}`, {
    config,
    description: `article-pipeline (${config.stage}): S3 -> SQS -> Lambda -> DynamoDB + EventBridge`,
    ...(options.functionEntry ? { functionEntry: options.functionEntry } : {}),
  });
  // The README's example consumer, deployed beside the pipeline on request:
  // -c speakerQuotesConsumer="Alexander Lukashenko".
  const speaker = app.node.tryGetContext('speakerQuotesConsumer') as unknown;
  const consumer =
    typeof speaker === 'string' && speaker.trim()
      ? new SpeakerQuotesConsumerStack(app, `ArticlePipeline-${config.stage}-SpeakerQuotes`, {
          pipeline: stack,
          speaker: speaker.trim(),
          description: `article-pipeline example consumer: quotes by ${speaker.trim()} into an SQS queue`,
        })
      : undefined;
  Validations.of(app).addPlugins(
    new AwsSolutionsChecks(app, { verbose: true, writeSuppressionsToCloudFormation: true }),
  );
  return { app, stack, config, consumer };
}
