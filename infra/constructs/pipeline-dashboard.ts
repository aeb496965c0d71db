import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as events from 'aws-cdk-lib/aws-events';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { STAGES } from '../../functions/shared/metric-names.js';
import { PipelineMetrics } from './pipeline-metrics.js';

export interface PipelineDashboardProps {
  readonly dashboardName: string;
  readonly queue: sqs.IQueue;
  readonly deadLetterQueue: sqs.IQueue;
  readonly function: lambda.IFunction;
  readonly logGroup: logs.ILogGroup;
  readonly table: dynamodb.ITable;
  readonly eventBus: events.IEventBus;
  readonly alarms: cloudwatch.IAlarm[];
}

const WIDTH = 24;
const graph = (title: string, left: cloudwatch.IMetric[], extra: Partial<cloudwatch.GraphWidgetProps> = {}) =>
  new cloudwatch.GraphWidget({ title, left, width: 8, height: 6, ...extra });

/**
 * The pipeline's health at a glance: alarms; articles in and out; the queue and its DLQ; the function;
 * where an article's time goes (per stage) and its sizes; storage and bus; recent errors in the logs.
 */
export class PipelineDashboard extends Construct {
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: PipelineDashboardProps) {
    super(scope, id);
    const fn = props.function;
    const metrics = new PipelineMetrics(fn);
    const fiveMinutes = { period: Duration.minutes(5) };
    const sum = { ...fiveMinutes, statistic: cloudwatch.Stats.SUM };
    const max = { ...fiveMinutes, statistic: cloudwatch.Stats.MAXIMUM };

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: props.dashboardName,
      defaultInterval: Duration.hours(3),
    });
    this.dashboard.addWidgets(
      new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: props.alarms, width: WIDTH, height: 3 }),
    );
    this.dashboard.addWidgets(
      graph('Articles', [
        metrics.count('articlesProcessed').with({ label: 'processed' }),
        metrics.count('articlesFailed').with({ label: 'failed' }),
        metrics.count('articlesDuplicate').with({ label: 'duplicate' }),
        metrics.count('articleRetries').with({ label: 'retried (transient)' }),
      ]),
      graph('Failed articles (%)', [metrics.failedArticleRate()], { leftYAxis: { min: 0, max: 100 } }),
      graph('Statements and events', [
        metrics.count('statementsProcessed').with({ label: 'statements' }),
        metrics.count('eventsPublished').with({ label: 'events published' }),
      ]),
    );
    this.dashboard.addWidgets(
      graph(
        'Ingest queue',
        [
          props.queue.metricApproximateNumberOfMessagesVisible({ ...max, label: 'waiting' }),
          props.queue.metricApproximateNumberOfMessagesNotVisible({ ...max, label: 'in flight' }),
        ],
        { right: [props.queue.metricApproximateAgeOfOldestMessage({ ...max, label: 'oldest (s)' })] },
      ),
      graph('Dead-letter queue', [
        props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ ...max, label: 'messages' }),
      ]),
      graph(
        'Function',
        [
          fn.metricInvocations({ ...sum, label: 'invocations' }),
          fn.metricErrors({ ...sum, label: 'errors' }),
          fn.metricThrottles({ ...sum, label: 'throttles' }),
        ],
        {
          right: [fn.metric('ConcurrentExecutions', { ...max, label: 'concurrency' })],
        },
      ),
    );
    this.dashboard.addWidgets(
      graph('Function duration (ms)', [
        fn.metricDuration({ ...fiveMinutes, statistic: cloudwatch.Stats.p(50), label: 'p50' }),
        fn.metricDuration({ ...fiveMinutes, statistic: cloudwatch.Stats.p(95), label: 'p95' }),
        fn.metricDuration({ ...max, label: 'max' }),
      ]),
      graph(
        'Time per article by stage, p95 (ms)',
        STAGES.map((stage) => metrics.stageLatency(stage)),
        {
          stacked: true,
        },
      ),
      graph('Article sizes, average (bytes)', [
        metrics.bytes('objectBytes').with({ label: 'object' }),
        metrics.bytes('textBytes').with({ label: 'text' }),
        metrics.bytes('eventBytes').with({ label: 'events' }),
      ]),
    );
    this.dashboard.addWidgets(
      graph('DynamoDB capacity consumed', [
        props.table.metricConsumedWriteCapacityUnits({ ...sum, label: 'write units' }),
        props.table.metricConsumedReadCapacityUnits({ ...sum, label: 'read units' }),
      ]),
      graph('Bus deliveries to subscribers', [
        new cloudwatch.Metric({
          namespace: 'AWS/Events',
          metricName: 'InvocationAttempts',
          dimensionsMap: { EventBusName: props.eventBus.eventBusName },
          ...sum,
          label: 'invocation attempts',
        }),
      ]),
      new cloudwatch.LogQueryWidget({
        title: 'Recent warnings and errors',
        logGroupNames: [props.logGroup.logGroupName],
        queryLines: [
          'fields @timestamp, level, message, correlation_id, articleId, err.message',
          'filter level in ["WARN", "ERROR"]',
          'sort @timestamp desc',
          'limit 50',
        ],
        width: 8,
        height: 6,
      }),
    );
  }
}
