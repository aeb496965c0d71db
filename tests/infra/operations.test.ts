// CDK assertions on what operators get from the stack: alarms that notify a topic, a dashboard, tracing
// (and its switch), and a retained log group for every function, CDK's helper functions included.
// Configuration-only synthesis (no bundling); stack.test.ts covers the bundled function and cdk-nag.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../infra/constructs/function-defaults.js';
import { createArticlePipelineApp } from '../../infra/stack.js';
import {
  BYTE_METRICS,
  COUNT_METRICS,
  METRICS_NAMESPACE,
  STAGES,
  stageLatencyMetric,
} from '../../functions/shared/metric-names.js';

type Resource = { Type: string; Properties?: Record<string, unknown> };

const cdkContext = (
  JSON.parse(readFileSync(join(REPO_ROOT, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> }
).context;
const outdirs: string[] = [];

function synth(context: Record<string, unknown> = {}) {
  const outdir = mkdtempSync(join(tmpdir(), 'article-pipeline-ops-'));
  outdirs.push(outdir);
  const { app, stack } = createArticlePipelineApp({
    outdir,
    context: { ...cdkContext, ...context, 'aws:cdk:bundling-stacks': [] },
  });
  const assembly = app.synth();
  return Template.fromJSON(assembly.getStackByName(stack.stackName).template as Record<string, unknown>);
}

const resourcesOf = (template: Template, type: string) =>
  Object.entries(template.findResources(type)) as Array<[string, Resource]>;
const processArticleFunctionId = (template: Template) =>
  resourcesOf(template, 'AWS::Lambda::Function').find(
    ([, r]) => (r.Properties?.Environment as { Variables?: Record<string, unknown> })?.Variables?.TABLE_NAME,
  )![0];
const queueIds = (template: Template) => {
  const queues = resourcesOf(template, 'AWS::SQS::Queue');
  return {
    queue: queues.find(([, r]) => r.Properties?.RedrivePolicy)![0],
    deadLetterQueue: queues.find(([, r]) => !r.Properties?.RedrivePolicy)![0],
  };
};

let template: Template;
beforeAll(() => {
  template = synth();
}, 120_000);
afterAll(() => {
  for (const dir of outdirs) rmSync(dir, { recursive: true, force: true });
});

describe('alarms', () => {
  const alarmOn = (metricName: string) =>
    resourcesOf(template, 'AWS::CloudWatch::Alarm').filter(
      ([, a]) => a.Properties?.MetricName === metricName,
    );

  it('watch the DLQ, the age of the oldest queued article, function errors and throttles', () => {
    const fnId = processArticleFunctionId(template);
    const { queue, deadLetterQueue } = queueIds(template);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [deadLetterQueue, 'QueueName'] } }],
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateAgeOfOldestMessage',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queue, 'QueueName'] } }],
      Statistic: 'Maximum',
      Threshold: 900,
      ComparisonOperator: 'GreaterThanThreshold',
    });
    for (const metricName of ['Errors', 'Throttles']) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/Lambda',
        MetricName: metricName,
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: fnId } }],
        Statistic: 'Sum',
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
      });
    }
    expect(alarmOn('Throttles')).toHaveLength(1);
  });

  it('watch the failed-article rate from the function metrics, ignoring quiet periods', () => {
    const fnId = processArticleFunctionId(template);
    const rate = resourcesOf(template, 'AWS::CloudWatch::Alarm').find(([, a]) => a.Properties?.Metrics)!;
    const props = rate[1].Properties as {
      Metrics: Array<{ Id: string; Expression?: string; MetricStat?: { Metric: Record<string, unknown> } }>;
      Threshold: number;
    };
    expect(props.Threshold).toBe(10);
    const expression = props.Metrics.find((m) => m.Expression)!.Expression!;
    expect(expression).toMatch(/^IF\(.+ >= 10, 100 \* FILL\(failed, 0\) \/ \(.+\), 0\)$/);
    const inputs = Object.fromEntries(
      props.Metrics.filter((m) => m.MetricStat).map((m) => [m.Id, m.MetricStat!.Metric]),
    );
    expect(inputs).toEqual({
      failed: expect.objectContaining({
        Namespace: METRICS_NAMESPACE,
        MetricName: COUNT_METRICS.articlesFailed,
      }),
      processed: expect.objectContaining({ MetricName: COUNT_METRICS.articlesProcessed }),
      duplicate: expect.objectContaining({ MetricName: COUNT_METRICS.articlesDuplicate }),
    });
    // Under the dimensions the handler writes (Powertools service + the function's name).
    expect(inputs.failed!.Dimensions).toEqual(
      expect.arrayContaining([
        { Name: 'service', Value: 'article-pipeline' },
        { Name: 'FunctionName', Value: { Ref: fnId } },
      ]),
    );
  });

  it('notify a topic the stack creates (KMS-encrypted, usable by CloudWatch), on alarm and on OK', () => {
    const [topicId, topic] = resourcesOf(template, 'AWS::SNS::Topic')[0]!;
    expect(resourcesOf(template, 'AWS::SNS::Topic')).toHaveLength(1);
    const alarms = resourcesOf(template, 'AWS::CloudWatch::Alarm');
    expect(alarms).toHaveLength(5);
    for (const [, alarm] of alarms) {
      expect(alarm.Properties).toMatchObject({
        AlarmActions: [{ Ref: topicId }],
        OKActions: [{ Ref: topicId }],
      });
    }
    const keyId = (topic.Properties?.KmsMasterKeyId as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    const key = template.findResources('AWS::KMS::Key')[keyId] as Resource;
    expect(key.Properties?.EnableKeyRotation).toBe(true);
    expect(JSON.stringify(key.Properties?.KeyPolicy)).toContain('cloudwatch.amazonaws.com');
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
    template.hasOutput('AlarmTopicArn', { Value: { Ref: topicId } });
    template.resourceCountIs('AWS::SNS::Subscription', 0);
  });

  it('subscribe an e-mail address to the created topic on request', () => {
    const withEmail = synth({ alarmEmail: 'ops@example.com' });
    withEmail.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.com',
    });
  });
});

