import type { Command } from 'commander';
import { examples, runs } from '../command.js';
import type { ReprocessOptions } from './operate.js';
import { parseDate } from './query-options.js';
import { addTargetOptions, parseSeconds } from './stack-options.js';

export function register(program: Command): void {
  const command = program
    .command('reprocess')
    .summary('re-run articles processed by another pipeline version')
    .description(
      'Re-run the sources of articles whose pipeline version (code + models) differs from the one the stack runs: ' +
        'their results are replaced (no stale items) and announced again with `supersedes`; prints one line per queued article.',
    )
    .option('--all', 'every article (processed or failed)')
    .option('--since <date>', 'articles dated on or after this date (YYYY-MM-DD)', parseDate)
    .option('--article <id>', 'one article')
    .option('--force', 'also articles already at the current version')
    .option('--wait', 'wait until every queued article is processed again')
    .option('--timeout <seconds>', 'with --wait: how long to wait (default 300)', parseSeconds);
  addTargetOptions(command)
    .addHelpText(
      'after',
      examples(
        ['article-pipeline reprocess --all --wait', 'every article an older version processed'],
        [
          'article-pipeline reprocess --article art_c280633571ebc5948c99 --force',
          'one article, whatever its version',
        ],
      ),
    )
    .action(
      runs('reprocess', async (opts: ReprocessOptions) => {
        const { reprocessCommand } = await import('./operate.js');
        return reprocessCommand(opts);
      }),
    );
}
