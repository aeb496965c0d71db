import type { Command } from 'commander';
import { examples, quietOption, runs } from '../command.js';
import type { RunLocalCliOptions } from './run-local.js';
import { addStackOptions, parseSeconds } from './stack-options.js';

export function register(program: Command): void {
  addStackOptions(
    program
      .command('run-local')
      .summary('run files through the embedded local stack, end to end')
      .description(
        'Start the embedded local stack, upload each file through the S3 API (S3 → SQS → handler → ' +
          'DynamoDB/EventBridge), wait until every file is PROCESSED or FAILED and print one RunLocalResult per ' +
          'file as JSON Lines, in input order; then stop the stack. Exit status 1 if a file timed out or could not be read.',
      )
      .argument('<paths...>', 'files, or directories whose regular files are processed')
      .option(
        '--timeout <seconds>',
        'how long to wait after the uploads for every file (default: max(120, 2 × files))',
        parseSeconds,
      )
      .addOption(quietOption()),
    'keep state in this directory (default: a fresh temporary directory, removed afterwards)',
  )
    .addHelpText(
      'after',
      examples(
        ['article-pipeline run-local examples/', 'the example article through the whole pipeline'],
        ['article-pipeline run-local corpus/ > results.jsonl', '400 files: a progress bar on stderr'],
        [
          'article-pipeline run-local --state-dir /tmp/ap corpus/',
          'keep the stack state for a later `start`',
        ],
      ),
    )
    .action(
      runs('run-local', async (paths: string[], opts: RunLocalCliOptions) => {
        const { runLocalCommand } = await import('./run-local.js');
        return runLocalCommand(paths, opts);
      }),
    );
}
