import { Command, CommanderError } from 'commander';
import type { RunLocalCliOptions } from './commands/run-local.js';
import type { EventsOptions } from './commands/events.js';
import { addStackOptions, parseCount, parseSeconds } from './commands/stack-options.js';
import type { StartOptions } from './commands/start.js';

// stdout carries data only; progress and logs go to stderr.
const program = new Command()
  .name('article-pipeline')
  .description('Turn news articles into statements, attributed quotes and named entities')
  .exitOverride()
  .configureOutput({ writeOut: (s) => process.stderr.write(s), writeErr: (s) => process.stderr.write(s) });

let exitCode = 0;

program
  .command('process')
  .description(
    'Process article files in-process (no AWS, no emulator); prints one ArticleResult per file as JSON Lines',
  )
  .argument('<paths...>', 'files, or directories whose regular files are processed')
  .action(async (paths: string[]) => {
    // Commands load their modules on use, so each pays only for what it runs.
    const { processCommand } = await import('./commands/process.js');
    exitCode = await processCommand(paths);
  });

program
  .command('segment')
  .description('Read text on stdin; print a JSON array of its sentences')
  .action(async () => {
    const { segmentCommand } = await import('./commands/segment.js');
    exitCode = await segmentCommand();
  });

addStackOptions(
  program
    .command('start')
    .description(
      'Start the embedded local stack (S3, DynamoDB, SQS, EventBridge + the process-article handler), process the sample article and stream events until Ctrl-C',
    )
    .option('--no-sample', 'do not process the sample article on start'),
  'where state is kept (S3 objects, DynamoDB, events.jsonl, stack.json)',
  '.local',
).action(async (opts: StartOptions) => {
  // Loaded on use: the stack pulls in the AWS SDK and the emulators.
  const { startCommand } = await import('./commands/start.js');
  exitCode = await startCommand(opts);
});

addStackOptions(
  program
    .command('run-local')
    .description(
      'Run files through the embedded local stack (S3 upload → SQS → handler → DynamoDB/EventBridge); prints one RunLocalResult per file as JSON Lines',
    )
    .argument('<paths...>', 'files, or directories whose regular files are processed')
    .option(
      '--timeout <seconds>',
      'how long to wait after the uploads for every file (default: max(120, 2 × files))',
      parseSeconds,
    ),
  'keep state in this directory (default: a fresh temporary directory, removed afterwards)',
).action(async (paths: string[], opts: RunLocalCliOptions) => {
  const { runLocalCommand } = await import('./commands/run-local.js');
  exitCode = await runLocalCommand(paths, opts);
});

program
  .command('upload')
  .description(
    'Upload files into the incoming prefix of the running local stack (found through <state-dir>/stack.json)',
  )
  .argument('<paths...>', 'files, or directories whose regular files are uploaded')
  .option('--state-dir <dir>', 'state directory of the running stack', '.local')
  .action(async (paths: string[], opts: { stateDir: string }) => {
    const { uploadCommand } = await import('./commands/upload.js');
    exitCode = await uploadCommand(paths, opts);
  });

program
  .command('query')
  .description('Query the running local stack (found through <state-dir>/stack.json); prints JSON Lines')
  .argument(
    '<what>',
    'quotes-by (speaker name) | statements-about (entity name or alias) | article (article id)',
  )
  .argument('<value>', 'the name or id')
  .option('--state-dir <dir>', 'state directory of the running stack', '.local')
  .action(async (what: string, value: string, opts: { stateDir: string }) => {
    const { queryCommand } = await import('./commands/query.js');
    exitCode = await queryCommand(what, value, opts);
  });

program
  .command('events')
  .description(
    'Print pipeline events as JSON Lines (one EventBridge event per line): those the running local stack recorded, or with --follow those put on the bus from now on (through a temporary rule and queue, removed on exit)',
  )
  .option('-f, --follow', 'keep printing events as they are put on the bus, until Ctrl-C')
  .option(
    '--pattern <json>',
    'EventBridge event pattern the events must match (default: every pipeline event)',
  )
  .option('--state-dir <dir>', 'state directory of the running local stack', '.local')
  .option(
    '--stack <name>',
    'follow the bus of a deployed CloudFormation stack (e.g. ArticlePipeline-dev) instead',
  )
  .option('--region <region>', 'AWS region of the deployed stack (default: from the AWS environment)')
  .option('--count <n>', 'stop after n events', parseCount)
  .option('--timeout <seconds>', 'stop following after this many seconds', parseSeconds)
  .action(async (opts: EventsOptions) => {
    const { eventsCommand } = await import('./commands/events.js');
    exitCode = await eventsCommand(opts);
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
