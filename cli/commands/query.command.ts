import { InvalidArgumentError, Option, type Command } from 'commander';
import { examples, runs } from '../command.js';
import {
  parseConfidence,
  parseDate,
  parseEntityType,
  parseLimit,
  type QueryOptions,
} from './query-options.js';

export function register(program: Command): void {
  program
    .command('query')
    .summary('query the running local stack')
    .description(
      'Query the running local stack (found through <state-dir>/stack.json) through the ResultsClient ' +
        '(the same client the HTTP API serves); prints JSON Lines.',
    )
    .argument(
      '<what>',
      'quotes-by <name> | statements-about <name> | article <id> | statements <id> | failed | articles | speakers | identity <name> | ambiguous',
    )
    .argument(
      '[value]',
      'the name (person, organisation, place; a surname or alias matches too) or article id',
    )
    .option('--state-dir <dir>', 'state directory of the running stack', '.local')
    .option('--since <date>', 'only articles dated on or after this date (YYYY-MM-DD)', parseDate)
    .option('--until <date>', 'only articles dated on or before this date', parseDate)
    .option(
      '--limit <n>',
      'one page of at most n entries, then a {"cursor": …} line when there is more',
      parseLimit,
    )
    .option('--cursor <cursor>', 'continue after a page (the cursor a previous --limit printed)')
    .option(
      '--min-confidence <p>',
      'leave out quotes, speakers or entities less sure than this (0-1)',
      parseConfidence,
    )
    .option(
      '--type <type>',
      'statements-about / identity: only entities of this type (PERSON, ORGANIZATION, …)',
      parseEntityType,
    )
    .option('--status <status>', 'articles: PROCESSED (default), FAILED or DELETED', (v: string) => {
      const status = v.toUpperCase();
      if (!['PROCESSED', 'FAILED', 'DELETED'].includes(status))
        throw new InvalidArgumentError('Not PROCESSED, FAILED or DELETED.');
      return status;
    })
    .option('--top', 'speakers: most quoted first (default: most recently quoted first)')
    .addOption(
      new Option('--format <format>', 'jsonl: one JSON object per line; table: readable columns')
        .choices(['jsonl', 'table'])
        .default('jsonl'),
    )
    .addHelpText(
      'after',
      examples(
        ['article-pipeline query quotes-by Lukashenko', 'quotes by a speaker (surnames and aliases resolve)'],
        [
          'article-pipeline query statements-about Belarus --type LOCATION',
          'statements that mention an entity',
        ],
        ['article-pipeline query article art_c280633571ebc5948c99', 'one article with its status and counts'],
        ['article-pipeline query failed --since 2026-01-01', 'every failed article, with its error'],
        ['article-pipeline query speakers --top --limit 10', 'the ten most quoted speakers'],
        ['article-pipeline query quotes-by Blair --since 2005-01-01 --format table', 'as readable columns'],
      ),
    )
    .action(
      runs('query', async (what: string, value: string | undefined, opts: QueryOptions) => {
        const { queryCommand } = await import('./query.js');
        return queryCommand(what, value, opts);
      }),
    );
}
