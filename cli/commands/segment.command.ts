import type { Command } from 'commander';
import { examples, runs } from '../command.js';

export function register(program: Command): void {
  program
    .command('segment')
    .summary('split text on stdin into sentences')
    .description('Read text on stdin; print a JSON array of its sentences, trimmed, in order.')
    .addHelpText(
      'after',
      examples(
        [
          'echo \'Mr. Smith arrived. He said: "Done." Then he left.\' | article-pipeline segment',
          'three sentences',
        ],
        ['article-pipeline segment < article.txt | jq -r ".[]"', 'one sentence per line'],
      ),
    )
    .action(
      runs('segment', async () => {
        const { segmentCommand } = await import('./segment.js');
        return segmentCommand();
      }),
    );
}
