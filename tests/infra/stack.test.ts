// CDK assertions on the synthesized ArticlePipeline stack. The main app is synthesized once, exactly as
// `cdk synth` does (cdk.json context, real esbuild bundling of the handler, cdk-nag AwsSolutions pack).
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DETAIL_TYPES, EVENT_SOURCE } from '../../events/schemas.js';
import { EmbeddedStack } from '../../infra/local/embedded-stack.js';
import { ResultsClient } from '../../shared/results/client.js';
import type { SqsHandler } from '../../infra/local/sqs-event-source.js';
import { REPO_ROOT } from '../../infra/constructs/function-defaults.js';
import { MODELS_DIR } from '../../infra/constructs/process-article-function.js';
import { configFromContext, createArticlePipelineApp, normaliseIncomingPrefix } from '../../infra/stack.js';
import {
  GSI1,
  GSI1_PROJECTED_ATTRIBUTES,
  LEASE_INDEX,
  LEASE_INDEX_PROJECTED_ATTRIBUTES,
  TABLE_KEYS,
  TTL_ATTRIBUTE,
} from '../../shared/adapters/dynamodb/table-design.js';
import { tableDefinition } from '../../shared/adapters/dynamodb/create-table.js';
import { pipelineVersionFromSources } from '../../shared/adapters/pipeline-version.js';

type Resource = { Type: string; Properties?: Record<string, unknown>; Metadata?: Record<string, unknown> };
type PolicyStatement = { Action: string | string[]; Resource?: unknown; Effect: string; Condition?: unknown };

const cdkJson = JSON.parse(readFileSync(join(REPO_ROOT, 'cdk.json'), 'utf8')) as {
  app: string;
  context: Record<string, unknown>;
};
const outdirs: string[] = [];
const newOutdir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'article-pipeline-cdk-'));
  outdirs.push(dir);
  return dir;
};

/** Synthesizes the app with cdk.json context plus overrides; `bundle: false` skips esbuild (config-only checks). */
function synth(context: Record<string, unknown> = {}, { bundle = true } = {}) {
  const outdir = newOutdir();
  const { app, stack } = createArticlePipelineApp({
    outdir,
    context: { ...cdkJson.context, ...context, ...(bundle ? {} : { 'aws:cdk:bundling-stacks': [] }) },
  });
  const assembly = app.synth();
  const artifact = assembly.getStackByName(stack.stackName);
  return { assembly, stack, template: Template.fromJSON(artifact.template as Record<string, unknown>) };
}

const resourcesOf = (template: Template, type: string) =>
  Object.entries(template.findResources(type)) as Array<[string, Resource]>;
const onlyResource = (template: Template, type: string): [string, Resource] => {
  const found = resourcesOf(template, type);
  expect(found, type).toHaveLength(1);
  return found[0]!;
};
/** The process-article function (the template also holds CDK's notification/auto-delete helpers). */
const processArticleFunction = (template: Template): [string, Resource] => {
  const found = resourcesOf(template, 'AWS::Lambda::Function').filter(
    // The function that publishes (the query API's function reads the table too).
    ([, r]) =>
      (r.Properties?.Environment as { Variables?: Record<string, unknown> })?.Variables?.EVENT_BUS_NAME,
  );
  expect(found).toHaveLength(1);
  return found[0]!;
};
const asArray = <T>(value: T | T[]) => (Array.isArray(value) ? value : [value]);
/** The log group process-article logs to (every function has its own: see tests/infra/operations.test.ts). */
const processArticleLogGroupId = (template: Template): string => {
  const [, fn] = processArticleFunction(template);
  return (fn.Properties?.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref;
};

let main: ReturnType<typeof synth>;
// Bundling + cdk-nag take ~15 s on an idle 2-core machine; leave room for a busy one.
beforeAll(() => {
  main = synth();
}, 180_000);
afterAll(() => {
  for (const dir of outdirs) rmSync(dir, { recursive: true, force: true });
});

describe('cdk.json', () => {
  it('runs the app with tsx and carries the default context', () => {
    expect(cdkJson.app).toBe('npx tsx infra/app.ts');
    expect(cdkJson.context).toMatchObject({ stage: 'dev', incomingPrefix: 'incoming/' });
  });
});

describe('articles bucket', () => {
  it('is private, encrypted, versioned, TLS-only and logs access to the log bucket', () => {
    const { template } = main;
    const buckets = resourcesOf(template, 'AWS::S3::Bucket');
    expect(buckets).toHaveLength(2);
    const articles = buckets.find(([, r]) => r.Properties?.LoggingConfiguration);
    expect(articles, 'bucket with access logging').toBeDefined();
    const [articlesId, articlesBucket] = articles!;
    const [logsId] = buckets.find(([id]) => id !== articlesId)!;
    expect(articlesBucket.Properties).toMatchObject({
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      VersioningConfiguration: { Status: 'Enabled' },
      LoggingConfiguration: { DestinationBucketName: { Ref: logsId } },
    });
    for (const bucketId of [articlesId, logsId]) {
      template.hasResourceProperties('AWS::S3::BucketPolicy', {
        Bucket: { Ref: bucketId },
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Deny',
              Action: 's3:*',
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            }),
          ]),
        },
      });
    }
  });

  it('notifies the ingest queue of created and removed objects under the incoming prefix only', () => {
    const { template } = main;
    const [queueId] = resourcesOf(template, 'AWS::SQS::Queue').find(([, r]) => r.Properties?.RedrivePolicy)!;
    const filter = { Key: { FilterRules: [{ Name: 'prefix', Value: 'incoming/' }] } };
    const queueArn = { 'Fn::GetAtt': [queueId, 'Arn'] };
    template.hasResourceProperties('Custom::S3BucketNotifications', {
      NotificationConfiguration: {
        QueueConfigurations: [
          { Events: ['s3:ObjectCreated:*'], Filter: filter, QueueArn: queueArn },
          { Events: ['s3:ObjectRemoved:*'], Filter: filter, QueueArn: queueArn },
        ],
      },
    });
  });
});

