import { readFile } from 'node:fs/promises';
import type { ArticleResult, ErrorInfo } from '../../shared/domain/schema.js';
import { toErrorInfo } from '../../shared/app/errors.js';
import { defaultModels } from '../../shared/adapters/models/index.js';
import { processArticleBytes } from '../../shared/app/process-file.js';
import type { QuietOption } from '../command.js';
import { articleTable, errorTable } from '../format/article-table.js';
import { expandInputs, readStdinBytes, STDIN } from '../inputs.js';
import { UsageError } from '../output/errors.js';
import { startProgress } from '../output/progress.js';
import { writeData } from '../output/stdout.js';

export interface ProcessOptions extends QuietOption {
  format?: 'jsonl' | 'table';
  /** Leave out quotes whose confidence is under this (0–1); quotes without one are kept. */
  minConfidence?: number;
}

/** The result without the quotes under the confidence floor. */
function withMinConfidence<R extends Pick<ArticleResult, 'quotes'>>(result: R, min: number | undefined): R {
  if (min === undefined) return result;
  return { ...result, quotes: result.quotes.filter((q) => (q.confidence ?? 1) >= min) };
}

type ProcessLine = ArticleResult | { source: string; error: ErrorInfo };

/** The error line for a file that could not be read or processed, in words a user understands. */
function errorInfo(source: string, err: unknown): ErrorInfo {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return { code: 'FILE_NOT_FOUND', message: `No such file: ${source}` };
  if (code === 'EISDIR' || code === 'EACCES')
    return { code: 'FILE_UNREADABLE', message: `Cannot read ${source}: ${(err as Error).message}` };
  return toErrorInfo(err);
}

/**
 * `process`: one ArticleResult (or error object) per file, JSON Lines (or a table), input order;
 * each failure also as one line on stderr. Returns the exit code.
 */
export async function processCommand(
  inputs: string[],
  opts: ProcessOptions = {},
  out: NodeJS.WritableStream = process.stdout,
): Promise<number> {
  const sources = await expandInputs(inputs);
  if (sources.filter((s) => s === STDIN).length > 1)
    throw new UsageError('stdin (-) can be read only once', 'give - once');
  const progress = startProgress({
    label: 'process',
    total: sources.length,
    unit: 'files',
    quiet: opts.quiet,
  });
  let failed = 0;
  try {
    for (const source of sources) {
      let line: ProcessLine;
      try {
        const bytes = source === STDIN ? await readStdinBytes() : await readFile(source);
        const result = processArticleBytes(bytes, defaultModels(), source === STDIN ? undefined : source);
        line = { source, ...withMinConfidence(result, opts.minConfidence) };
      } catch (err) {
        line = { source, error: errorInfo(source, err) };
        progress.log(`process: ${source}: ${line.error.message} (${line.error.code})`);
      }
      const error = 'error' in line;
      if (error) failed++;
      writeData(
        opts.format === 'table'
          ? 'error' in line
            ? errorTable(line)
            : articleTable(line)
          : JSON.stringify(line) + '\n',
        out,
      );
      progress.tick(1, error ? 1 : 0);
    }
  } finally {
    progress.stop();
  }
  return failed > 0 ? 1 : 0;
}
