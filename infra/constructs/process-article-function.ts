import { join } from 'node:path';
import { Duration } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { GSI1 } from '../../shared/adapters/dynamodb/table-design.js';
import type { PipelineVersion } from '../../shared/app/ports.js';
import { prunedDataAliases } from './bundled-data.js';
import { heapFlags, PROCESS_ARTICLE_MEMORY_MB } from '../../functions/shared/heap-settings.js';
import {
  ESM_BUNDLING,
  logGroupAndRole,
  powertoolsEnvironment,
  REPO_ROOT,
  sharedFunctionProps,
} from './function-defaults.js';
import { SERVICE_NAME } from './pipeline-metrics.js';
import {
  acknowledgePinnedRuntime,
  acknowledgePrefixWildcard,
  acknowledgeTracingWildcard,
} from './nag-acknowledgements.js';

export const PROCESS_ARTICLE_ENTRY = join(REPO_ROOT, 'functions', 'process-article', 'handler.ts');
/** Model files the models adapter reads at runtime from `<dir of index.mjs>/models/` (shared/adapters/models/). */
export const MODELS_DIR = join(REPO_ROOT, 'shared', 'nlp', 'models');

export interface ProcessArticleFunctionProps {
  readonly bucket: s3.IBucket;
  readonly incomingPrefix: string;
  readonly queue: sqs.IQueue;
  readonly table: dynamodb.ITable;
  readonly eventBus: events.IEventBus;
  readonly timeout: Duration;
  readonly memorySize?: number;
  readonly batchSize?: number;
  /** Upper bound of concurrent invocations the SQS event source drives (protects DynamoDB/EventBridge). */
  readonly maxConcurrency?: number;
  readonly logLevel?: string;
  readonly logRetention?: logs.RetentionDays;
  /** Extra environment, e.g. S3_FORCE_PATH_STYLE for LocalStack. */
  readonly extraEnvironment?: Record<string, string>;
  /** Handler source; defaults to functions/process-article/handler.ts. */
  readonly entry?: string;
  /** X-Ray active tracing and the Powertools tracer (subsegments per stage, AWS SDK calls). Default on. */
  readonly tracing?: boolean;
  /** The core's version (code + models), computed at synth: the bundle cannot see its sources. */
  readonly pipelineVersion: PipelineVersion;
  /** Key prefix (in the articles bucket) for results too large for a table item. */
  readonly resultsPrefix?: string;
  readonly onObjectRemoved?: 'delete' | 'keep';
}

/** The process-article Lambda (ESM bundle by local esbuild), its role, log group and SQS trigger. */
export class ProcessArticleFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: ProcessArticleFunctionProps) {
    super(scope, id);

    ({ logGroup: this.logGroup, role: this.role } = logGroupAndRole(this, {
      retention: props.logRetention,
      roleDescription: 'process-article: read incoming articles, write results, publish statement events',
    }));
    const shared = {
      logGroup: this.logGroup,
      role: this.role,
      service: SERVICE_NAME,
      tracing: props.tracing,
      logLevel: props.logLevel,
    };

    this.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'ReadIncomingArticles',
        actions: ['s3:GetObject'],
        resources: [props.bucket.arnForObjects(`${props.incomingPrefix}*`)],
      }),
    );
    // Lets a missing key surface as 404 (NoSuchKey) instead of 403, limited to the incoming prefix.
    this.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'ListIncomingPrefix',
        actions: ['s3:ListBucket'],
        resources: [props.bucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': [`${props.incomingPrefix}*`] } },
      }),
    );
    const resultsPrefix = props.resultsPrefix ?? 'results/';
    // Results too large for a table item (claim checks), outside the incoming prefix.
    this.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'LargeResults',
        actions: ['s3:PutObject', 's3:GetObject', 's3:DeleteObject'],
        resources: [props.bucket.arnForObjects(`${resultsPrefix}*`)],
      }),
    );
    this.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'ReadWriteResults',
        // What shared/adapters/dynamodb/dynamo-repository.ts sends (no transactions). Deletes remove
        // the items of a replaced version or a deleted article.
        actions: [
          'dynamodb:GetItem',
          'dynamodb:BatchGetItem',
          'dynamodb:Query',
          'dynamodb:PutItem',
          'dynamodb:UpdateItem',
          'dynamodb:BatchWriteItem',
        ],
        resources: [props.table.tableArn, `${props.table.tableArn}/index/${GSI1.indexName}`],
      }),
    );
    props.eventBus.grantPutEventsTo(this.role);

    const entry = props.entry ?? PROCESS_ARTICLE_ENTRY;
    const memorySize = props.memorySize ?? PROCESS_ARTICLE_MEMORY_MB;
    this.function = new NodejsFunction(this, 'Function', {
      description:
        'Decodes an article from S3, extracts statements, quotes and entities, stores and publishes them',
      entry,
      ...sharedFunctionProps(shared),
      memorySize,
      timeout: props.timeout,
      environment: {
        TABLE_NAME: props.table.tableName,
        EVENT_BUS_NAME: props.eventBus.eventBusName,
        INCOMING_PREFIX: props.incomingPrefix,
        RESULTS_BUCKET: props.bucket.bucketName,
        RESULTS_PREFIX: resultsPrefix,
        PIPELINE_VERSION: JSON.stringify(props.pipelineVersion),
        ON_OBJECT_REMOVED: props.onObjectRemoved ?? 'delete',
        // V8's heap sized to the function, not to the host (functions/shared/heap-settings.ts).
        NODE_OPTIONS: heapFlags(memorySize).join(' '),
        ...powertoolsEnvironment(shared),
        ...props.extraEnvironment,
      },
      bundling: {
        ...ESM_BUNDLING,
        esbuildArgs: { ...ESM_BUNDLING.esbuildArgs, ...prunedDataAliases() },
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: (inputDir: string, outputDir: string) => {
            const models = join(inputDir, 'shared', 'nlp', 'models');
            // The manifests (which code and data made each model) are for people and CI, not the function.
            return [
              `if [ -d "${models}" ]; then cp -r "${models}" "${outputDir}/models" && rm -f "${outputDir}"/models/*.manifest.json; fi`,
            ];
          },
        },
      },
    });

    this.function.addEventSource(
      new SqsEventSource(props.queue, {
        batchSize: props.batchSize ?? 5,
        reportBatchItemFailures: true,
        maxConcurrency: props.maxConcurrency ?? 5,
      }),
    );

    if (props.tracing !== false) acknowledgeTracingWildcard(this.role);
    acknowledgePrefixWildcard(
      this,
      this.role,
      props.bucket,
      props.incomingPrefix,
      'GetObject is limited to the incoming prefix; individual object keys cannot be listed in a policy.',
    );
    acknowledgePrefixWildcard(
      this,
      this.role,
      props.bucket,
      resultsPrefix,
      'Results too large for a table item are written under the results prefix, one object per article.',
    );
    acknowledgePinnedRuntime(this.function);
  }
}
