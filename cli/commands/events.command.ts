import type { Command } from 'commander';
import { examples, runs } from '../command.js';
import type { EventsOptions } from './events.js';
import { parseCount, parseSeconds } from './stack-options.js';

export function register(program: Command): void {
  program
    .command('events')
    .summary('print pipeline events (recorded, or --follow as they happen)')
    .description(
      'Print pipeline events as JSON Lines (one EventBridge event per line): those the running local stack recorded, or with --follow those put on the bus from now on (through a temporary rule and queue, removed on exit)',
    )
    .option('-f, --follow', 'keep printing events as they are put on the bus, until Ctrl-C')
    .option(
      '--pattern <json>',
      'EventBridge event pattern the events must match (default: every pipeline event)',
    )
    .option('--state-dir <dir>', 'state directory of the running local stack', '.local')
    .option(
      '--stack <name>',
      'follow the bus of a deployed CloudFormation stack (e.g. ArticlePipeline-dev) instead',
    )
    .option('--region <region>', 'AWS region of the deployed stack (default: from the AWS environment)')
    .option('--count <n>', 'stop after n events', parseCount)
    .option('--timeout <seconds>', 'stop following after this many seconds', parseSeconds)
    .addHelpText(
      'after',
      examples(
        ['article-pipeline events', 'every event the running local stack recorded'],
        [
          `article-pipeline events --follow --pattern '{"detail-type":["Article Processed"]}'`,
          'processed articles, as they happen',
        ],
        [
          'article-pipeline events --follow --stack ArticlePipeline-dev --count 10',
          'ten events of a deployed stack',
        ],
      ),
    )
    .action(
      runs('events', async (opts: EventsOptions) => {
        const { eventsCommand } = await import('./events.js');
        return eventsCommand(opts);
      }),
    );
}
