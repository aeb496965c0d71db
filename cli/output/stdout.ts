// stdout carries data only, and a reader may stop reading at any time (`… | head -1`). Node ignores
// SIGPIPE, so a closed pipe shows up as an EPIPE 'error' event on the stream, which would crash the
// process with a stack trace. Here it becomes a quiet stop with the status a shell gives a command
// killed by SIGPIPE (128 + 13), as `seq 1 100000 | head -1` reports in ${PIPESTATUS[0]}.

/** Exit status of a command whose reader closed its output early. */
export const OUTPUT_CLOSED_EXIT_CODE = 141;

/** Thrown by writeData once the reader has gone: the command stops and the process exits quietly. */
export class OutputClosedError extends Error {
  readonly exitCode = OUTPUT_CLOSED_EXIT_CODE;
  constructor() {
    super('The reader closed the output early.');
    this.name = 'OutputClosedError';
  }
}

const closedStreams = new WeakSet<NodeJS.WritableStream>();
const guardedStreams = new WeakSet<NodeJS.WritableStream>();

/**
 * Turns EPIPE on `stream` into a flag that writeData checks, instead of an uncaught error. Other
 * write errors (disk full on a redirected file) stay errors. Idempotent.
 */
export function guardOutput(stream: NodeJS.WritableStream = process.stdout): void {
  if (guardedStreams.has(stream)) return;
  guardedStreams.add(stream);
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE' || err.code === 'ERR_STREAM_DESTROYED') {
      closedStreams.add(stream);
      process.exitCode = OUTPUT_CLOSED_EXIT_CODE;
      return;
    }
    throw err;
  });
}

/** True once the reader of `stream` has closed it. */
export const outputClosed = (stream: NodeJS.WritableStream = process.stdout): boolean =>
  closedStreams.has(stream);

/**
 * Writes data (a JSON line, a table) to `stream`; throws OutputClosedError once its reader is gone,
 * so that loops over many files stop instead of working for nobody.
 */
export function writeData(text: string, stream: NodeJS.WritableStream = process.stdout): void {
  if (closedStreams.has(stream)) throw new OutputClosedError();
  stream.write(text);
}
