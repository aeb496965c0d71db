// The scheduled reconcile on AWS: an EventBridge rule runs functions/reconcile every `every` (default an
// hour). Least privilege: list the incoming prefix only, read source items and query the lease index for
// stuck article heads (GetItem on the table, Query on the lease index; no Scan), send to the ingest queue.
// Nothing else.
import { join } from 'node:path';
import { Duration } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { LEASE_INDEX } from '../../shared/adapters/dynamodb/table-design.js';
import { acknowledgePinnedRuntime, acknowledgeTracingWildcard } from './nag-acknowledgements.js';
import { SERVICE_NAME } from './pipeline-metrics.js';
import {
  logGroupAndRole,
  powertoolsEnvironment,
  REPO_ROOT,
  sharedFunctionProps,
} from './function-defaults.js';

export const RECONCILE_ENTRY = join(REPO_ROOT, 'functions', 'reconcile', 'handler.ts');

export interface ReconcileFunctionProps {
  readonly bucket: s3.IBucket;
  readonly incomingPrefix: string;
  readonly table: dynamodb.ITable;
  readonly queue: sqs.IQueue;
  /** How often it runs (default one hour). */
  readonly every?: Duration;
  /** Objects and leases younger than this are left alone: probably still queued (default 15 minutes). */
  readonly minAge?: Duration;
  readonly logRetention?: logs.RetentionDays;
  readonly logLevel?: string;
  readonly tracing?: boolean;
}

export class ReconcileFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: iam.Role;
  readonly rule: events.Rule;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: ReconcileFunctionProps) {
    super(scope, id);
    ({ logGroup: this.logGroup, role: this.role } = logGroupAndRole(this, {
      retention: props.logRetention,
      roleDescription: 'reconcile: list incoming uploads, read their records, re-enqueue the unfinished',
    }));
    const shared = {
      logGroup: this.logGroup,
      role: this.role,
      service: `${SERVICE_NAME}-reconcile`,
      tracing: props.tracing,
      logLevel: props.logLevel,
    };
    this.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'ListIncoming',
        actions: ['s3:ListBucket'],
        resources: [props.bucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': [`${props.incomingPrefix}*`] } },
      }),
    );
    this.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'ReadRecords',
        // getSource (GetItem) and stuckArticles (Query of the lease index): no write, no Scan.
        actions: ['dynamodb:GetItem', 'dynamodb:Query'],
        resources: [props.table.tableArn, `${props.table.tableArn}/index/${LEASE_INDEX.indexName}`],
      }),
    );
    this.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'Requeue',
        actions: ['sqs:SendMessage'],
        resources: [props.queue.queueArn],
      }),
    );

    this.function = new NodejsFunction(this, 'Function', {
      description: 'Reconcile: re-enqueue uploads with no terminal record and articles stuck PROCESSING',
      entry: RECONCILE_ENTRY,
      ...sharedFunctionProps(shared),
      memorySize: 256,
      timeout: Duration.minutes(5),
      environment: {
        ARTICLES_BUCKET: props.bucket.bucketName,
        INCOMING_PREFIX: props.incomingPrefix,
        TABLE_NAME: props.table.tableName,
        QUEUE_URL: props.queue.queueUrl,
        RECONCILE_MIN_AGE_SECONDS: String((props.minAge ?? Duration.minutes(15)).toSeconds()),
        ...powertoolsEnvironment(shared),
      },
    });

    this.rule = new events.Rule(this, 'Schedule', {
      description: 'Runs the reconcile function',
      schedule: events.Schedule.rate(props.every ?? Duration.hours(1)),
      targets: [new targets.LambdaFunction(this.function, { retryAttempts: 0 })],
    });

    if (props.tracing !== false) acknowledgeTracingWildcard(this.role);
    acknowledgePinnedRuntime(this.function);
  }
}
