// Where the end-to-end suite runs. Only this file knows the difference between the three targets; each
// resolves to the stack's names (bucket, table, bus, query API URL) and puts the process in an
// environment where the SDK's default resolution (AWS_ENDPOINT_URL*, AWS_REGION, credentials) reaches
// the stack. The suite then makes the same clients and the same calls against all of them.
//
//   E2E_TARGET=embedded (default)  the embedded stack, started here in a temporary state directory
//   E2E_TARGET=localstack          a stack deployed by `npm run deploy:localstack`: its outputs file
//                                  (.local/localstack/outputs-<STAGE>.json, or E2E_OUTPUTS_FILE),
//                                  endpoints through AWS_ENDPOINT_URL (default LocalStack's edge)
//   E2E_TARGET=aws STACK_NAME=…    a deployed stack, its outputs from CloudFormation DescribeStacks,
//                                  with the default AWS credentials and region (AWS_REGION)
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stackOutputs } from '../../cli/commands/deployed-stack.js';
import { EmbeddedStack } from '../../infra/local/embedded-stack.js';

export type TargetName = 'embedded' | 'localstack' | 'aws';

export interface PipelineTarget {
  name: TargetName;
  /** What the report says about where the suite ran. */
  description: string;
  bucket: string;
  incomingPrefix: string;
  tableName: string;
  eventBusName: string;
  /** Base URL of the query API (no trailing slash). */
  queryApiUrl: string;
  /** How long a new rule may take to start matching (EventBridge rules are eventually consistent). */
  ruleSettleMs: number;
  /** How long to wait for an upload's `Article Processed` (cold starts on AWS and LocalStack). */
  processTimeoutMs: number;
  close(): Promise<void>;
}

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The stack's CloudFormation outputs this suite needs (infra/stack.ts names them). */
const OUTPUT_KEYS = ['BucketName', 'IncomingPrefix', 'TableName', 'EventBusName', 'QueryApiUrl'] as const;

function fromOutputs(outputs: Record<string, string>, where: string) {
  const missing = OUTPUT_KEYS.filter((k) => !outputs[k]);
  if (missing.length) throw new Error(`${where} has no ${missing.join(', ')} output(s).`);
  return {
    bucket: outputs.BucketName!,
    incomingPrefix: outputs.IncomingPrefix!,
    tableName: outputs.TableName!,
    eventBusName: outputs.EventBusName!,
    queryApiUrl: outputs.QueryApiUrl!.replace(/\/+$/, ''),
  };
}

/** Sets an environment variable unless the user did; returns a function that restores it. */
function envDefault(name: string, value: string): () => void {
  if (process.env[name] !== undefined) return () => undefined;
  process.env[name] = value;
  return () => delete process.env[name];
}

async function embedded(): Promise<PipelineTarget> {
  const stateDir = await mkdtemp(join(tmpdir(), 'e2e-stack-'));
  const stack = new EmbeddedStack({ stateDir });
  // start() sets AWS_ENDPOINT_URL_<SERVICE>, the region and local credentials for this process, as it
  // does for the handler it runs; stop() restores them.
  const { endpoints, resources } = await stack.start();
  return {
    name: 'embedded',
    description: `the embedded stack (${stateDir})`,
    bucket: resources.bucket,
    incomingPrefix: resources.incomingPrefix,
    tableName: resources.table,
    eventBusName: resources.eventBusName,
    queryApiUrl: endpoints.api.replace(/\/+$/, ''),
    ruleSettleMs: 0,
    processTimeoutMs: 60_000,
    close: async () => {
      await stack.stop();
      await rm(stateDir, { recursive: true, force: true });
    },
  };
}

async function localstack(env: NodeJS.ProcessEnv): Promise<PipelineTarget> {
  const stage = env.STAGE ?? 'local';
  const stackName = env.STACK_NAME ?? `ArticlePipeline-${stage}`;
  const outputsFile =
    env.E2E_OUTPUTS_FILE ?? join(REPO_ROOT, '.local', 'localstack', `outputs-${stage}.json`);
  const all = JSON.parse(await readFile(outputsFile, 'utf8').catch(() => 'null')) as Record<
    string,
    Record<string, string>
  > | null;
  if (!all?.[stackName])
    throw new Error(`No outputs of ${stackName} in ${outputsFile}: run \`npm run deploy:localstack\` first.`);
  // The same defaults as infra/localstack/deploy.sh: LocalStack's edge endpoint, its test account.
  const restore = [
    envDefault('AWS_ENDPOINT_URL', 'http://localhost.localstack.cloud:4566'),
    envDefault('AWS_REGION', 'us-east-1'),
    envDefault('AWS_ACCESS_KEY_ID', 'test'),
    envDefault('AWS_SECRET_ACCESS_KEY', 'test'),
    envDefault('S3_FORCE_PATH_STYLE', 'true'),
  ];
  return {
    name: 'localstack',
    description: `${stackName} on LocalStack at ${process.env.AWS_ENDPOINT_URL}`,
    ...fromOutputs(all[stackName], `${stackName} (${outputsFile})`),
    ruleSettleMs: 2_000,
    processTimeoutMs: 180_000,
    close: async () => restore.forEach((undo) => undo()),
  };
}

async function aws(env: NodeJS.ProcessEnv): Promise<PipelineTarget> {
  const stackName = env.STACK_NAME;
  if (!stackName) throw new Error('E2E_TARGET=aws needs STACK_NAME (e.g. ArticlePipeline-dev).');
  const outputs = await stackOutputs(stackName, env.AWS_REGION);
  return {
    name: 'aws',
    description: `the deployed stack ${stackName}`,
    ...fromOutputs(outputs, `Stack ${stackName}`),
    ruleSettleMs: 10_000,
    processTimeoutMs: 120_000,
    close: async () => undefined,
  };
}

/** The target E2E_TARGET names, ready to use. */
export async function resolveTarget(env: NodeJS.ProcessEnv = process.env): Promise<PipelineTarget> {
  const name = (env.E2E_TARGET ?? 'embedded') as TargetName;
  switch (name) {
    case 'embedded':
      return embedded();
    case 'localstack':
      return localstack(env);
    case 'aws':
      return aws(env);
    default:
      throw new Error(`E2E_TARGET must be embedded, localstack or aws (got ${JSON.stringify(name)}).`);
  }
}
