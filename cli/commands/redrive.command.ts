import type { Command } from 'commander';
import { examples, runs } from '../command.js';
import { addTargetOptions } from './stack-options.js';
import type { TargetOptions } from './operate.js';

export function register(program: Command): void {
  const command = program
    .command('redrive')
    .summary('move dead-lettered messages back to the queue')
    .description(
      'Move the messages of the dead-letter queue back to the ingest queue (the local stack, or --stack on AWS); prints how many.',
    );
  addTargetOptions(command)
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
