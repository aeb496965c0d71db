// CDK assertions on the query API: HTTP API routes (one per query), IAM authorisation by default (JWT
// on request), read-only table access, stage throttling and access logs; cdk-nag clean.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { afterAll, describe, expect, it } from 'vitest';
import { QUERY_ROUTES } from '../../functions/query-api/routes.js';
import { REPO_ROOT } from '../../infra/constructs/function-defaults.js';
import { createArticlePipelineApp } from '../../infra/stack.js';

type Resource = { Type: string; Properties?: Record<string, unknown> };
type Statement = { Action: string | string[]; Resource?: unknown; Effect: string };

const cdkJson = JSON.parse(readFileSync(join(REPO_ROOT, 'cdk.json'), 'utf8')) as {
  context: Record<string, unknown>;
};
const outdirs: string[] = [];
afterAll(() => {
  for (const dir of outdirs) rmSync(dir, { recursive: true, force: true });
});

/** The app as `cdk synth` builds it (cdk-nag included: a finding throws), without esbuild bundling. */
function synth(context: Record<string, unknown> = {}) {
  const outdir = mkdtempSync(join(tmpdir(), 'query-api-cdk-'));
  outdirs.push(outdir);
  const { app, stack } = createArticlePipelineApp({
    outdir,
    context: { ...cdkJson.context, ...context, 'aws:cdk:bundling-stacks': [] },
  });
  const assembly = app.synth();
  const template = Template.fromJSON(
    assembly.getStackByName(stack.stackName).template as Record<string, unknown>,
  );
  return { app, stack, assembly, template };
}

const resources = (template: Template, type: string) =>
  Object.entries(template.findResources(type)) as Array<[string, Resource]>;

describe('query API stack', () => {
  const main = synth();

  it('routes every query (and only those) to the query-api function, IAM-authorised', () => {
    const routes = resources(main.template, 'AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties!);
    const keys = routes.map((r) => r.RouteKey as string).sort();
    expect(keys).toEqual([...QUERY_ROUTES.map((r) => `GET ${r.path}`), 'GET /openapi.json'].sort());
    for (const route of routes) expect(route.AuthorizationType).toBe('AWS_IAM');
    main.template.hasResourceProperties('AWS::ApiGatewayV2::Api', { ProtocolType: 'HTTP' });
    main.template.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
      IntegrationType: 'AWS_PROXY',
      PayloadFormatVersion: '2.0',
    });
    main.template.hasOutput('QueryApiUrl', {});
  });

  it('gives the function read-only access to the table: no writes, no scans', () => {
    const [roleId] = resources(main.template, 'AWS::IAM::Role').find(([id]) =>
      id.startsWith('QueryApiRole'),
    )!;
    const policies = resources(main.template, 'AWS::IAM::Policy').filter(([, p]) =>
      (p.Properties?.Roles as Array<{ Ref: string }>).some((r) => r.Ref === roleId),
    );
    const actions = policies
      .flatMap(([, p]) => (p.Properties?.PolicyDocument as { Statement: Statement[] }).Statement)
      .flatMap((s) => [s.Action].flat());
    const dynamo = actions.filter((a) => a.startsWith('dynamodb:')).sort();
    expect(dynamo).toEqual(['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:Query']);
    expect(actions.filter((a) => a.startsWith('s3:'))).toEqual(['s3:GetObject']);
  });

  it('throttles the stage and writes JSON access logs with the request id', () => {
    const [, stage] = resources(main.template, 'AWS::ApiGatewayV2::Stage')[0]!;
    expect(stage.Properties).toMatchObject({
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
    });
    const format = JSON.parse((stage.Properties?.AccessLogSettings as { Format: string }).Format) as Record<
      string,
      string
    >;
    expect(format.requestId).toBe('$context.requestId');
    expect(format.status).toBe('$context.status');
  });

  it('has no unacknowledged cdk-nag findings', () => {
    const report = JSON.parse(
      readFileSync(join(main.assembly.directory, 'validation-report.json'), 'utf8'),
    ) as { pluginReports: Array<{ violations: unknown[] }> };
    expect(report.pluginReports.flatMap((r) => r.violations)).toEqual([]);
  });

  it('grants a caller execute-api:Invoke on the GET routes of the stage', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'query-api-cdk-'));
    outdirs.push(outdir);
    const { stack } = createArticlePipelineApp({
      outdir,
      context: { ...cdkJson.context, 'aws:cdk:bundling-stacks': [] },
    });
    const role = new iam.Role(stack, 'Reader', { assumedBy: new iam.AccountRootPrincipal() });
    stack.queryApi.grantInvoke(role);
    // cdk-nag flags the route wildcard of any grant: the caller's stack acknowledges it.
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:execute-api:<AWS::Region>:<AWS::AccountId>:<QueryApiHttpApiDA52405F>/$default/GET/*]',
      reason: 'Read access to every query route of the API.',
    });
    const template = Template.fromStack(stack);
    const [readerId] = resources(template, 'AWS::IAM::Role').find(([id]) => id.startsWith('Reader'))!;
    const [, policy] = resources(template, 'AWS::IAM::Policy').find(([, p]) =>
      (p.Properties?.Roles as Array<{ Ref: string }>).some((r) => r.Ref === readerId),
    )!;
    const statements = (policy.Properties?.PolicyDocument as { Statement: Statement[] }).Statement;
    expect(statements).toHaveLength(1);
    expect(statements[0]).toMatchObject({ Action: 'execute-api:Invoke', Effect: 'Allow' });
    expect(JSON.stringify(statements[0]!.Resource)).toContain('/$default/GET/*');
  });

  it('uses a JWT authoriser and the configured throttling when asked', () => {
    const { template } = synth({
      queryApiJwtIssuer: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc',
      queryApiJwtAudience: 'client-a, client-b',
      queryApiRateLimit: '5',
      queryApiBurstLimit: '10',
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      JwtConfiguration: { Audience: ['client-a', 'client-b'] },
    });
    for (const [, route] of resources(template, 'AWS::ApiGatewayV2::Route')) {
      expect(route.Properties?.AuthorizationType).toBe('JWT');
    }
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      DefaultRouteSettings: { ThrottlingRateLimit: 5, ThrottlingBurstLimit: 10 },
    });
  });
});
