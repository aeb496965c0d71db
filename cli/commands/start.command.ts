import type { Command } from 'commander';
import { examples, runs } from '../command.js';
import { addStackOptions } from './stack-options.js';
import type { StartOptions } from './start.js';

export function register(program: Command): void {
  addStackOptions(
    program
      .command('start')
      .summary('run the embedded local stack until Ctrl-C (what `npm start` runs)')
      .description(
        'Start the embedded local stack (S3, DynamoDB, SQS, EventBridge + the process-article handler), ' +
          'process the sample article and stream events until Ctrl-C. stdout: the READY line and one line per event.',
      )
      .option('--no-sample', 'do not process the sample article on start')
      .option(
        '--fsync',
        'flush the queue journal and event log to the disk on every write (survives a power cut, not only a crash)',
      ),
    'where state is kept (S3 objects, DynamoDB, events.jsonl, stack.json)',
    '.local',
  )
    .addHelpText(
      'after',
      examples(
        ['article-pipeline start', 'state in .local, fixed ports'],
        ['article-pipeline start --state-dir /tmp/ap --base-port 0', 'free ports, state elsewhere'],
        ['article-pipeline upload article.txt', 'then, from another shell: process a file'],
      ),
    )
    .action(
      runs('start', async (opts: StartOptions) => {
        // Loaded on use: the stack pulls in the AWS SDK and the emulators.
        const { startCommand } = await import('./start.js');
        return startCommand(opts);
      }),
    );
}
