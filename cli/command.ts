// What every command module uses to declare itself. A command module (cli/commands/<name>.command.ts)
// exports `register(program)`, which adds the command with its arguments, options, help text and
// examples, and whose action loads the implementation (cli/commands/<name>.ts) only when it runs, so
// `--help` and the other commands never pay for the AWS SDK, the emulators or the NLP models.
import { Option, type Command } from 'commander';
import { reportError } from './output/errors.js';

/** Adds one command to the program. */
export type RegisterCommand = (program: Command) => void;

/** Exit status of the command that ran (see main.ts). */
let commandExitCode: number | undefined;
export const exitCodeOfCommand = () => commandExitCode;

/**
 * The action of command `name`: runs `run` and keeps its exit status; an error it throws becomes
 * one line on stderr (reportError) and the status that error calls for.
 */
export function runs<Args extends unknown[]>(
  name: string,
  run: (...args: Args) => Promise<number>,
): (...args: Args) => Promise<void> {
  return async (...args: Args) => {
    try {
      commandExitCode = await run(...args);
    } catch (err) {
      commandExitCode = reportError(name, err);
    }
  };
}

/** Help text listing examples: pairs of [command line, what it does]. */
export function examples(...pairs: Array<[commandLine: string, comment: string]>): string {
  return `\nExamples:\n${pairs.map(([line, comment]) => `  # ${comment}\n  $ ${line}`).join('\n')}\n`;
}

/** `-q, --quiet`: no progress on stderr (errors are still reported). */
export const quietOption = () =>
  new Option('-q, --quiet', 'no progress output on stderr (errors are still reported)');

export interface QuietOption {
  quiet?: boolean;
}