describe('ingest queue', () => {
  it('redrives to a 14-day DLQ after 5 receives, with visibility >= 6x the function timeout', () => {
    const { template } = main;
    const queues = resourcesOf(template, 'AWS::SQS::Queue');
    expect(queues).toHaveLength(2);
    const [, queue] = queues.find(([, r]) => r.Properties?.RedrivePolicy)!;
    const [dlqId, dlq] = queues.find(([, r]) => !r.Properties?.RedrivePolicy)!;
    expect(queue.Properties?.RedrivePolicy).toEqual({
      deadLetterTargetArn: { 'Fn::GetAtt': [dlqId, 'Arn'] },
      maxReceiveCount: 5,
    });
    expect(dlq.Properties?.MessageRetentionPeriod).toBe(14 * 24 * 3600);
    const [, fn] = processArticleFunction(template);
    const timeout = fn.Properties?.Timeout as number;
    expect(queue.Properties?.VisibilityTimeout as number).toBeGreaterThanOrEqual(6 * timeout);
    for (const [, q] of queues) expect(q.Properties?.SqsManagedSseEnabled).toBe(true);
    // Both queues refuse non-TLS access.
    const queuePolicies = resourcesOf(template, 'AWS::SQS::QueuePolicy');
    expect(queuePolicies.length).toBeGreaterThanOrEqual(2);
    const denies = queuePolicies.filter(([, p]) =>
      JSON.stringify(p.Properties?.PolicyDocument).includes('"aws:SecureTransport":"false"'),
    );
    expect(denies.length).toBe(2);
  });
});

