// CDK assertions on the consumer side of the stack: the schema registry with the published event
// schemas, one-line subscriptions, and the README's example consumer (quotes by one speaker into an
// SQS queue, in a stack of its own) synthesised with the app's cdk-nag checks.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishedSchemas } from '../../events/schema-files.js';
import { DETAIL_TYPES, EVENT_SOURCE, type StatementProcessedDetail } from '../../events/schemas.js';
import { REPO_ROOT } from '../../infra/constructs/function-defaults.js';
import { PipelineSubscriptions } from '../../infra/constructs/pipeline-subscriptions.js';
import { createArticlePipelineApp } from '../../infra/stack.js';

const cdkJson = JSON.parse(readFileSync(join(REPO_ROOT, 'cdk.json'), 'utf8')) as {
  context: Record<string, unknown>;
};
const outdirs: string[] = [];
const SPEAKER = 'Alexander Lukashenko';

/** The app as `cdk synth -c speakerQuotesConsumer=…` builds it (no esbuild bundling: config only). */
function synthWithConsumer() {
  const outdir = mkdtempSync(join(tmpdir(), 'article-pipeline-subs-'));
  outdirs.push(outdir);
  const { app, stack, consumer } = createArticlePipelineApp({
    outdir,
    context: { ...cdkJson.context, speakerQuotesConsumer: SPEAKER, 'aws:cdk:bundling-stacks': [] },
  });
  // One-line subscriptions on the pipeline itself, for the other two event types.
  const failures = new sqs.Queue(stack, 'FailuresForTest', {
    enforceSSL: true,
    deadLetterQueue: {
      queue: new sqs.Queue(stack, 'FailuresForTestDlq', { enforceSSL: true }),
      maxReceiveCount: 5,
    },
  });
  stack.onArticleFailed('FailuresRule', new targets.SqsQueue(failures), {
    pattern: { error: { code: [{ 'anything-but': 'EMPTY_INPUT' }] } },
  });
  stack.onArticleProcessed('ArticlesRule', new targets.SqsQueue(failures));
  // synth() runs cdk-nag on every stack and throws on an unacknowledged finding.
  const assembly = app.synth();
  const templateOf = (s: Stack) =>
    Template.fromJSON(assembly.getStackByName(s.stackName).template as Record<string, unknown>);
  return {
    assembly,
    stack,
    consumer: consumer!,
    pipeline: templateOf(stack),
    consumerTemplate: templateOf(consumer!),
  };
}

let synthesized: ReturnType<typeof synthWithConsumer>;
beforeAll(() => {
  synthesized = synthWithConsumer();
}, 180_000);
afterAll(() => {
  for (const dir of outdirs) rmSync(dir, { recursive: true, force: true });
});

describe('event schema registry', () => {
  it('publishes every event schema, as JSON Schema draft 4, in a registry named like the bus', () => {
    const { pipeline } = synthesized;
    const registries = pipeline.findResources('AWS::EventSchemas::Registry');
    expect(
      Object.values(registries).map(
        (r) => (r as { Properties: { RegistryName: string } }).Properties.RegistryName,
      ),
    ).toEqual(['article-pipeline']);
    const [registryId] = Object.keys(registries);
    const schemas = Object.values(pipeline.findResources('AWS::EventSchemas::Schema')) as Array<{
      Properties: { SchemaName: string; Type: string; Content: string; RegistryName: unknown };
    }>;
    expect(schemas.map((s) => s.Properties.SchemaName).sort()).toEqual([
      'article-pipeline@ArticleDeleted',
      'article-pipeline@ArticleFailed',
      'article-pipeline@ArticleProcessed',
      'article-pipeline@StatementProcessed',
    ]);
    for (const schema of schemas) {
      expect(schema.Properties.Type).toBe('JSONSchemaDraft4');
      expect(schema.Properties.RegistryName).toEqual({ 'Fn::GetAtt': [registryId, 'RegistryName'] });
      const published = publishedSchemas().find(
        (p) => `article-pipeline@${p.detailType.replace(/ /g, '')}` === schema.Properties.SchemaName,
      )!;
      expect(JSON.parse(schema.Properties.Content)).toEqual(JSON.parse(published.content));
    }
  });

  it('is left out on LocalStack (-c localstack=true), unless asked for', () => {
    for (const [context, expected] of [
      [{ localstack: 'true' }, 0],
      [{ localstack: 'true', schemaRegistry: 'true' }, 1],
    ] as const) {
      const outdir = mkdtempSync(join(tmpdir(), 'article-pipeline-subs-'));
      outdirs.push(outdir);
      const { app, stack } = createArticlePipelineApp({
        outdir,
        context: { ...cdkJson.context, ...context, 'aws:cdk:bundling-stacks': [] },
      });
      const template = Template.fromJSON(
        app.synth().getStackByName(stack.stackName).template as Record<string, unknown>,
      );
      template.resourceCountIs('AWS::EventSchemas::Registry', expected);
    }
  });
});

