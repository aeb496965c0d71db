import type { Command } from 'commander';
import { examples, runs } from '../command.js';
import type { ReconcileCliOptions } from './operate.js';
import { addTargetOptions, parseCount } from './stack-options.js';

export function register(program: Command): void {
  const command = program
    .command('reconcile')
    .summary('re-enqueue uploads that were never finished')
    .description(
      'Find objects under the incoming prefix with no terminal record (never processed, interrupted, or replaced ' +
        'since) and articles PROCESSING past their lease, and send their S3 notification again (the local stack, ' +
        'or --stack on AWS). Safe to repeat: an object already processed is not processed twice. Prints one line ' +
        'per object re-enqueued.',
    )
    .option('--dry-run', 'only print what would be re-enqueued')
    .option(
      '--min-age <seconds>',
      'leave alone objects and leases that changed less than this long ago (default 300: they may still be queued)',
      (v: string) => (v === '0' ? 0 : parseCount(v)),
    );
  addTargetOptions(command)
    .addHelpText(
      'after',
      examples(
        ['article-pipeline reconcile --dry-run', 'what the local stack never finished'],
        ['article-pipeline reconcile --min-age 0', 're-enqueue at once, recent uploads too'],
        ['article-pipeline reconcile --stack ArticlePipeline-dev', 'on a deployed stack'],
      ),
    )
    .action(
      runs('reconcile', async (opts: ReconcileCliOptions) => {
        const { reconcileCommand } = await import('./operate.js');
        return reconcileCommand(opts);
      }),
    );
}
