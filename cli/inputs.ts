// Where commands get their input: file and directory arguments, or stdin.
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** The argument that means "read the article from stdin". */
export const STDIN = '-';

/** A directory means every regular file directly inside it, in name order; `-` stays as it is. */
export async function expandInputs(inputs: string[]): Promise<string[]> {
  const files: string[] = [];
  for (const input of inputs) {
    const info = input === STDIN ? null : await stat(input).catch(() => null);
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

/** All of stdin as bytes (the decoder detects the encoding). */
export async function readStdinBytes(stdin: NodeJS.ReadableStream = process.stdin): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks);
}