describe('process-article function', () => {
  it('is an arm64 nodejs22.x ESM function with tracing, a retained log group and its environment', () => {
    const { template } = main;
    const tableId = onlyResource(template, 'AWS::DynamoDB::Table')[0];
    const busId = onlyResource(template, 'AWS::Events::EventBus')[0];
    const logGroupId = processArticleLogGroupId(template);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      MemorySize: 1024,
      Timeout: 60,
      TracingConfig: { Mode: 'Active' },
      LoggingConfig: Match.objectLike({ LogGroup: { Ref: logGroupId }, LogFormat: 'JSON' }),
      Environment: {
        Variables: Match.objectLike({
          TABLE_NAME: { Ref: tableId },
          EVENT_BUS_NAME: { Ref: busId },
          INCOMING_PREFIX: 'incoming/',
          RESULTS_PREFIX: 'results/',
          ON_OBJECT_REMOVED: 'delete',
          // V8's heap sized to the function's 1024 MB, not to the host (issue 13, bounded memory).
          NODE_OPTIONS: '--max-old-space-size=512 --max-semi-space-size=2',
          PIPELINE_VERSION: JSON.stringify(pipelineVersionFromSources(REPO_ROOT)),
          POWERTOOLS_SERVICE_NAME: 'article-pipeline',
          POWERTOOLS_TRACE_ENABLED: 'true',
          LOG_LEVEL: 'DEBUG',
        }),
      },
    });
    const logGroup = template.findResources('AWS::Logs::LogGroup')[logGroupId] as Resource;
    expect(logGroup.Properties?.RetentionInDays).toBe(30);
  });

  it('consumes the queue in batches of 5 with partial batch responses and bounded concurrency', () => {
    const { template } = main;
    const [queueId] = resourcesOf(template, 'AWS::SQS::Queue').find(([, r]) => r.Properties?.RedrivePolicy)!;
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [queueId, 'Arn'] },
      BatchSize: 5,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: 5 },
    });
  });

  it('has least-privilege permissions scoped to the incoming prefix, the table + gsi1 and the bus', () => {
    const { template } = main;
    const [, fn] = processArticleFunction(template);
    const roleId = (fn.Properties?.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    const role = template.findResources('AWS::IAM::Role')[roleId] as Resource;
    expect(role.Properties?.ManagedPolicyArns, 'no managed policies').toBeUndefined();
    const policies = resourcesOf(template, 'AWS::IAM::Policy').filter(([, p]) =>
      (p.Properties?.Roles as unknown[]).some((r) => JSON.stringify(r) === JSON.stringify({ Ref: roleId })),
    );
    const statements = policies.flatMap(
      ([, p]) => (p.Properties?.PolicyDocument as { Statement: PolicyStatement[] }).Statement,
    );
    const byAction = (action: string) => statements.filter((s) => asArray(s.Action).includes(action));

    // The only "*" resource is X-Ray's, which has no resource-level permissions.
    for (const s of statements) {
      if (asArray(s.Resource).includes('*')) {
        expect(asArray(s.Action).every((a) => a.startsWith('xray:'))).toBe(true);
      }
      expect(asArray(s.Action).some((a) => a.endsWith(':*'))).toBe(false);
    }

    const bucketId = resourcesOf(template, 'AWS::S3::Bucket').find(
      ([, r]) => r.Properties?.LoggingConfiguration,
    )![0];
    const [getObject] = byAction('s3:GetObject').filter((st) => !asArray(st.Action).includes('s3:PutObject'));
    expect(getObject?.Resource).toEqual({
      'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, '/incoming/*']],
    });
    expect(
      statements
        .flatMap((s) => asArray(s.Action))
        .filter((a) => a.startsWith('s3:'))
        .sort(),
    ).toEqual(['s3:DeleteObject', 's3:GetObject', 's3:GetObject', 's3:ListBucket', 's3:PutObject']);
    // Writes go to the results prefix only (large results), never under incoming/.
    const [largeResults] = byAction('s3:PutObject');
    expect(largeResults?.Resource).toEqual({
      'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, '/results/*']],
    });
    const [listBucket] = byAction('s3:ListBucket');
    expect(listBucket?.Condition).toEqual({ StringLike: { 's3:prefix': ['incoming/*'] } });

    const tableId = onlyResource(template, 'AWS::DynamoDB::Table')[0];
    const dynamo = statements.filter((s) => asArray(s.Action).some((a) => a.startsWith('dynamodb:')));
    expect(dynamo).toHaveLength(1);
    expect(asArray(dynamo[0]!.Action)).toEqual(
      expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:Query']),
    );
    expect(dynamo[0]!.Resource).toEqual([
      { 'Fn::GetAtt': [tableId, 'Arn'] },
      { 'Fn::Join': ['', [{ 'Fn::GetAtt': [tableId, 'Arn'] }, `/index/${GSI1.indexName}`]] },
    ]);

    const busId = onlyResource(template, 'AWS::Events::EventBus')[0];
    expect(byAction('events:PutEvents').map((s) => s.Resource)).toEqual([{ 'Fn::GetAtt': [busId, 'Arn'] }]);

    const logGroupId = processArticleLogGroupId(template);
    expect(byAction('logs:PutLogEvents').map((s) => s.Resource)).toEqual([
      { 'Fn::GetAtt': [logGroupId, 'Arn'] },
    ]);
  });
});

describe('bundle', () => {
  type BundledModule = { handler?: SqsHandler };
  let bundleDir: string;
  let bundled: BundledModule;

  beforeAll(async () => {
    const [, fn] = processArticleFunction(main.template);
    const key = (fn.Properties?.Code as { S3Key: string }).S3Key;
    bundleDir = join(main.assembly.directory, `asset.${key.replace(/\.zip$/, '')}`);
    // Quiet Powertools while the bundle's logger and metrics are constructed (at import).
    const quiet = {
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      LOG_LEVEL: 'SILENT',
      POWERTOOLS_METRICS_DISABLED: 'true',
    };
    const saved = Object.fromEntries(Object.keys(quiet).map((k) => [k, process.env[k]]));
    Object.assign(process.env, quiet);
    try {
      bundled = (await import(pathToFileURL(join(bundleDir, 'index.mjs')).href)) as BundledModule;
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  }, 120_000);

  it('is an ESM index.mjs with the require shim that imports cleanly and exports the handler', () => {
    const code = readFileSync(join(bundleDir, 'index.mjs'), 'utf8');
    expect(
      code.startsWith(
        "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
      ),
    ).toBe(true);
    // Importing it (beforeAll) already caught esbuild problems that only show at runtime (unresolved
    // dynamic requires, CJS/ESM interop). The handler builds its clients lazily: nothing was contacted.
    expect(typeof bundled.handler).toBe('function');
  });

  it('ships no source map, and minified code (a cold start loads every byte of it)', () => {
    expect(readdirSync(bundleDir).filter((f) => f.endsWith('.map'))).toEqual([]);
    const code = readFileSync(join(bundleDir, 'index.mjs'), 'utf8');
    expect(code).not.toContain('sourceMappingURL');
    // Minified: few line breaks for megabytes of code.
    expect(code.split('\n').length).toBeLessThan(code.length / 2000);
    const [, fn] = processArticleFunction(main.template);
    expect(JSON.stringify(fn.Properties?.Environment)).not.toContain('enable-source-maps');
  });

  it.skipIf(!existsSync(MODELS_DIR) || readdirSync(MODELS_DIR).length === 0)(
    'carries the NLP model files next to index.mjs (not their manifests)',
    () => {
      const expected = readdirSync(MODELS_DIR)
        .filter((name) => !name.endsWith('.manifest.json'))
        .sort();
      expect(readdirSync(join(bundleDir, 'models')).sort()).toEqual(expected);
      for (const name of expected) {
        expect(
          readFileSync(join(bundleDir, 'models', name)).equals(readFileSync(join(MODELS_DIR, name))),
        ).toBe(true);
      }
    },
  );

  it('stays within the 5 MB package target of issue 14, unzipped, models included', () => {
    const sizes = (dir: string): number[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? sizes(join(dir, e.name)) : [statSync(join(dir, e.name)).size],
      );
    const total = sizes(bundleDir).reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(1e6); // the code and the models are there
    expect(total).toBeLessThanOrEqual(5e6);
  });

  it('processes the example article end to end (emulated S3 -> SQS -> bundled handler -> DynamoDB + bus)', async () => {
    // The deployable artifact, not the source: this is where a missing models/ dir or a bundling
    // problem in a lazily loaded module would show.
    const local = new EmbeddedStack({ stateDir: newOutdir(), handler: bundled.handler! });
    await local.start();
    try {
      const events: Array<{ detailType: string; detail: Record<string, unknown> }> = [];
      local.onEvent((e) =>
        events.push({ detailType: e['detail-type'], detail: e.detail as Record<string, unknown> }),
      );
      const key = `${local.resources.incomingPrefix}belarus-russia-partners.txt`;
      await local.s3Client().send(
        new PutObjectCommand({
          Bucket: local.resources.bucket,
          Key: key,
          Body: readFileSync(join(REPO_ROOT, 'examples', 'belarus-russia-partners.txt')),
          ContentType: 'text/plain; charset=utf-8',
        }),
      );
      await local.waitForIdle(60_000);

      const kinds = events.map((e) => e.detailType);
      expect(kinds).not.toContain(DETAIL_TYPES.articleFailed);
      expect(kinds.filter((k) => k === DETAIL_TYPES.articleProcessed)).toHaveLength(1);
      const statementEvents = events.filter((e) => e.detailType === DETAIL_TYPES.statementProcessed);
      expect(statementEvents.length).toBeGreaterThan(3);
      const articleId = statementEvents[0]!.detail.articleId as string;
      const results = new ResultsClient({
        tableName: local.resources.table,
        documentClient: local.documentClient(),
      });
      const stored = await results.getResult(articleId);
      expect(stored?.article.status).toBe('PROCESSED');
      expect(stored?.stored?.analysis.statements).toHaveLength(statementEvents.length);
    } finally {
      await local.stop();
    }
  }, 120_000);
});

describe('results table and event bus', () => {
  it('uses the shared single-table design: keys, a sparse gsi1 projecting only listing attributes, a sparse lease index, TTL, on-demand, PITR, encryption', () => {
    main.template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: TABLE_KEYS.partitionKey, KeyType: 'HASH' },
        { AttributeName: TABLE_KEYS.sortKey, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: GSI1.indexName,
          KeySchema: [
            { AttributeName: GSI1.partitionKey, KeyType: 'HASH' },
            { AttributeName: GSI1.sortKey, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: [...GSI1_PROJECTED_ATTRIBUTES] },
        },
        {
          IndexName: LEASE_INDEX.indexName,
          KeySchema: [
            { AttributeName: LEASE_INDEX.partitionKey, KeyType: 'HASH' },
            { AttributeName: LEASE_INDEX.sortKey, KeyType: 'RANGE' },
          ],
          Projection: {
            ProjectionType: 'INCLUDE',
            NonKeyAttributes: [...LEASE_INDEX_PROJECTED_ATTRIBUTES],
          },
        },
      ],
      AttributeDefinitions: Match.arrayWith([
        { AttributeName: GSI1.partitionKey, AttributeType: 'S' },
        { AttributeName: GSI1.sortKey, AttributeType: 'S' },
        { AttributeName: LEASE_INDEX.partitionKey, AttributeType: 'S' },
        { AttributeName: LEASE_INDEX.sortKey, AttributeType: 'S' },
      ]),
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true },
      TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
    });
  });

  it('matches the table the embedded stack and the tests create (create-table.ts)', () => {
    const [, table] = onlyResource(main.template, 'AWS::DynamoDB::Table');
    const local = tableDefinition('t');
    expect(table.Properties?.KeySchema).toEqual(local.KeySchema);
    expect(table.Properties?.GlobalSecondaryIndexes).toEqual(local.GlobalSecondaryIndexes);
    expect(new Set(table.Properties?.AttributeDefinitions as unknown[])).toEqual(
      new Set(local.AttributeDefinitions),
    );
  });

  it('dev stage destroys data with the stack; prod retains it with deletion protection', () => {
    const [, devTable] = onlyResource(main.template, 'AWS::DynamoDB::Table');
    expect(devTable.Properties?.DeletionProtectionEnabled).toBe(false);
    const prod = synth({ stage: 'prod' }, { bundle: false });
    expect(prod.stack.stackName).toBe('ArticlePipeline-prod');
    const [, prodTable] = onlyResource(prod.template, 'AWS::DynamoDB::Table');
    expect(prodTable.Properties?.DeletionProtectionEnabled).toBe(true);
    expect((prodTable as { DeletionPolicy?: string }).DeletionPolicy).toBe('Retain');
    for (const [, bucket] of resourcesOf(prod.template, 'AWS::S3::Bucket')) {
      expect((bucket as { DeletionPolicy?: string }).DeletionPolicy).toBe('Retain');
    }
    expect(prod.template.findResources('Custom::S3AutoDeleteObjects')).toEqual({});
  });

  it('creates the named bus and archives the pipeline events', () => {
    const busId = onlyResource(main.template, 'AWS::Events::EventBus')[0];
    main.template.hasResourceProperties('AWS::Events::EventBus', { Name: 'article-pipeline' });
    main.template.hasResourceProperties('AWS::Events::Archive', {
      SourceArn: { 'Fn::GetAtt': [busId, 'Arn'] },
      EventPattern: { source: [EVENT_SOURCE] },
    });
  });
});

describe('alarms and outputs', () => {
  it('alarms on any message in the DLQ and on function errors', () => {
    const { template } = main;
    const [dlqId] = resourcesOf(template, 'AWS::SQS::Queue').find(([, r]) => !r.Properties?.RedrivePolicy)!;
    const [fnId] = processArticleFunction(template);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [dlqId, 'QueueName'] } }],
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: fnId } }],
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
    });
  });

  it('exports the names and URLs a user needs', () => {
    const outputs = Object.keys(main.template.findOutputs('*'));
    expect(outputs).toEqual(
      expect.arrayContaining([
        'BucketName',
        'IncomingPrefix',
        'TableName',
        'EventBusName',
        'QueueUrl',
        'DeadLetterQueueUrl',
        'FunctionName',
      ]),
    );
    main.template.hasOutput('IncomingPrefix', { Value: 'incoming/' });
  });
});

describe('cdk-nag (AwsSolutions)', () => {
  it('has no unacknowledged findings, and every acknowledgement is recorded with its reason', () => {
    // synth() above would have thrown on any unacknowledged finding; the report lists none.
    const report = JSON.parse(
      readFileSync(join(main.assembly.directory, 'validation-report.json'), 'utf8'),
    ) as {
      pluginReports: Array<{ violations: unknown[] }>;
    };
    expect(report.pluginReports.flatMap((r) => r.violations)).toEqual([]);
    const acknowledged = Object.values(main.template.toJSON().Resources as Record<string, Resource>).flatMap(
      (r) =>
        (r.Metadata?.cdk_nag as { rules_to_suppress?: Array<{ id: string; reason: string }> })
          ?.rules_to_suppress ?? [],
    );
    const ids = [...new Set(acknowledged.map((a) => a.id))];
    // Exactly these, so a new finding cannot slip in via a broad acknowledgement.
    expect(ids).toHaveLength(6);
    expect(ids).toEqual(
      expect.arrayContaining([
        'AwsSolutions-S1', // on the access-log bucket only
        'AwsSolutions-L1', // nodejs22.x on purpose
        'AwsSolutions-IAM5[Resource::*]', // X-Ray
        expect.stringMatching(/^AwsSolutions-IAM5\[Resource::<ArticlesBucket\w+\.Arn>\/incoming\/\*\]$/),
        expect.stringMatching(/^AwsSolutions-IAM5\[Resource::<ArticlesBucket\w+\.Arn>\/results\/\*\]$/),
        'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      ]),
    );
    for (const a of acknowledged) expect(a.reason.length).toBeGreaterThan(20);
  });

  it('fails synthesis on an unacknowledged finding (the check is live)', () => {
    const app = new App({ outdir: newOutdir() });
    new s3.Bucket(new Stack(app, 'NagControl'), 'PlainBucket');
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    expect(() => app.synth()).toThrow(/AwsSolutions-S1/);
  });
});

describe('configuration', () => {
  it('normalises the incoming prefix and refuses an empty one', () => {
    expect(normaliseIncomingPrefix('/uploads')).toBe('uploads/');
    expect(normaliseIncomingPrefix('a/b//')).toBe('a/b/');
    expect(() => normaliseIncomingPrefix(' / ')).toThrow(/must not be empty/);
  });

  it('rejects context values that would synthesize a broken stack', () => {
    const config = (context: Record<string, unknown>) => configFromContext(new App({ context }).node);
    expect(config({}).functionTimeout.toSeconds()).toBe(60);
    expect(config({ functionTimeoutSeconds: 30, maxConcurrency: '10' })).toMatchObject({
      maxConcurrency: 10,
    });
    expect(() => config({ functionTimeoutSeconds: 'abc' })).toThrow(
      /functionTimeoutSeconds must be an integer/,
    );
    expect(() => config({ functionTimeoutSeconds: 901 })).toThrow(/from 1 to 900/);
    expect(() => config({ maxConcurrency: 1 })).toThrow(/maxConcurrency must be an integer from 2/);
    expect(() => config({ stage: 'my stage' })).toThrow(/stage must be letters/);
  });

  it('provisions the table and its indexes with auto scaling when asked, nag clean', () => {
    const { template } = synth(
      { tableBilling: 'provisioned', tableMaxWriteCapacity: '400', tableTargetUtilization: '60' },
      { bundle: false },
    );
    const [, table] = onlyResource(template, 'AWS::DynamoDB::Table');
    // CloudFormation's default billing mode is PROVISIONED: CDK leaves it out and sets the throughput.
    expect(table.Properties?.BillingMode).toBeUndefined();
    const startAt = { ReadCapacityUnits: 5, WriteCapacityUnits: 5 };
    expect(table.Properties?.ProvisionedThroughput).toEqual(startAt);
    const indexes = table.Properties?.GlobalSecondaryIndexes as Array<Record<string, unknown>>;
    expect(indexes.map((i) => i.ProvisionedThroughput)).toEqual([startAt, startAt]);
    // Reads and writes of the table and of each index (listing, leases), each tracked at the target.
    const targets = resourcesOf(template, 'AWS::ApplicationAutoScaling::ScalableTarget').map(
      ([, r]) => r.Properties as { ScalableDimension: string; MinCapacity: number; MaxCapacity: number },
    );
    expect(targets.map((t) => t.ScalableDimension).sort()).toEqual([
      'dynamodb:index:ReadCapacityUnits',
      'dynamodb:index:ReadCapacityUnits',
      'dynamodb:index:WriteCapacityUnits',
      'dynamodb:index:WriteCapacityUnits',
      'dynamodb:table:ReadCapacityUnits',
      'dynamodb:table:WriteCapacityUnits',
    ]);
    for (const t of targets.filter((x) => x.ScalableDimension.endsWith('WriteCapacityUnits'))) {
      expect([t.MinCapacity, t.MaxCapacity]).toEqual([5, 400]);
    }
    const policies = resourcesOf(template, 'AWS::ApplicationAutoScaling::ScalingPolicy');
    expect(policies).toHaveLength(6);
    for (const [, p] of policies) {
      expect(p.Properties?.TargetTrackingScalingPolicyConfiguration).toMatchObject({ TargetValue: 60 });
    }
  });

  it('stays on demand by default, with no auto scaling', () => {
    main.template.resourceCountIs('AWS::ApplicationAutoScaling::ScalableTarget', 0);
    const config = (context: Record<string, unknown>) => configFromContext(new App({ context }).node);
    expect(config({}).tableCapacity).toEqual({ mode: 'on-demand' });
    expect(() => config({ tableBilling: 'reserved' })).toThrow(
      /tableBilling must be "on-demand" or "provisioned"/,
    );
    expect(() =>
      config({ tableBilling: 'provisioned', tableMinWriteCapacity: 50, tableMaxWriteCapacity: 10 }),
    ).toThrow(/minimum is above its maximum/);
  });

  it('derives the queue visibility from a custom timeout and notifies an existing alarm topic', () => {
    const topicArn = 'arn:aws:sns:eu-west-1:123456789012:ops-alerts';
    const { template } = synth({ functionTimeoutSeconds: '30', alarmTopicArn: topicArn }, { bundle: false });
    const [, fn] = processArticleFunction(template);
    expect(fn.Properties?.Timeout).toBe(30);
    const [, queue] = resourcesOf(template, 'AWS::SQS::Queue').find(([, r]) => r.Properties?.RedrivePolicy)!;
    expect(queue.Properties?.VisibilityTimeout).toBe(180);
    const alarms = resourcesOf(template, 'AWS::CloudWatch::Alarm');
    expect(alarms).toHaveLength(5);
    for (const [, alarm] of alarms) {
      expect(alarm.Properties).toMatchObject({ AlarmActions: [topicArn], OKActions: [topicArn] });
    }
    template.resourceCountIs('AWS::SNS::Topic', 0);
  });

  it('uses a custom prefix everywhere: notification filter, IAM, environment and output', () => {
    const { template } = synth({ incomingPrefix: 'uploads' }, { bundle: false });
    template.hasResourceProperties('Custom::S3BucketNotifications', {
      NotificationConfiguration: {
        QueueConfigurations: [
          Match.objectLike({ Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'uploads/' }] } } }),
          Match.objectLike({ Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'uploads/' }] } } }),
        ],
      },
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ INCOMING_PREFIX: 'uploads/' }) },
    });
    expect(JSON.stringify(template.toJSON())).toContain('/uploads/*');
    expect(JSON.stringify(template.toJSON())).not.toContain('incoming/');
  });

  it('localstack=true: path-style S3 and no archive or X-Ray', () => {
    const { template } = synth({ localstack: 'true' }, { bundle: false });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ S3_FORCE_PATH_STYLE: 'true' }) },
    });
    template.resourceCountIs('AWS::Events::Archive', 0);
    const [, fn] = processArticleFunction(template);
    expect(fn.Properties?.TracingConfig).toBeUndefined();
    const [, mainFn] = processArticleFunction(main.template);
    expect(JSON.stringify(mainFn.Properties?.Environment)).not.toContain('S3_FORCE_PATH_STYLE');
  });
});
