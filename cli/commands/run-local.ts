import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedStack, StateDirInUseError } from '../../infra/local/embedded-stack.js';
import { runLocal, type RunLocalResult } from '../../infra/local/run-local.js';
import type { QuietOption } from '../command.js';
import { expandInputs } from '../inputs.js';
import { CliError } from '../output/errors.js';
import { formatDuration, startProgress } from '../output/progress.js';
import { OutputClosedError, outputClosed } from '../output/stdout.js';
import { stackPorts, type StackCliOptions } from './stack-options.js';

/**
 * Keeps stdout for data: anything else the process writes there (the handler's Powertools logs)
 * goes to `log` (stderr). Returns the real stdout writer, which throws OutputClosedError once the
 * reader has gone, and a function that undoes the redirection.
 */
export function reserveStdout(log: (text: string) => void = (text) => void process.stderr.write(text)): {
  write: (line: string) => void;
  release: () => void;
} {
  // Kept unbound so that release() restores the very same function; always called on process.stdout.
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const original = process.stdout.write;
  const write = (line: string) => {
    if (outputClosed(process.stdout)) throw new OutputClosedError();
    original.call(process.stdout, line);
  };
  process.stdout.write = (chunk: string | Uint8Array) => {
    log(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  };
  return { write, release: () => void (process.stdout.write = original) };
}

export interface RunLocalCliOptions extends StackCliOptions, QuietOption {
  timeout?: number;
}

/** `run-local`: one RunLocalResult per file, JSON Lines, input order. Returns the exit code. */
export async function runLocalCommand(inputs: string[], opts: RunLocalCliOptions): Promise<number> {
  const files = await expandInputs(inputs);
  if (files.length === 0) {
    process.stderr.write('run-local: no files to process.\n');
    return 0;
  }
  // No summary from the progress: the command ends with its own (processed, failed, timed out).
  const progress = startProgress({
    label: 'run-local',
    total: files.length,
    unit: 'files',
    quiet: opts.quiet,
    summary: false,
  });
  const stdout = reserveStdout((text) => progress.log(text.replace(/\n$/, '')));
  const stateDir = opts.stateDir ?? (await mkdtemp(join(tmpdir(), 'article-pipeline-run-')));
  const stack = new EmbeddedStack({
    stateDir,
    ...stackPorts(opts),
    log: (line) => progress.log(`[local] ${line}`),
  });
  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= stack
      .stop()
      .then(() => (opts.stateDir ? undefined : rm(stateDir, { recursive: true, force: true }))));
  const onSignal = (signal: NodeJS.Signals) => {
    progress.stop();
    process.stderr.write(`run-local: ${signal}, stopping the local stack\n`);
    void stop().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const started = Date.now();
    await stack.start();
    progress.log(
      `run-local: local stack up in ${Date.now() - started} ms (state: ${stateDir}); uploading ${files.length} file(s)`,
    );
    // Results are printed in input order, each as soon as it and all before it are known.
    const results: Array<RunLocalResult | undefined> = [];
    let printed = 0;
    await runLocal(stack, files, {
      // Generous by default: the first article also pays for loading the NLP models.
      timeoutMs: (opts.timeout ?? Math.max(120, files.length * 2)) * 1000,
      onUploaded: (done, total) => progress.note(done < total ? `uploaded ${done}/${total}` : ''),
      onResult: (result, index) => {
        results[index] = result;
        progress.tick(1, result.status === 'PROCESSED' ? 0 : 1);
        if (result.error)
          progress.log(`run-local: ${result.source}: ${result.status}: ${result.error.message}`);
        for (; printed < files.length && results[printed]; printed++)
          stdout.write(JSON.stringify(results[printed]) + '\n');
      },
    });
    progress.stop();
    const finished = results.filter((r): r is RunLocalResult => r !== undefined);
    const unreadable = finished.filter(
      (r) => r.error?.code === 'FILE_NOT_FOUND' || r.error?.code === 'FILE_UNREADABLE',
    );
    const timedOut = finished.filter((r) => r.status === 'TIMED_OUT');
    process.stderr.write(
      `run-local: ${finished.filter((r) => r.status === 'PROCESSED').length} processed, ` +
        `${finished.filter((r) => r.status === 'FAILED').length} failed, ${timedOut.length} timed out ` +
        `in ${formatDuration(Date.now() - started)}\n`,
    );
    return timedOut.length || unreadable.length ? 1 : 0;
  } catch (err) {
    if (err instanceof StateDirInUseError) throw new CliError(err.message);
    throw err;
  } finally {
    progress.stop();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await stop();
    stdout.release();
  }
}
