// Options shared by `start` and `run-local`. Kept free of heavy imports: main.ts loads it eagerly,
// the commands themselves only when they run.
import { InvalidArgumentError, type Command } from 'commander';
import type { EmbeddedStackOptions, ServiceName } from '../../infra/local/embedded-stack.js';

export interface StackCliOptions {
  stateDir?: string;
  basePort?: number;
  portS3?: number;
  portDynamodb?: number;
  portSqs?: number;
  portEventbridge?: number;
  portViewer?: number;
  portApi?: number;
}

export const parsePort = (value: string): number => {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new InvalidArgumentError('Not a port number (0-65535).');
  return port;
};

export const parseSeconds = (value: string): number => {
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0)
    throw new InvalidArgumentError('Not a positive number of seconds.');
  return seconds;
};

export const parseCount = (value: string): number => {
  const count = Number(value);
  if (!Number.isInteger(count) || count <= 0) throw new InvalidArgumentError('Not a positive whole number.');
  return count;
};

/** --state-dir and the port options shared by `start` and `run-local`. */
export function addStackOptions(command: Command, stateDirHelp: string, defaultStateDir?: string): Command {
  return command
    .option('--state-dir <dir>', stateDirHelp, defaultStateDir)
    .option('--base-port <port>', 'ports <port>..<port>+3 for S3, DynamoDB, SQS and EventBridge', parsePort)
    .option('--port-s3 <port>', 'port of the local S3 (s3rver)', parsePort)
    .option('--port-dynamodb <port>', 'port of the local DynamoDB (dynalite)', parsePort)
    .option('--port-sqs <port>', 'port of the local SQS (fauxqs)', parsePort)
    .option('--port-eventbridge <port>', 'port of the local EventBridge PutEvents endpoint', parsePort)
    .option('--port-viewer <port>', 'port of the results viewer (default: base port + 5)', parsePort)
    .option('--port-api <port>', 'port of the local query API (HTTP)', parsePort);
}

export function stackPorts(opts: StackCliOptions): Pick<EmbeddedStackOptions, 'ports' | 'basePort'> {
  const ports: Partial<Record<ServiceName, number>> = {};
  if (opts.portS3 !== undefined) ports.s3 = opts.portS3;
  if (opts.portDynamodb !== undefined) ports.dynamodb = opts.portDynamodb;
  if (opts.portSqs !== undefined) ports.sqs = opts.portSqs;
  if (opts.portEventbridge !== undefined) ports.eventbridge = opts.portEventbridge;
  if (opts.portViewer !== undefined) ports.viewer = opts.portViewer;
  if (opts.portApi !== undefined) ports.api = opts.portApi;
  return { ports, basePort: opts.basePort };
}

/** Where an operator command acts: the running local stack (--state-dir) or a deployed one (--stack, --region). */
export function addTargetOptions(command: Command): Command {
  return command
    .option('--state-dir <dir>', 'state directory of the running local stack', '.local')
    .option('--stack <name>', 'a deployed CloudFormation stack (e.g. ArticlePipeline-dev) instead')
    .option('--region <region>', 'AWS region of the deployed stack (default: from the AWS environment)');
}
