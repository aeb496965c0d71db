// The article-pipeline command line: assembles the commands (each declared in its own module, see
// cli/README.md) and turns what happens into exit statuses: 0 ok, 1 something failed, 2 bad usage,
// 141 when the reader of stdout closed it early. stdout carries data only; help and --version are
// data too (asked for); progress, logs and errors go to stderr.
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { exitCodeOfCommand, type RegisterCommand } from './command.js';
import { register as eventsCommand } from './commands/events.command.js';
import { register as processCommand } from './commands/process.command.js';
import { register as mergeIdentityCommand } from './commands/merge-identity.command.js';
import { register as queryCommand } from './commands/query.command.js';
import { register as reconcileCommand } from './commands/reconcile.command.js';
import { register as redriveCommand } from './commands/redrive.command.js';
import { register as reprocessCommand } from './commands/reprocess.command.js';
import { register as runLocalCommand } from './commands/run-local.command.js';
import { register as segmentCommand } from './commands/segment.command.js';
import { register as startCommand } from './commands/start.command.js';
import { register as uploadCommand } from './commands/upload.command.js';
import { reportError } from './output/errors.js';
import { guardOutput, OUTPUT_CLOSED_EXIT_CODE, outputClosed } from './output/stdout.js';

/** Every command, in the order `--help` lists them. Add a command here. */
const COMMANDS: RegisterCommand[] = [
  processCommand,
  segmentCommand,
  startCommand,
  runLocalCommand,
  uploadCommand,
  queryCommand,
  eventsCommand,
  redriveCommand,
  reprocessCommand,
  reconcileCommand,
  mergeIdentityCommand,
];

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

export function buildProgram(): Command {
  const program = new Command()
    .name('article-pipeline')
    .description(
      'Turn news articles into statements, attributed quotes and named entities.\n' +
        'stdout is data (JSON Lines unless asked otherwise); progress, logs and errors go to stderr.\n' +
        'Exit status: 0 ok, 1 a file failed, 2 bad usage.',
    )
    .version(version, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help for a command')
    .helpCommand('help [command]', 'show help for a command')
    .exitOverride()
    .showSuggestionAfterError(true);
  for (const register of COMMANDS) register(program);
  program.addHelpText(
    'after',
    '\nRun `article-pipeline <command> --help` for a command’s options and examples.\n',
  );
  // Every command (they inherit these settings only when created after them): help and version on
  // stdout, a usage error as one line on stderr that says where to look.
  for (const command of [program, ...program.commands]) {
    const name = command === program ? 'article-pipeline' : `article-pipeline ${command.name()}`;
    command.exitOverride().configureOutput({
      writeOut: (text) => process.stdout.write(text),
      writeErr: (text) => process.stderr.write(text),
      outputError: (text, write) =>
        write(
          `${text
            .replace(/\s+/g, ' ')
            .trim()
            .replace(/^error: /, `${name}: `)} (see \`${name} --help\`)\n`,
        ),
    });
  }
  return program;
}

guardOutput(process.stdout);
let exitCode: number;
try {
  await buildProgram().parseAsync(process.argv);
  exitCode = exitCodeOfCommand() ?? 0;
} catch (err) {
  // Help and version exit 0; every other usage problem is exit 2 (contract).
  if (err instanceof CommanderError) exitCode = err.exitCode === 0 ? 0 : 2;
  else exitCode = reportError('article-pipeline', err);
}
process.exitCode = outputClosed(process.stdout) ? OUTPUT_CLOSED_EXIT_CODE : exitCode;
