// CDK assertions on the scheduled reconcile: an hourly rule invokes functions/reconcile, whose role may
// list the incoming prefix, read (GetItem, Query of the lease index) the table and send to the ingest queue — nothing else;
// cdk-nag clean. And the handler itself, over fakes of its ports: it reports what it re-enqueued.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, describe, expect, it } from 'vitest';
import { createHandler } from '../../functions/reconcile/handler.js';
import { REPO_ROOT } from '../../infra/constructs/function-defaults.js';
import { RECONCILE_ENTRY } from '../../infra/constructs/reconcile-function.js';
import { createArticlePipelineApp } from '../../infra/stack.js';
import { GSI1, LEASE_INDEX } from '../../shared/adapters/dynamodb/table-design.js';
import type { SourceRef } from '../../shared/app/ports.js';
import { fakeWorld } from '../fakes/index.js';

type Resource = { Type: string; Properties?: Record<string, unknown> };
type Statement = { Sid?: string; Action: string | string[]; Resource?: unknown; Condition?: unknown };

const cdkJson = JSON.parse(readFileSync(join(REPO_ROOT, 'cdk.json'), 'utf8')) as {
  context: Record<string, unknown>;
};
const outdirs: string[] = [];
afterAll(() => {
  for (const dir of outdirs) rmSync(dir, { recursive: true, force: true });
});

function synth() {
  const outdir = mkdtempSync(join(tmpdir(), 'reconcile-cdk-'));
  outdirs.push(outdir);
  const { app, stack } = createArticlePipelineApp({
    outdir,
    context: { ...cdkJson.context, 'aws:cdk:bundling-stacks': [] },
  });
  const assembly = app.synth();
  const template = Template.fromJSON(
    assembly.getStackByName(stack.stackName).template as Record<string, unknown>,
  );
  return { assembly, template };
}

const resources = (template: Template, type: string) =>
  Object.entries(template.findResources(type)) as Array<[string, Resource]>;

describe('scheduled reconcile (CDK)', () => {
  const { assembly, template } = synth();
  const [fnId, fn] = resources(template, 'AWS::Lambda::Function').find(([id]) => id.startsWith('Reconcile'))!;

  it('runs the reconcile function every hour', () => {
    const rules = resources(template, 'AWS::Events::Rule').filter(([id]) => id.startsWith('Reconcile'));
    expect(rules).toHaveLength(1);
    const rule = rules[0]![1].Properties!;
    expect(rule.ScheduleExpression).toBe('rate(1 hour)');
    expect(JSON.stringify(rule.Targets)).toContain(fnId);
    const permission = resources(template, 'AWS::Lambda::Permission').find(([, p]) =>
      JSON.stringify(p.Properties?.FunctionName).includes(fnId),
    );
    expect(permission?.[1].Properties?.Principal).toBe('events.amazonaws.com');
  });

  it('knows the bucket, prefix, table and queue, and leaves 15-minute-old work alone', () => {
    const env = (fn.Properties?.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(Object.keys(env)).toEqual(
      expect.arrayContaining(['ARTICLES_BUCKET', 'INCOMING_PREFIX', 'TABLE_NAME', 'QUEUE_URL']),
    );
    expect(env.INCOMING_PREFIX).toBe('incoming/');
    expect(env.RECONCILE_MIN_AGE_SECONDS).toBe('900');
    expect(fn.Properties?.Runtime).toBe('nodejs22.x');
    expect(RECONCILE_ENTRY.endsWith(join('functions', 'reconcile', 'handler.ts'))).toBe(true);
  });

  it('may list the incoming prefix, read the table and send to the ingest queue, nothing more', () => {
    const roleRef = (fn.Properties?.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    const statements = resources(template, 'AWS::IAM::Policy')
      .filter(([, p]) => (p.Properties?.Roles as Array<{ Ref: string }>).some((r) => r.Ref === roleRef))
      .flatMap(([, p]) => (p.Properties?.PolicyDocument as { Statement: Statement[] }).Statement);
    const bySid: Record<string, Statement | undefined> = Object.fromEntries(
      statements.filter((s) => s.Sid).map((s) => [s.Sid, s]),
    );
    expect(bySid.ListIncoming).toMatchObject({
      Action: 's3:ListBucket',
      Condition: { StringLike: { 's3:prefix': ['incoming/*'] } },
    });
    expect([bySid.ReadRecords?.Action].flat().sort()).toEqual(['dynamodb:GetItem', 'dynamodb:Query']);
    // The table and the lease index, not the listing index (and no Scan: it would read the whole table).
    expect(JSON.stringify(bySid.ReadRecords?.Resource)).toContain(`/index/${LEASE_INDEX.indexName}`);
    expect(JSON.stringify(bySid.ReadRecords?.Resource)).not.toContain(`/index/${GSI1.indexName}`);
    expect(bySid.Requeue?.Action).toBe('sqs:SendMessage');
    const actions = statements.flatMap((s) => [s.Action].flat());
    expect(actions.filter((a) => /^(s3|dynamodb|sqs):/.test(a)).sort()).toEqual([
      'dynamodb:GetItem',
      'dynamodb:Query',
      's3:ListBucket',
      'sqs:SendMessage',
    ]);
    expect(actions.some((a) => a.includes('*'))).toBe(false);
  });

  it('has no unacknowledged cdk-nag findings', () => {
    const report = JSON.parse(readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8')) as {
      pluginReports: Array<{ violations: unknown[] }>;
    };
    expect(report.pluginReports.flatMap((r) => r.violations)).toEqual([]);
  });
});

describe('reconcile handler', () => {
  it('re-enqueues through its ports and returns the report', async () => {
    const w = fakeWorld();
    w.objects.put('articles', 'incoming/a.txt', 'The mayor said the bridge will open.');
    const sent: SourceRef[] = [];
    const handler = createHandler(() => ({
      options: { bucket: 'articles', incomingPrefix: 'incoming/', minAgeMs: 0 },
      deps: {
        objects: w.objects,
        repo: w.repo,
        requeuer: { requeue: async (s) => void sent.push(...s) },
        clock: w.clock,
      },
    }));
    const report = await handler();
    expect(report.requeued).toEqual([{ bucket: 'articles', key: 'incoming/a.txt', reason: 'unrecorded' }]);
    expect(sent).toEqual([{ bucket: 'articles', key: 'incoming/a.txt' }]);
  });
});
