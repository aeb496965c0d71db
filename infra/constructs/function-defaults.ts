// What every Lambda function of the stack shares: where the code is, how it is bundled, its own log
// group and a role that may write only there (instead of AWSLambdaBasicExecutionRole), Node 22 on ARM,
// JSON logs, X-Ray unless switched off, and the Powertools environment.
import { join } from 'node:path';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { OutputFormat, type BundlingOptions, type NodejsFunctionProps } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { METRICS_NAMESPACE } from '../../functions/shared/metric-names.js';
import { DEVELOPER_CREDENTIAL_PROVIDERS } from './bundled-data.js';

/** Repository root: entry, lock file and the NLP model files are resolved against it. */
export const REPO_ROOT = join(import.meta.dirname, '..', '..');

/** How every function of the stack is bundled (esbuild, locally: no Docker). */
export const ESM_BUNDLING = {
  format: OutputFormat.ESM,
  target: 'node22',
  mainFields: ['module', 'main'],
  // Some CommonJS dependencies call require(); ESM output has none, so give them one.
  banner: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
  minify: true,
  // No source map in the package: it doubled the code a cold start loads. Minified stack traces
  // keep their function and class names (keepNames), which is what a log reader needs; Powertools'
  // BatchProcessor and the SDK also compare constructor names.
  sourceMap: false,
  keepNames: true,
  // Non-ASCII characters as themselves, not \uXXXX escapes: 0.25 MB less code (HTML entity tables,
  // lexicons). Node reads an .mjs file as UTF-8. (An esbuild argument: this aws-cdk-lib declares the
  // `charset` bundling option but does not pass it on.)
  esbuildArgs: { '--charset': 'utf8' },
  // Bundle the SDK rather than use the runtime's copy: the exact versions the tests ran against,
  // independent of when AWS updates the runtime.
  bundleAwsSDK: true,
  // Except the credential providers of developer machines: a function's credentials are in its environment.
  externalModules: DEVELOPER_CREDENTIAL_PROVIDERS,
  forceDockerBundling: false,
} satisfies BundlingOptions;

/** A function's own log group (kept `retention`) and a role allowed to write to it and nothing else yet. */
export function logGroupAndRole(
  scope: Construct,
  opts: { retention?: logs.RetentionDays; roleDescription: string },
): { logGroup: logs.LogGroup; role: iam.Role } {
  const logGroup = new logs.LogGroup(scope, 'LogGroup', {
    retention: opts.retention ?? logs.RetentionDays.ONE_MONTH,
  });
  const role = new iam.Role(scope, 'Role', {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    description: opts.roleDescription,
  });
  logGroup.grantWrite(role);
  return { logGroup, role };
}

export interface SharedFunctionOptions {
  readonly logGroup: logs.ILogGroup;
  readonly role: iam.IRole;
  /** Powertools service name: the pipeline's, or the pipeline's with a suffix ("-query-api"). */
  readonly service: string;
  readonly tracing?: boolean;
  readonly logLevel?: string;
}

/** The NodejsFunction settings every function shares (its own environment comes on top of `powertoolsEnvironment`). */
export function sharedFunctionProps(opts: SharedFunctionOptions) {
  return {
    handler: 'handler',
    projectRoot: REPO_ROOT,
    depsLockFilePath: join(REPO_ROOT, 'package-lock.json'),
    runtime: lambda.Runtime.NODEJS_22_X,
    architecture: lambda.Architecture.ARM_64,
    role: opts.role,
    logGroup: opts.logGroup,
    loggingFormat: lambda.LoggingFormat.JSON,
    tracing: opts.tracing === false ? lambda.Tracing.DISABLED : lambda.Tracing.ACTIVE,
    bundling: ESM_BUNDLING,
  } satisfies Partial<NodejsFunctionProps>;
}

/** Service name, metrics namespace, tracing switch and log level, as functions/shared/powertools.ts reads them. */
export function powertoolsEnvironment(opts: SharedFunctionOptions): Record<string, string> {
  return {
    POWERTOOLS_SERVICE_NAME: opts.service,
    POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
    POWERTOOLS_TRACE_ENABLED: String(opts.tracing !== false),
    LOG_LEVEL: opts.logLevel ?? 'INFO',
  };
}
