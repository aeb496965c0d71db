// `article-pipeline start` (what `npm start` runs) as a user sees it: READY with the endpoints,
// stack.json, the sample article's events on the console, uploads accepted while it runs, and a
// clean stop on SIGINT.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { access, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { uploadCommand } from '../../cli/commands/upload.js';
import type { StackInfo } from '../../infra/local/embedded-stack.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe('article-pipeline start', () => {
  let child: ChildProcessWithoutNullStreams | undefined;
  let stateDir: string | undefined;

  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    if (stateDir) await rm(stateDir, { recursive: true, force: true });
  });

  it('starts, processes the sample, accepts uploads and stops cleanly on SIGINT', async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'start-test-'));
    const proc = spawn(process.execPath, ['bin/article-pipeline.mjs', 'start', '--state-dir', stateDir], {
      cwd: ROOT,
    });
    child = proc;
    let stdout = '';
    let stderr = '';
    proc.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
    const waitForOutput = async (pattern: RegExp, timeoutMs = 60_000) => {
      const deadline = Date.now() + timeoutMs;
      while (!pattern.test(stdout)) {
        if (Date.now() > deadline || proc.exitCode !== null)
          throw new Error(`no ${pattern} in:\n${stdout}\n${stderr}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };

    await waitForOutput(/^READY .*$/m);
    const ready = /^READY (.*)$/m.exec(stdout)![1]!;
    const info = JSON.parse(await readFile(join(stateDir, 'stack.json'), 'utf8')) as StackInfo;
    expect(info.pid).toBe(proc.pid);
    for (const url of Object.values(info.endpoints)) expect(ready).toContain(url);

    // The sample article's statements stream to the console, one line each.
    await waitForOutput(/^Sample article: .*$/m);
    expect(stdout).toMatch(/Sample article: PROCESSED/);
    const statementLines = stdout.match(/^ {2}statement \d+\/(\d+)/gm) ?? [];
    const total = Number(/^ {2}statement \d+\/(\d+)/m.exec(stdout)?.[1]);
    expect(total).toBeGreaterThan(0);
    expect(statementLines).toHaveLength(total);
    expect(stdout).toMatch(/Alexander Lukashenko: /);

    // The running stack takes uploads (the `upload` command: an S3 client pointed at it through stack.json).
    const vienna = join(stateDir, 'vienna.txt');
    await writeFile(vienna, 'Talks resumed in Vienna on Monday, the Austrian foreign ministry said.\n');
    const uploaded: string[] = [];
    const sink = { write: (line: string) => uploaded.push(line) } as unknown as NodeJS.WritableStream;
    expect(await uploadCommand([vienna], { stateDir }, sink)).toBe(0);
    expect(JSON.parse(uploaded[0]!)).toEqual({
      source: vienna,
      bucket: info.resources.bucket,
      key: 'incoming/vienna.txt',
    });
    await waitForOutput(/✔ article \S+ processed from s3:\/\/\S+\/incoming\/vienna\.txt/);

    proc.kill('SIGINT');
    const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r('hung'), 15_000))]);
    expect(code).toBe(0);
    expect(stderr).toMatch(/Local stack stopped/);
    await expect(access(join(stateDir, 'stack.json'))).rejects.toThrow();
    // Servers are closed: nothing answers on the old ports.
    await expect(fetch(info.endpoints.eventbridge, { method: 'POST' })).rejects.toThrow();
    await expect(fetch(info.endpoints.s3)).rejects.toThrow();
    // State is kept for the next start.
    await access(join(stateDir, 'events.jsonl'));
  });
});
