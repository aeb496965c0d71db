import { Command, CommanderError } from 'commander';
import { processCommand } from './commands/process.js';
import { segmentCommand } from './commands/segment.js';

// stdout carries data only; progress and logs go to stderr.
const program = new Command()
  .name('article-pipeline')
  .description('Turn news articles into statements, attributed quotes and named entities')
  .exitOverride()
  .configureOutput({ writeOut: (s) => process.stderr.write(s), writeErr: (s) => process.stderr.write(s) });

let exitCode = 0;

program
  .command('process')
  .description('Process article files in-process (no AWS, no emulator); prints one ArticleResult per file as JSON Lines')
  .argument('<paths...>', 'files, or directories whose regular files are processed')
  .action(async (paths: string[]) => {
    exitCode = await processCommand(paths);
  });

program
  .command('segment')
  .description('Read text on stdin; print a JSON array of its sentences')
  .action(async () => {
    exitCode = await segmentCommand();
  });

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    // Help and version exit 0; every other usage problem is exit 2 (contract).
    process.exitCode = err.exitCode === 0 ? 0 : 2;
  } else {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  }
}
if (process.exitCode === undefined) process.exitCode = exitCode;
