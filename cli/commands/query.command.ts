import type { Command } from 'commander';
import { examples, runs } from '../command.js';

export function register(program: Command): void {
  program
    .command('query')
    .summary('query the running local stack')
    .description('Query the running local stack (found through <state-dir>/stack.json); prints JSON Lines.')
    .argument(
      '<what>',
      'quotes-by (speaker name) | statements-about (entity name or alias) | article (article id)',
    )
    .argument('<value>', 'the name or id')
    .option('--state-dir <dir>', 'state directory of the running stack', '.local')
    .addHelpText(
      'after',
      examples(
        ['article-pipeline query quotes-by Lukashenko', 'quotes by a speaker (aliases resolve)'],
        ['article-pipeline query statements-about Belarus', 'statements that mention an entity'],
        ['article-pipeline query article art_c280633571ebc5948c99', 'one article with its rows'],
      ),
    )
    .action(
      runs('query', async (what: string, value: string, opts: { stateDir: string }) => {
        const { queryCommand } = await import('./query.js');
        return queryCommand(what, value, opts);
      }),
    );
}
