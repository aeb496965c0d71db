// `run-local` end to end, as a user runs it: the CLI in a child process, stdout parsed as JSON Lines.
import { spawn } from 'node:child_process';
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunLocalResult } from '../../infra/local/run-local.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SAMPLE = 'examples/belarus-russia-partners.txt';

function runCli(
  args: string[],
  timeoutMs = 90_000,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    // Progress lines (stderr is not a terminal here) every 0.1 s instead of every 5 s.
    const env = { ...process.env, ARTICLE_PIPELINE_PROGRESS_INTERVAL: '0.1' };
    const child = spawn(process.execPath, ['bin/article-pipeline.mjs', ...args], { cwd: ROOT, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`run-local did not finish in ${timeoutMs} ms:\n${stderr}`));
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('article-pipeline run-local', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'run-local-test-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('processes files through the embedded stack and prints one RunLocalResult per file', async () => {
    // Same content as the sample under another name, an empty file, and a name with a space and '+'.
    const copy = join(dir, 'same content.txt');
    await copyFile(join(ROOT, SAMPLE), copy);
    const empty = join(dir, 'empty.txt');
    await writeFile(empty, '');
    const plus = join(dir, 'notes+1.md');
    await writeFile(plus, '# Talks\n\nThe minister said on Monday that talks would resume in Vienna.\n');

    const { code, stdout, stderr } = await runCli(['run-local', SAMPLE, copy, empty, plus]);
    expect(code, stderr).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(4); // stdout carries data only
    const [sample, same, emptyResult, plusResult] = lines.map((l) => JSON.parse(l) as RunLocalResult);

    expect(sample).toMatchObject({
      source: SAMPLE,
      key: 'incoming/belarus-russia-partners.txt',
      status: 'PROCESSED',
      error: null,
    });
    expect(sample!.statements).toBeGreaterThan(0);
    expect(sample!.quotes).toBeGreaterThan(0);
    expect(sample!.entities).toBeGreaterThan(0);
    expect(sample!.events).toBe(sample!.statements);
    expect(sample!.ms).toBeGreaterThan(0);

    // Identical bytes: the same article, and a correct result for each file.
    expect(same).toMatchObject({
      source: copy,
      key: 'incoming/same content.txt',
      status: 'PROCESSED',
      articleId: sample!.articleId,
    });
    expect(same!.statements).toBe(sample!.statements);

    expect(emptyResult).toMatchObject({ source: empty, status: 'FAILED', statements: 0, events: 0 });
    expect(emptyResult!.error?.code).toBe('EMPTY_INPUT');

    expect(plusResult).toMatchObject({ key: 'incoming/notes+1.md', status: 'PROCESSED' });
    expect(plusResult!.events).toBe(plusResult!.statements);

    // Progress on stderr while it works (counts, rate, ETA, uploads), then the summary.
    expect(stderr).toMatch(/^run-local: [0-4]\/4 files \(\d+%\), [\d.?]+ files\/s, ETA .+$/m);
    expect(stderr).toMatch(/^run-local: 3 processed, 1 failed, 0 timed out in \d+ s$/m);
  });

  it('exits 1 when a file cannot be read, 2 on bad usage', async () => {
    const [missing, badTimeout] = await Promise.all([
      runCli(['run-local', join(dir, 'missing.txt')]),
      runCli(['run-local', SAMPLE, '--timeout', 'soon']),
    ]);
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.stdout.trim())).toMatchObject({
      status: 'FAILED',
      error: { code: 'FILE_NOT_FOUND' },
    });
    expect(badTimeout.code).toBe(2);
    expect(badTimeout.stdout).toBe('');
  });
});