describe('dashboard', () => {
  it('shows the alarms, queue, function, per-stage latency, sizes, storage and recent errors', () => {
    const [, dashboard] = resourcesOf(template, 'AWS::CloudWatch::Dashboard')[0]!;
    expect(resourcesOf(template, 'AWS::CloudWatch::Dashboard')).toHaveLength(1);
    // The body is a Fn::Join of literal JSON and resource references: the literals carry the layout.
    const body = JSON.stringify(dashboard.Properties?.DashboardBody);
    for (const title of [
      'Alarms',
      'Articles',
      'Failed articles (%)',
      'Ingest queue',
      'Dead-letter queue',
      'Function duration (ms)',
      'Time per article by stage, p95 (ms)',
      'Article sizes, average (bytes)',
      'DynamoDB capacity consumed',
      'Recent warnings and errors',
    ]) {
      expect(body, title).toContain(`\\"title\\":\\"${title}\\"`);
    }
    for (const metric of [
      ...STAGES.map(stageLatencyMetric),
      ...Object.values(BYTE_METRICS),
      'ApproximateAgeOfOldestMessage',
      'Throttles',
      'ConsumedWriteCapacityUnits',
    ]) {
      expect(body, metric).toContain(`\\"${metric}\\"`);
    }
    // Every alarm is on it.
    for (const [alarmId] of resourcesOf(template, 'AWS::CloudWatch::Alarm')) {
      expect(body).toContain(`{"Fn::GetAtt":["${alarmId}","Arn"]}`);
    }
  });
});

describe('tracing', () => {
  it('is on by default: X-Ray active tracing and the Powertools tracer', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      TracingConfig: { Mode: 'Active' },
      Environment: { Variables: Match.objectLike({ POWERTOOLS_TRACE_ENABLED: 'true' }) },
    });
  });

  it('-c tracing=false turns both off', () => {
    const untraced = synth({ tracing: 'false' });
    const fnId = processArticleFunctionId(untraced);
    const fn = untraced.findResources('AWS::Lambda::Function')[fnId] as Resource;
    expect(fn.Properties?.TracingConfig).toBeUndefined();
    expect(fn.Properties?.Environment).toMatchObject({ Variables: { POWERTOOLS_TRACE_ENABLED: 'false' } });
    expect(JSON.stringify(untraced.toJSON())).not.toContain('xray:PutTraceSegments');
  });
});

describe('log groups', () => {
  it('every function, CDK helpers included, logs to a log group of the stack with the retention', () => {
    const functions = resourcesOf(template, 'AWS::Lambda::Function');
    expect(functions.length).toBeGreaterThanOrEqual(3); // process-article, notifications, auto-delete
    const logGroups = template.findResources('AWS::Logs::LogGroup');
    for (const [id, fn] of functions) {
      const ref = (fn.Properties?.LoggingConfig as { LogGroup?: { Ref?: string } } | undefined)?.LogGroup
        ?.Ref;
      expect(ref, id).toBeDefined();
      expect((logGroups[ref!] as Resource).Properties?.RetentionInDays, id).toBe(30);
    }
    for (const [id, group] of Object.entries(logGroups) as Array<[string, Resource]>) {
      expect(group.Properties?.RetentionInDays, id).toBe(30);
    }
  });

  it('take the retention from -c logRetentionDays and refuse one CloudWatch does not offer', () => {
    const week = synth({ logRetentionDays: '7' });
    for (const [, group] of resourcesOf(week, 'AWS::Logs::LogGroup')) {
      expect(group.Properties?.RetentionInDays).toBe(7);
    }
    expect(() => synth({ logRetentionDays: '10' })).toThrow(/logRetentionDays must be one of/);
  });
});
