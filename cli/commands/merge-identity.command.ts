import type { Command } from 'commander';
import { examples, runs } from '../command.js';
import { addTargetOptions } from './stack-options.js';
import type { MergeIdentityOptions } from './merge-identity.js';
import { parseEntityType } from './query-options.js';

export function register(program: Command): void {
  const command = program
    .command('merge-identity')
    .summary('merge two identities the link rules kept apart (or --undo)')
    .description(
      'From now on a query for <into> also finds <from> (quotes, statements, the identity record). ' +
        'The stored mentions are untouched, so --undo restores exactly what was there. Prints {into, member, merged}.',
    )
    .argument('<from>', 'the name of the identity to merge (e.g. a surname-only "Blair")')
    .argument('<into>', 'the full name of the identity it is (e.g. "Tony Blair")')
    .option('--type <type>', 'entity type of both (PERSON, ORGANIZATION)', parseEntityType, 'PERSON')
    .option('--undo', 'take the merge back');
  addTargetOptions(command)
    .addHelpText(
      'after',
      examples(
        ['article-pipeline merge-identity "Mr Blair" "Tony Blair"', 'a surname-only Blair is Tony Blair'],
        ['article-pipeline merge-identity --undo "Mr Blair" "Tony Blair"', 'take it back'],
      ),
    )
    .action(
      runs('merge-identity', async (from: string, into: string, opts: MergeIdentityOptions) => {
        const { mergeIdentityCommand } = await import('./merge-identity.js');
        return mergeIdentityCommand(from, into, opts);
      }),
    );
}
