import type { Command } from 'commander';
import { examples, runs } from '../command.js';
import type { TargetOptions } from './operate.js';

export function register(program: Command): void {
  program
    .command('redrive')
    .summary('move dead-lettered messages back to the queue')
    .description(
      'Move the messages of the dead-letter queue back to the ingest queue (the local stack, or --stack on AWS); prints how many.',
    )
    .option('--state-dir <dir>', 'state directory of the running local stack', '.local')
    .option('--stack <name>', 'a deployed CloudFormation stack (e.g. ArticlePipeline-dev) instead')
    .option('--region <region>', 'AWS region of the deployed stack (default: from the AWS environment)')
    .addHelpText(
      'after',
      examples(
        ['article-pipeline redrive', 'on the stack that `npm start` runs'],
        ['article-pipeline redrive --stack ArticlePipeline-dev', 'on a deployed stack'],
      ),
    )
    .action(
      runs('redrive', async (opts: TargetOptions) => {
        const { redriveCommand } = await import('./operate.js');
        return redriveCommand(opts);
      }),
    );
}
