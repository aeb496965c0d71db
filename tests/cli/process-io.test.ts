// `process` as people and scripts use it: stdin, the table, progress on a terminal and off it,
// and a reader that stops early (`| head -1`).
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { articleResultSchema, type ArticleResult } from '../../shared/domain/schema.js';
import { BIN, jsonLines, ROOT, runCli } from './helpers.js';

const SAMPLE = 'examples/belarus-russia-partners.txt';
const exec = promisify(execFile);
/** Quotes a path or word for `sh -c`. */
const sh = (word: string) => `'${word.replace(/'/g, `'\\''`)}'`;

/** A directory of `count` copies of the sample article (each result line is ~26 KB). */
function corpus(count: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'ap-process-io-'));
  mkdirSync(join(dir, 'in'));
  for (let i = 0; i < count; i++)
    copyFileSync(join(ROOT, SAMPLE), join(dir, 'in', `article-${String(i).padStart(2, '0')}.txt`));
  return dir;
}

describe('article-pipeline process: stdin and --format table', () => {
  let fromFile: ArticleResult;
  beforeAll(async () => {
    const run = await runCli(['process', SAMPLE]);
    fromFile = articleResultSchema.parse(jsonLines(run.stdout)[0]);
  });

  it('process - reads the article from stdin; the result is the file’s, with source "-"', async () => {
    const run = await runCli(['process', '-'], { input: readFileSync(join(ROOT, SAMPLE)) });
    expect(run.code).toBe(0);
    const [line, ...rest] = jsonLines(run.stdout);
    expect(rest).toHaveLength(0);
    expect(line).toEqual({ ...fromFile, source: '-' });
  });

  it('--format table lists every quote with its speaker and every entity with its type', async () => {
    const run = await runCli(['process', '--format', 'table', SAMPLE]);
    expect(run.code).toBe(0);
    const { quotes, entities, statements } = fromFile;
    const lines = run.stdout.split('\n');
    expect(lines[0]).toMatch(new RegExp(`^${SAMPLE}`));
    expect(lines[1]).toBe(
      `${statements.length} statements, ${quotes.length} quotes, ${entities.length} entities`,
    );
    // One row per quote: number, type and the speaker's name, in order.
    const quoteRows = lines.filter((l) => /^\s*\d+ {2}(direct|indirect|mixed) /.test(l));
    expect(quoteRows).toHaveLength(quotes.length);
    quotes.forEach((q, i) => {
      expect(quoteRows[i]).toMatch(new RegExp(`^\\s*${i + 1} {2}${q.type}\\s+${q.speaker.name ?? ''}`));
    });
    // A speaker found through a pronoun shows, under the name, the words that point to it.
    const pronoun = quotes.findIndex((q) => q.speaker.resolution === 'pronoun');
    const row = lines.indexOf(quoteRows[pronoun]!);
    expect(lines[row + 1]).toMatch(new RegExp(`^\\s+as “${quotes[pronoun]!.speaker.mention}”`));
    // Every entity: its type, then its name, on one row.
    const entityRows = lines.slice(lines.indexOf('Entities') + 2);
    for (const e of entities)
      expect(
        entityRows.some((row) => new RegExp(`^${e.type}\\s+${e.name}\\s+${e.mentions.length}\\b`).test(row)),
      ).toBe(true);
    expect(run.stdout).not.toContain('{"'); // no JSON for people
  });
});

describe('article-pipeline process over many files', () => {
  const FILES = 12;
  let dir: string;
  let quietOut: string;
  beforeAll(async () => {
    dir = corpus(FILES);
    const quiet = await runCli(['process', '--quiet', join(dir, 'in')]);
    expect(quiet.code).toBe(0);
    expect(quiet.stderr).toBe(''); // --quiet: no progress at all
    quietOut = quiet.stdout;
    expect(jsonLines(quietOut)).toHaveLength(FILES);
  });

  it('not on a terminal: a progress line every interval and a summary on stderr; stdout unchanged', async () => {
    const run = await runCli(['process', join(dir, 'in')], {
      env: { ARTICLE_PIPELINE_PROGRESS_INTERVAL: '0.05' },
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(quietOut);
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines.slice(0, -1))
      expect(line).toMatch(
        new RegExp(`^process: \\d+/${FILES} files \\(\\d+%\\), [\\d.?]+ files/s, ETA (\\?|[\\d a-z]+)$`),
      );
    expect(lines.at(-1)).toMatch(
      new RegExp(`^process: ${FILES}/${FILES} files in [\\d a-z]+ \\([\\d.]+ files/s\\)$`),
    );
    expect(run.stderr).not.toContain('\x1b[');
  });

  it('on a terminal (a real pseudo-terminal, via script): a redrawn bar with counts, rate and ETA', async () => {
    const out = join(dir, 'tty.jsonl');
    const command = `${sh(process.execPath)} ${sh(BIN)} process ${sh(join(dir, 'in'))} > ${sh(out)}`;
    // script runs the command on a new pseudo-terminal and copies what it shows to our stdout.
    const { stdout: screen } = await exec('script', ['-qfec', command, '/dev/null'], {
      cwd: ROOT,
      maxBuffer: 1 << 24,
    });
    expect(screen).toContain('\x1b['); // drawn with terminal escapes
    expect(screen).toMatch(new RegExp(`process [█░]+ \\d+/${FILES} files \\| [\\d.?]+ files/s \\| ETA `));
    expect(screen).toMatch(
      new RegExp(`process: ${FILES}/${FILES} files in [\\d a-z]+ \\([\\d.]+ files/s\\)`),
    );
    expect(readFileSync(out, 'utf8')).toBe(quietOut); // stdout is data only, even on a terminal

    const { stdout: quietScreen } = await exec(
      'script',
      ['-qfec', command.replace(' process ', ' process --quiet '), '/dev/null'],
      {
        cwd: ROOT,
      },
    );
    expect(quietScreen.trim()).toBe('');
  });

  it('piped into head -1: the first line, then a quiet stop with the status of an early close (141)', async () => {
    const err = join(dir, 'stderr.txt');
    const { stdout } = await exec(
      'bash',
      [
        '-c',
        `${sh(process.execPath)} ${sh(BIN)} process ${sh(join(dir, 'in'))} 2> ${sh(err)} | head -1; echo "status=\${PIPESTATUS[0]}"`,
      ],
      // No periodic progress line: under load one may come before head closes the pipe, and this test is
      // about the early close (no EPIPE trace, no summary), not about progress.
      { cwd: ROOT, maxBuffer: 1 << 24, env: { ...process.env, ARTICLE_PIPELINE_PROGRESS_INTERVAL: '3600' } },
    );
    const [first, status] = stdout.trimEnd().split('\n');
    expect(first).toBe(quietOut.split('\n')[0]);
    expect(status).toBe('status=141');
    expect(readFileSync(err, 'utf8')).toBe(''); // no EPIPE stack trace, no summary
  });
});
