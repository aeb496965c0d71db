import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { articleErrorLineSchema, articleResultSchema } from '../../shared/domain/schema.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['bin/article-pipeline.mjs', ...args],
      { cwd: root, maxBuffer: 50 * 1024 * 1024 },
      (err, stdout, stderr) =>
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const lines = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('article-pipeline process (CLI contract)', () => {
  it('prints one contract-shaped ArticleResult whose offsets index article.text', async () => {
    const { code, stdout } = await run(['process', 'examples/belarus-russia-partners.txt']);
    expect(code).toBe(0);
    const [line, ...rest] = lines(stdout);
    expect(rest).toHaveLength(0);
    const result = articleResultSchema.parse(line);
    expect(result.source).toBe('examples/belarus-russia-partners.txt');
    const { text } = result.article;
    for (const s of result.statements) expect(text.slice(s.start, s.end)).toBe(s.text);
    for (const q of result.quotes) {
      expect(text.slice(q.start, q.end)).toBe(q.text);
      if (q.cue) expect(text.slice(q.cue.start, q.cue.end)).toBe(q.cue.text);
      if (q.speaker.start !== null)
        expect(text.slice(q.speaker.start, q.speaker.end!)).toBe(q.speaker.mention);
      if (q.speaker.entityId) expect(result.entities.map((e) => e.id)).toContain(q.speaker.entityId);
      expect(result.statements[q.statementIndex]!.start).toBeLessThanOrEqual(q.start);
    }
    for (const e of result.entities)
      for (const m of e.mentions) expect(text.slice(m.start, m.end)).toBe(m.text);
    expect(result.statements.map((s) => s.index)).toEqual(result.statements.map((_, i) => i));
  });

  it('the 14 direct quotes of the example article are attributed to Alexander Lukashenko', async () => {
    const { stdout } = await run(['process', 'examples/belarus-russia-partners.txt']);
    const result = articleResultSchema.parse(lines(stdout)[0]);
    const direct = result.quotes.filter((q) => q.type === 'direct');
    expect(direct).toHaveLength(14);
    for (const q of direct) expect(q.speaker.name).toBe('Alexander Lukashenko');
    // Split quotes ("“…,” he said. “…”") are one speaker; the pronoun and description forms are reported as such.
    expect(new Set(result.quotes.map((q) => q.speaker.resolution))).toEqual(
      new Set(['name', 'pronoun', 'description']),
    );
  });

  it('processes every regular file of a directory in order, reports bad files and exits 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ap-process-'));
    writeFileSync(join(dir, 'a.txt'), 'The minister said the talks would resume on Monday.\n');
    writeFileSync(join(dir, 'b.txt'), '');
    writeFileSync(join(dir, 'c.md'), '# Title here\n\n“We are ready,” she said.\n');
    mkdirSync(join(dir, 'nested'));
    const { code, stdout } = await run(['process', dir, join(dir, 'missing.txt')]);
    expect(code).toBe(1);
    const out = lines(stdout);
    expect(out.map((l) => l.source)).toEqual([
      join(dir, 'a.txt'),
      join(dir, 'b.txt'),
      join(dir, 'c.md'),
      join(dir, 'missing.txt'),
    ]);
    articleResultSchema.parse(out[0]);
    expect(articleErrorLineSchema.parse(out[1]).error.code).toBe('EMPTY_INPUT');
    const md = articleResultSchema.parse(out[2]);
    expect(md.article.title).toBe('Title here');
    expect(md.quotes.map((q) => q.text)).toContain('We are ready');
    expect(articleErrorLineSchema.parse(out[3]).error.code).toBe('FILE_NOT_FOUND');
  });

  it('exits 2 on bad usage and prints nothing on stdout', async () => {
    for (const args of [['process'], ['no-such-command'], []]) {
      const { code, stdout } = await run(args);
      expect(code).toBe(2);
      expect(stdout).toBe('');
    }
  });
  it('gives every quote a confidence and leaves out those under --min-confidence', async () => {
    const all = articleResultSchema.parse(
      lines((await run(['process', 'examples/belarus-russia-partners.txt'])).stdout)[0],
    );
    const confidences = all.quotes.map((q) => q.confidence);
    expect(confidences.every((c) => c !== undefined && c > 0 && c < 1)).toBe(true);
    const floor = [...new Set(confidences as number[])].sort((a, b) => a - b)[1]!;
    const { code, stdout } = await run([
      'process',
      '--min-confidence',
      String(floor),
      'examples/belarus-russia-partners.txt',
    ]);
    expect(code).toBe(0);
    const kept = articleResultSchema.parse(lines(stdout)[0]).quotes;
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.length).toBeLessThan(all.quotes.length);
    expect(kept).toEqual(all.quotes.filter((q) => q.confidence! >= floor));
    const bad = await run(['process', '--min-confidence', '2', 'examples/belarus-russia-partners.txt']);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
  });
});
