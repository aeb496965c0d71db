import { Option, type Command } from 'commander';
import { examples, quietOption, runs } from '../command.js';
import { UsageError } from '../output/errors.js';
import type { ProcessOptions } from './process.js';

/** A probability from the command line (0–1). */
function probability(value: string): number {
  const p = Number(value);
  if (value.trim() === '' || !(p >= 0 && p <= 1))
    throw new UsageError(
      `--min-confidence must be a number from 0 to 1, not "${value}"`,
      'e.g. --min-confidence 0.8',
    );
  return p;
}

export function register(program: Command): void {
  program
    .command('process')
    .summary('process article files in-process (no AWS, no emulator)')
    .description(
      'Process article files in-process (no AWS, no emulator). Prints one ArticleResult per file as JSON Lines, ' +
        'in input order; a file that cannot be processed prints {"source", "error"} instead and the exit status is 1.',
    )
    .argument('<paths...>', 'files, directories (their regular files, in name order), or - for stdin')
    .addOption(
      new Option(
        '-f, --format <format>',
        'jsonl: one JSON object per line (for programs); table: a summary for people',
      )
        .choices(['jsonl', 'table'])
        .default('jsonl'),
    )
    .addOption(
      new Option(
        '--min-confidence <p>',
        'leave out quotes whose confidence (0–1, calibrated: of 0.8, about 8 in 10 are right) is under p',
      ).argParser(probability),
    )
    .addOption(quietOption())
    .addHelpText(
      'after',
      examples(
        ['article-pipeline process examples/belarus-russia-partners.txt', 'one ArticleResult as JSON'],
        ['article-pipeline process articles/ > results.jsonl', 'a directory; progress on stderr'],
        ['curl -s https://example.com/story.html | article-pipeline process -', 'an article on stdin'],
        ['article-pipeline process --format table story.md', 'quotes with speakers, entities with types'],
        ['article-pipeline process articles/ | head -1', 'stops quietly when the reader is done'],
        ['article-pipeline process --min-confidence 0.9 story.txt', 'only the quotes it is surest of'],
      ),
    )
    .action(
      runs('process', async (paths: string[], opts: ProcessOptions) => {
        const { processCommand } = await import('./process.js');
        return processCommand(paths, opts);
      }),
    );
}
