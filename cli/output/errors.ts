// Every failure a command reports is one line on stderr, `<command>: <what happened>[; <what to do>]`,
// and an exit status from the contract: 1 when something failed, 2 for bad usage.
import { ArticleError } from '../../shared/app/errors.js';
import { OutputClosedError } from './stdout.js';

/** A failure the command has put in words for the user; `hint` says what to do about it. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly options: { hint?: string; exitCode?: number } = {},
  ) {
    super(message);
    this.name = 'CliError';
  }
  get exitCode(): number {
    return this.options.exitCode ?? 1;
  }
}

/** Bad usage: wrong arguments or option values (exit status 2). */
export class UsageError extends CliError {
  constructor(message: string, hint?: string) {
    super(message, { hint, exitCode: 2 });
    this.name = 'UsageError';
  }
}

/** Set ARTICLE_PIPELINE_DEBUG=1 to see the stack of an unexpected error. */
const debugging = () => /^(1|true|yes)$/i.test(process.env.ARTICLE_PIPELINE_DEBUG ?? '');

const flat = (text: string) => text.replace(/\s+/g, ' ').trim();

/** Words for errors that come from the system rather than from this program. */
function systemErrorLine(err: NodeJS.ErrnoException): string | null {
  const where = err.path ?? (err as { address?: string }).address ?? '';
  switch (err.code) {
    case 'ENOENT':
      return `no such file or directory: ${where}`;
    case 'EACCES':
    case 'EPERM':
      return `permission denied: ${where}; check the file's permissions`;
    case 'EISDIR':
      return `${where} is a directory where a file was expected`;
    case 'ECONNREFUSED':
      return `nothing answers at ${flat(err.message).replace(/^.*ECONNREFUSED\s*/, '')}; is the local stack running? (start it with \`npm start\`)`;
    case 'EADDRINUSE':
      return `${flat(err.message)}; choose other ports (--base-port, --port-*) or 0 for free ones`;
    case 'ENOSPC':
      return `no space left on the device${where ? ` writing ${where}` : ''}`;
    default:
      return null;
  }
}

/** The one line that describes `err` to a person, without the command prefix. */
export function describeError(err: unknown): string {
  if (err instanceof CliError) return err.options.hint ? `${err.message}; ${err.options.hint}` : err.message;
  if (err instanceof ArticleError) return `${err.code}: ${err.message}`;
  const system = err instanceof Error ? systemErrorLine(err) : null;
  if (system) return system;
  const message = err instanceof Error ? flat(err.message) : flat(String(err));
  return (
    `unexpected error: ${message || (err as Error).name}` +
    (debugging() ? '' : ' (set ARTICLE_PIPELINE_DEBUG=1 to see where it happened)')
  );
}

/** The exit status for `err`: the contract's 1 or 2, or 141 when the reader closed stdout. */
export function exitCodeFor(err: unknown): number {
  if (err instanceof CliError || err instanceof OutputClosedError) return err.exitCode;
  return 1;
}

/**
 * Writes the one-line report of `err` to stderr (nothing for a closed output, which is not a
 * failure the user needs telling about) and returns the exit status.
 */
export function reportError(
  command: string,
  err: unknown,
  stderr: NodeJS.WritableStream = process.stderr,
): number {
  if (err instanceof OutputClosedError) return err.exitCode;
  stderr.write(`${command}: ${describeError(err)}\n`);
  if (debugging() && err instanceof Error && !(err instanceof CliError) && err.stack)
    stderr.write(`${err.stack}\n`);
  return exitCodeFor(err);
}
