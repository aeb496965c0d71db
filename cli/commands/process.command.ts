import { Option, type Command } from 'commander';
import { examples, quietOption, runs } from '../command.js';
import type { ProcessOptions } from './process.js';

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
    .addOption(quietOption())
    .addHelpText(
      'after',
      examples(
        ['article-pipeline process examples/belarus-russia-partners.txt', 'one ArticleResult as JSON'],
        ['article-pipeline process articles/ > results.jsonl', 'a directory; progress on stderr'],
        ['curl -s https://example.com/story.html | article-pipeline process -', 'an article on stdin'],
        ['article-pipeline process --format table story.md', 'quotes with speakers, entities with types'],
        ['article-pipeline process articles/ | head -1', 'stops quietly when the reader is done'],
      ),
    )
    .action(
      runs('process', async (paths: string[], opts: ProcessOptions) => {
        const { processCommand } = await import('./process.js');
        return processCommand(paths, opts);
      }),
    );
}
