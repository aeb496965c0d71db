// The query API on AWS: API Gateway HTTP API → the query-api Lambda (functions/query-api/handler.ts) over
// the ResultsClient. IAM-authorised by default (callers sign with SigV4 and need execute-api:Invoke,
// see grantInvoke), optionally a JWT authoriser instead; read-only access to the table (and to the
// results prefix of the bucket, for claim-checked results); stage throttling; JSON access logs.
import { join } from 'node:path';
import { Duration } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpIamAuthorizer, HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { QUERY_ROUTES } from '../../functions/query-api/routes.js';
import { GSI1 } from '../../shared/adapters/dynamodb/table-design.js';
import { SERVICE_NAME } from './pipeline-metrics.js';
import {
  acknowledgePinnedRuntime,
  acknowledgePrefixWildcard,
  acknowledgeTracingWildcard,
} from './nag-acknowledgements.js';
import {
  logGroupAndRole,
  powertoolsEnvironment,
  REPO_ROOT,
  sharedFunctionProps,
} from './function-defaults.js';

export const QUERY_API_ENTRY = join(REPO_ROOT, 'functions', 'query-api', 'handler.ts');

export interface QueryApiProps {
  readonly table: dynamodb.ITable;
  /** The articles bucket: results too large for a table item are read from `resultsPrefix`. */
  readonly bucket: s3.IBucket;
  readonly resultsPrefix?: string;
  /** A JWT authoriser (e.g. Cognito) instead of IAM: issuer URL and accepted audiences. */
  readonly jwt?: { issuer: string; audience: string[] };
  /** Requests per second across the stage (steady rate and burst). */
  readonly throttle?: { rateLimit: number; burstLimit: number };
  readonly logRetention?: logs.RetentionDays;
  readonly logLevel?: string;
  readonly tracing?: boolean;
}

export class QueryApi extends Construct {
  readonly api: apigw.HttpApi;
  readonly stage: apigw.HttpStage;
  readonly function: NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;
  readonly accessLogs: logs.LogGroup;

  constructor(scope: Construct, id: string, props: QueryApiProps) {
    super(scope, id);
    const retention = props.logRetention ?? logs.RetentionDays.ONE_MONTH;
    const resultsPrefix = props.resultsPrefix ?? 'results/';

    ({ logGroup: this.logGroup, role: this.role } = logGroupAndRole(this, {
      retention,
      roleDescription: 'query-api: read the results table (read-only)',
    }));
    const shared = {
      logGroup: this.logGroup,
      role: this.role,
      service: `${SERVICE_NAME}-query-api`,
      tracing: props.tracing,
      logLevel: props.logLevel,
    };
    this.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'ReadResults',
        // What shared/results/client.ts sends: never a write, never a Scan.
        actions: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'],
        resources: [props.table.tableArn, `${props.table.tableArn}/index/${GSI1.indexName}`],
      }),
    );
    this.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'ReadLargeResults',
        actions: ['s3:GetObject'],
        resources: [props.bucket.arnForObjects(`${resultsPrefix}*`)],
      }),
    );

    this.function = new NodejsFunction(this, 'Function', {
      description: 'Query API: articles, statements, quotes by speaker, statements by entity, speakers',
      entry: QUERY_API_ENTRY,
      ...sharedFunctionProps(shared),
      memorySize: 512,
      timeout: Duration.seconds(10),
      environment: {
        TABLE_NAME: props.table.tableName,
        RESULTS_BUCKET: props.bucket.bucketName,
        ...powertoolsEnvironment(shared),
      },
    });

    this.api = new apigw.HttpApi(this, 'HttpApi', {
      description: 'article-pipeline query API (read-only)',
      createDefaultStage: false,
      defaultAuthorizer: props.jwt
        ? new HttpJwtAuthorizer('Jwt', props.jwt.issuer, { jwtAudience: props.jwt.audience })
        : new HttpIamAuthorizer(),
      corsPreflight: {
        allowOrigins: ['*'],
        allowMethods: [apigw.CorsHttpMethod.GET],
        allowHeaders: ['authorization', 'content-type', 'x-amz-date', 'x-amz-security-token'],
        maxAge: Duration.hours(1),
      },
    });
    const integration = new HttpLambdaIntegration('Handler', this.function);
    // One route per query (no catch-all): the API answers exactly what the OpenAPI document lists.
    for (const route of [...QUERY_ROUTES.map((r) => r.path), '/openapi.json']) {
      this.api.addRoutes({ path: route, methods: [apigw.HttpMethod.GET], integration });
    }

    this.accessLogs = new logs.LogGroup(this, 'AccessLogs', { retention });
    this.stage = new apigw.HttpStage(this, 'Stage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: props.throttle ?? { rateLimit: 50, burstLimit: 100 },
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            ip: '$context.identity.sourceIp',
            caller: '$context.identity.caller',
            user: '$context.identity.user',
            requestTime: '$context.requestTime',
            routeKey: '$context.routeKey',
            path: '$context.path',
            status: '$context.status',
            responseLength: '$context.responseLength',
            integrationLatency: '$context.integrationLatency',
            error: '$context.error.message',
            integrationError: '$context.integrationErrorMessage',
          }),
        ),
      },
    });

    if (props.tracing !== false) acknowledgeTracingWildcard(this.role);
    acknowledgePrefixWildcard(
      this,
      this.role,
      props.bucket,
      resultsPrefix,
      'Results too large for a table item are read from the results prefix, one object per article.',
    );
    acknowledgePinnedRuntime(this.function);
  }

  /** The stage's URL, e.g. https://abc123.execute-api.eu-west-1.amazonaws.com/ */
  get url(): string {
    return this.stage.url;
  }

  /** Lets `grantee` call every route (IAM authorisation: SigV4-signed requests). */
  grantInvoke(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['execute-api:Invoke'],
      resourceArns: [this.api.arnForExecuteApi('GET', '/*', this.stage.stageName)],
    });
  }
}
