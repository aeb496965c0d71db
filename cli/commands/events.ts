// `events`: the pipeline's events as JSON Lines (one EventBridge event, as a rule target receives
// it, per line), filtered by an EventBridge event pattern.
// - Without --follow: the events the running local stack has recorded (<state-dir>/events.jsonl),
//   matched with the local bus's own pattern engine, then exit.
// - With --follow: events as they are put on the bus, through a temporary rule and queue (a
//   TemporarySubscription), until Ctrl-C, --count or --timeout; rule and queue are removed on
//   exit. With --stack <name> the same happens on a deployed stack's bus (found through the
//   CloudFormation stack's EventBusName output) with the default AWS credentials.
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SQSClient } from '@aws-sdk/client-sqs';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { EVENT_SOURCE } from '../../events/schemas.js';
import { compileEventPattern, InvalidEventPatternError } from '../../infra/local/event-pattern.js';
import { deliveredEvent, type BusEvent } from '../../infra/local/eventbridge-endpoint.js';
import { TemporarySubscription } from './event-subscription.js';
import { stackOutput } from './deployed-stack.js';
import { readRunningStack } from './running-stack.js';
import { outputClosed } from '../output/stdout.js';

export interface EventsOptions {
  stateDir: string;
  follow?: boolean;
  pattern?: string;
  /** Deployed CloudFormation stack (e.g. ArticlePipeline-dev) instead of the local stack. */
  stack?: string;
  region?: string;
  /** Stop after this many events. */
  count?: number;
  /** Stop following after this many seconds. */
  timeout?: number;
}

/** Every pipeline event. */
export const DEFAULT_PATTERN = JSON.stringify({ source: [EVENT_SOURCE] });

interface Io {
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
  /** Ends following (Ctrl-C); by default SIGINT and SIGTERM. */
  stopSignal?: AbortSignal;
}

const say = (io: Io, line: string) => io.err.write(`events: ${line}\n`);

/** Returns the exit code: 0 ok, 1 failure, 2 bad usage. */
export async function eventsCommand(
  opts: EventsOptions,
  io: Io = { out: process.stdout, err: process.stderr },
): Promise<number> {
  const pattern = opts.pattern ?? DEFAULT_PATTERN;
  let matcher;
  try {
    matcher = compileEventPattern(pattern);
  } catch (err) {
    if (!(err instanceof InvalidEventPatternError)) throw err;
    say(io, `--pattern: ${err.message}`);
    return 2;
  }
  if (opts.stack && !opts.follow) {
    say(
      io,
      'a deployed bus keeps no history to read: use --follow (older events can be replayed from the bus archive with `aws events start-replay`).',
    );
    return 2;
  }

  let written = 0;
  const done = () => opts.count !== undefined && written >= opts.count;
  /** Writes one event line; false once the reader has gone or --count is reached. */
  const write = (line: string) => {
    if (done() || outputClosed(io.out)) return false;
    io.out.write(line + '\n');
    written++;
    return !done();
  };

  if (!opts.follow) {
    const info = await readRunningStack(opts.stateDir, 'events');
    if (!info) return 1;
    const file = join(info.stateDir, 'events.jsonl');
    const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
    try {
      for await (const line of lines) {
        if (!line.trim()) continue;
        const event = deliveredEvent(JSON.parse(line) as BusEvent);
        if (matcher.matches(event) && !write(JSON.stringify(event))) break;
      }
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    } finally {
      lines.close();
    }
    return 0;
  }

  const target = opts.stack ? await deployedBus(opts.stack, opts.region) : await localBus(opts.stateDir);
  if (!target) return 1;
  const { eventBridge, sqs, eventBusName, where, waitTimeSeconds } = target;
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  const external = io.stopSignal;
  if (external) external.addEventListener('abort', onSignal, { once: true });
  else {
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  }
  const timer = opts.timeout ? setTimeout(onSignal, opts.timeout * 1000) : null;
  let subscription: TemporarySubscription | null = null;
  try {
    try {
      subscription = await TemporarySubscription.open({
        eventBridge,
        sqs,
        eventBusName,
        pattern,
        waitTimeSeconds,
      });
    } catch (err) {
      const name = (err as { name?: string }).name;
      say(io, `could not subscribe to ${where}: ${name ? `${name}: ` : ''}${(err as Error).message}`);
      return name === 'InvalidEventPatternException' ? 2 : 1;
    }
    say(io, `following ${where} through rule and queue ${subscription.name}; Ctrl-C stops.`);
    io.out.on('error', onSignal);
    await subscription.receive((body) => {
      if (!write(body.replace(/\n/g, ' '))) stop.abort();
    }, stop.signal);
    return 0;
  } finally {
    if (timer) clearTimeout(timer);
    io.out.off('error', onSignal);
    if (external) external.removeEventListener('abort', onSignal);
    if (subscription) {
      // A second Ctrl-C while cleaning up ends the process at once (the default action).
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      const left = await subscription.close();
      if (left.length) say(io, `could not remove: ${left.join('; ')}`);
      else say(io, `removed rule and queue ${subscription.name}.`);
    } else if (!external) {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
    eventBridge.destroy();
    sqs.destroy();
  }
}

interface BusTarget {
  eventBridge: EventBridgeClient;
  sqs: SQSClient;
  eventBusName: string;
  where: string;
  waitTimeSeconds: number;
}

async function localBus(stateDir: string): Promise<BusTarget | null> {
  const info = await readRunningStack(stateDir, 'events');
  if (!info) return null;
  const config = {
    region: info.resources.region,
    credentials: {
      accessKeyId: info.env.AWS_ACCESS_KEY_ID ?? 'local',
      secretAccessKey: info.env.AWS_SECRET_ACCESS_KEY ?? 'local',
    },
    maxAttempts: 2,
  };
  return {
    eventBridge: new EventBridgeClient({ ...config, endpoint: info.endpoints.eventbridge }),
    sqs: new SQSClient({ ...config, endpoint: info.endpoints.sqs }),
    eventBusName: info.resources.eventBusName,
    where: `the local bus ${info.resources.eventBusName} (${info.endpoints.eventbridge})`,
    waitTimeSeconds: 1,
  };
}

/** The bus of a deployed stack, from its EventBusName output; default credentials and region. */
async function deployedBus(stackName: string, region?: string): Promise<BusTarget> {
  const config = region ? { region } : {};
  const eventBusName = await stackOutput(stackName, 'EventBusName', region);
  return {
    eventBridge: new EventBridgeClient(config),
    sqs: new SQSClient(config),
    eventBusName,
    where: `bus ${eventBusName} of stack ${stackName}`,
    waitTimeSeconds: 20,
  };
}
