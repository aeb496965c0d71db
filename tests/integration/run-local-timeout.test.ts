// run-local's waiting logic in-process: files whose processing never records a result end as
// TIMED_OUT (early, once the stack has nothing left to do), and keys never collide.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedStack } from '../../infra/local/embedded-stack.js';
import { contentTypeFor, keysFor, runLocal } from '../../infra/local/run-local.js';

describe('run-local keys and content types', () => {
  it('uses the file name as the key and never lets two uploads share one', () => {
    expect(keysFor(['a/x.txt', 'b/x.txt', 'y.md', 'c/x.txt'], 'incoming/')).toEqual([
      'incoming/x.txt',
      'incoming/2/x.txt',
      'incoming/y.md',
      'incoming/3/x.txt',
    ]);
  });

  it('guesses content types from extensions', () => {
    expect(contentTypeFor('a.HTML')).toBe('text/html');
    // No charset claimed for what was not read: the decoder detects it from the bytes.
    expect(contentTypeFor('a.txt')).toBe('text/plain');
    expect(contentTypeFor('notes.md')).toBe('text/markdown');
    expect(contentTypeFor('a.json')).toBe('application/json');
    expect(contentTypeFor('a.bin')).toBe('application/octet-stream');
  });
});

describe('run-local when nothing records a result', () => {
  let dir: string;
  let stack: EmbeddedStack;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'run-local-timeout-'));
    // A handler that swallows every message without recording anything.
    stack = new EmbeddedStack({
      stateDir: join(dir, 'state'),
      handler: async () => ({ batchItemFailures: [] }),
    });
    await stack.start();
  });

  afterAll(async () => {
    await stack?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('reports TIMED_OUT without waiting for the full timeout once the stack is idle', async () => {
    const file = join(dir, 'lost.txt');
    await writeFile(file, 'Some text.');
    const started = Date.now();
    const [result] = await runLocal(stack, [file], { timeoutMs: 60_000 });
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(result).toMatchObject({
      source: file,
      key: 'incoming/lost.txt',
      status: 'TIMED_OUT',
      articleId: null,
      events: 0,
      error: { code: 'TIMED_OUT' },
    });
  });
});
