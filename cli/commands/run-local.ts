import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedStack, StateDirInUseError } from '../../infra/local/embedded-stack.js';
import { runLocal, type RunLocalResult } from '../../infra/local/run-local.js';
import { expandInputs } from './process.js';
import { stackPorts, type StackCliOptions } from './stack-options.js';

/**
 * Keeps stdout for data: anything else the process writes there (the handler's Powertools logs)
 * goes to stderr. Returns the real stdout writer and a function that undoes the redirection.
 */
export function reserveStdout(): { write: (line: string) => void; release: () => void } {
  // Kept unbound so that release() restores the very same function; always called on process.stdout.
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const original = process.stdout.write;
  const write = (line: string) => void original.call(process.stdout, line);
  const toStderr: typeof process.stdout.write = process.stderr.write.bind(process.stderr);
  process.stdout.write = toStderr;
  return { write, release: () => void (process.stdout.write = original) };
}

export interface RunLocalCliOptions extends StackCliOptions {
  timeout?: number;
}

/** `run-local`: one RunLocalResult per file, JSON Lines, input order. Returns the exit code. */
export async function runLocalCommand(inputs: string[], opts: RunLocalCliOptions): Promise<number> {
  const files = await expandInputs(inputs);
  if (files.length === 0) {
    process.stderr.write('run-local: no files to process.\n');
    return 0;
  }
  const stdout = reserveStdout();
  const stateDir = opts.stateDir ?? (await mkdtemp(join(tmpdir(), 'article-pipeline-run-')));
  const stack = new EmbeddedStack({
    stateDir,
    ...stackPorts(opts),
    log: (line) => process.stderr.write(`[local] ${line}\n`),
  });
  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= stack
      .stop()
      .then(() => (opts.stateDir ? undefined : rm(stateDir, { recursive: true, force: true }))));
  const onSignal = (signal: NodeJS.Signals) => {
    process.stderr.write(`run-local: ${signal}, stopping the local stack\n`);
    void stop().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const started = Date.now();
    await stack.start();
    process.stderr.write(
      `run-local: local stack up in ${Date.now() - started} ms (state: ${stateDir}); uploading ${files.length} file(s)\n`,
    );
    // Results are printed in input order, each as soon as it and all before it are known.
    const results: Array<RunLocalResult | undefined> = [];
    let printed = 0;
    await runLocal(stack, files, {
      // Generous by default: the first article also pays for loading the NLP models.
      timeoutMs: (opts.timeout ?? Math.max(120, files.length * 2)) * 1000,
      onResult: (result, index) => {
        results[index] = result;
        for (; printed < files.length && results[printed]; printed++)
          stdout.write(JSON.stringify(results[printed]) + '\n');
      },
    });
    const finished = results.filter((r): r is RunLocalResult => r !== undefined);
    const unreadable = finished.filter(
      (r) => r.error?.code === 'FILE_NOT_FOUND' || r.error?.code === 'FILE_UNREADABLE',
    );
    const timedOut = finished.filter((r) => r.status === 'TIMED_OUT');
    process.stderr.write(
      `run-local: ${finished.filter((r) => r.status === 'PROCESSED').length} processed, ` +
        `${finished.filter((r) => r.status === 'FAILED').length} failed, ${timedOut.length} timed out\n`,
    );
    return timedOut.length || unreadable.length ? 1 : 0;
  } catch (err) {
    if (err instanceof StateDirInUseError || (err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      process.stderr.write(`run-local: ${(err as Error).message}\n`);
      return 1;
    }
    throw err;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await stop();
    stdout.release();
  }
}