describe('subscriptions', () => {
  it('onArticleFailed / onArticleProcessed: a rule on the bus for the detail type, with the detail pattern', () => {
    const { pipeline } = synthesized;
    const busId = Object.keys(pipeline.findResources('AWS::Events::EventBus'))[0]!;
    pipeline.hasResourceProperties('AWS::Events::Rule', {
      EventBusName: { Ref: busId },
      EventPattern: {
        source: [EVENT_SOURCE],
        'detail-type': [DETAIL_TYPES.articleFailed],
        detail: { error: { code: [{ 'anything-but': 'EMPTY_INPUT' }] } },
      },
      State: 'ENABLED',
    });
    pipeline.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { source: [EVENT_SOURCE], 'detail-type': [DETAIL_TYPES.articleProcessed] },
    });
  });

  it('builds the same pattern `article-pipeline events --pattern` takes', () => {
    const stack = new Stack();
    const pattern = PipelineSubscriptions.eventPattern<StatementProcessedDetail>(
      DETAIL_TYPES.statementProcessed,
      {
        quotes: { speaker: { name: [SPEAKER] } },
      },
    );
    expect(stack.resolve(pattern)).toEqual({
      source: [EVENT_SOURCE],
      detailType: [DETAIL_TYPES.statementProcessed],
      detail: { quotes: { speaker: { name: [SPEAKER] } } },
    });
  });
});

describe('example consumer: quotes by one speaker into an SQS queue', () => {
  it('has a rule in its own stack on the pipeline bus that sends matching statements to its queue', () => {
    const { consumerTemplate: t } = synthesized;
    const queues = Object.entries(t.findResources('AWS::SQS::Queue')) as Array<
      [string, { Properties?: Record<string, unknown> }]
    >;
    const [queueId] = queues.find(([, q]) => q.Properties?.RedrivePolicy)!;
    const [dlqId] = queues.find(([id]) => id !== queueId)!;
    t.hasResourceProperties('AWS::Events::Rule', {
      EventBusName: Match.anyValue(),
      EventPattern: {
        source: [EVENT_SOURCE],
        'detail-type': [DETAIL_TYPES.statementProcessed],
        detail: { quotes: { speaker: { name: [SPEAKER] } } },
      },
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [queueId, 'Arn'] },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [dlqId, 'Arn'] } },
        }),
      ],
    });
    // The bus is the pipeline stack's (a cross-stack reference), so the consumer deploys after it.
    const [rule] = Object.values(t.findResources('AWS::Events::Rule')) as Array<{
      Properties: { EventBusName: unknown };
    }>;
    expect(JSON.stringify(rule!.Properties.EventBusName)).toMatch(
      /ArticlePipeline-dev.*EventBus|EventBus.*ArticlePipeline-dev/,
    );
    expect(synthesized.consumer.dependencies.map((d) => d.stackName)).toContain('ArticlePipeline-dev');
    // Only EventBridge, for this rule, may send to the queue.
    const [ruleId] = Object.keys(t.findResources('AWS::Events::Rule'));
    t.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: Match.arrayWith([{ Ref: queueId }]),
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Action: Match.arrayWith(['sqs:SendMessage']),
            Principal: { Service: 'events.amazonaws.com' },
            Condition: { ArnEquals: { 'aws:SourceArn': { 'Fn::GetAtt': [ruleId, 'Arn'] } } },
          }),
        ]),
      },
    });
  });

  it('is cdk-nag clean without acknowledgements', () => {
    const { assembly, consumerTemplate } = synthesized;
    const report = JSON.parse(readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8')) as {
      pluginReports: Array<{ violations: unknown[] }>;
    };
    expect(report.pluginReports.flatMap((r) => r.violations)).toEqual([]);
    const acknowledged = Object.values(
      consumerTemplate.toJSON().Resources as Record<string, { Metadata?: { cdk_nag?: unknown } }>,
    ).filter((r) => r.Metadata?.cdk_nag);
    expect(acknowledged).toEqual([]);
  });
});
