import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { toErrorInfo } from '../../shared/app/errors.js';
import { defaultModels } from '../../shared/adapters/models/index.js';
import { processArticleBytes } from '../../shared/app/process-file.js';

/** A directory means every regular file directly inside it, in name order. */
export async function expandInputs(inputs: string[]): Promise<string[]> {
  const files: string[] = [];
  for (const input of inputs) {
    const info = await stat(input).catch(() => null);
    if (info?.isDirectory()) {
      const entries = await readdir(input, { withFileTypes: true });
      for (const e of entries.filter((d) => d.isFile()).sort((a, b) => a.name.localeCompare(b.name))) {
        files.push(join(input, e.name));
      }
    } else {
      files.push(input);
    }
  }
  return files;
}

/** `process`: one ArticleResult (or error object) per file, JSON Lines, input order. Returns the exit code. */
export async function processCommand(
  inputs: string[],
  out: NodeJS.WritableStream = process.stdout,
): Promise<number> {
  let failed = 0;
  for (const source of await expandInputs(inputs)) {
    try {
      const bytes = await readFile(source);
      const analysis = processArticleBytes(bytes, defaultModels(), source);
      out.write(JSON.stringify({ source, ...analysis }) + '\n');
    } catch (err) {
      failed++;
      const error =
        (err as NodeJS.ErrnoException).code === 'ENOENT'
          ? { code: 'FILE_NOT_FOUND', message: `No such file: ${source}` }
          : (err as NodeJS.ErrnoException).code === 'EISDIR' ||
              (err as NodeJS.ErrnoException).code === 'EACCES'
            ? { code: 'FILE_UNREADABLE', message: `Cannot read ${source}: ${(err as Error).message}` }
            : toErrorInfo(err);
      out.write(JSON.stringify({ source, error }) + '\n');
    }
  }
  return failed > 0 ? 1 : 0;
}
