// The CLI's output helpers in-process: tables, progress (on a fake non-terminal and terminal stream),
// the closed-output guard and the one-line error reports.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { CliError, describeError, reportError, UsageError } from '../../cli/output/errors.js';
import { formatDuration, startProgress } from '../../cli/output/progress.js';
import { guardOutput, OutputClosedError, outputClosed, writeData } from '../../cli/output/stdout.js';
import { formatTable } from '../../cli/output/table.js';
import { ArticleError } from '../../shared/app/errors.js';

/** A stream that records what is written, with the isTTY/columns a terminal would have. */
function fakeStream(isTTY: boolean) {
  const stream = new PassThrough() as PassThrough & { isTTY?: boolean; columns?: number };
  let text = '';
  stream.on('data', (d: Buffer) => (text += d.toString()));
  stream.isTTY = isTTY;
  stream.columns = 100;
  return { stream: stream as unknown as NodeJS.WriteStream, text: () => text };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('formatTable', () => {
  const rows = [
    {
      n: 1,
      who: 'Alexander Lukashenko',
      said: 'Russia has always been and remains our strategic partner and ally.',
    },
    { n: 12, who: 'He', said: 'Short.' },
  ];
  const columns = [
    { header: '#', value: (r: (typeof rows)[number]) => r.n, align: 'right' as const },
    { header: 'speaker', value: (r: (typeof rows)[number]) => r.who, maxWidth: 12 },
    { header: 'quote', value: (r: (typeof rows)[number]) => r.said, wrap: true },
  ];

  it('fits the width: the flexible column wraps on word boundaries, a capped one is cut with …', () => {
    const lines = formatTable(rows, columns, { width: 50 }).trimEnd().split('\n');
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(50);
    expect(lines[0]).toMatch(/^ # {2}speaker\s+quote$/);
    expect(lines[1]).toMatch(/^ 1 {2}Alexander L… {2}Russia has always been and$/);
    // The wrapped words continue under the quote column, nothing lost.
    const quoteColumn = lines[0]!.indexOf('quote');
    const wrapped = lines.slice(1, -1).map((l) => l.slice(quoteColumn).trim());
    expect(wrapped.join(' ')).toBe(rows[0]!.said);
    expect(lines.at(-1)).toMatch(/^12 {2}He\s+Short\.$/);
  });

  it('gives the flexible column only what it needs on a wide line', () => {
    const out = formatTable(rows, columns, { width: 200 });
    expect(out.split('\n')[1]).toBe(
      ' 1  Alexander L…  Russia has always been and remains our strategic partner and ally.',
    );
  });
});

describe('startProgress', () => {
  it('writes a line with counts, rate and ETA every interval when not a terminal, then a summary', async () => {
    const { stream, text } = fakeStream(false);
    const progress = startProgress({ label: 'process', total: 4, unit: 'files', stream, intervalMs: 30 });
    progress.tick();
    await sleep(80);
    progress.tick(1, 1);
    progress.note('uploaded 4/4');
    await sleep(80);
    progress.log('process: b.txt: No such file');
    progress.tick(2);
    progress.stop();
    progress.stop(); // idempotent
    const lines = text().trimEnd().split('\n');
    expect(lines[0]).toBe('process: 1/4 files (25%), ? files/s, ETA ?'); // no pace from the first item alone
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^process: 2\/4 files \(50%\), [\d.]+ files\/s, ETA \d+ s, 1 failed, uploaded 4\/4$/,
      ),
    );
    expect(lines).toContain('process: b.txt: No such file');
    expect(lines.at(-1)).toMatch(/^process: 4\/4 files in \d+ s \([\d.]+ files\/s\), 3 ok, 1 failed$/);
    expect(text()).not.toContain('\x1b['); // no terminal escapes in a log file
  });

  it('draws a bar with escapes on a terminal and clears it before the summary', async () => {
    const { stream, text } = fakeStream(true);
    const progress = startProgress({ label: 'upload', total: 3, unit: 'files', stream });
    progress.tick();
    await sleep(450); // the bar redraws five times a second
    progress.log('upload: c.txt: refused');
    progress.tick(2);
    progress.stop();
    const out = text();
    expect(out).toContain('\x1b[');
    expect(out).toMatch(/upload [█░]+ 1\/3 files \| [\d.?]+ files\/s \| ETA /);
    expect(out).toContain('upload: c.txt: refused\n');
    expect(out).toMatch(/upload: 3\/3 files in \d+ s \([\d.]+ files\/s\)\n$/);
  });

  it('is silent with quiet, for a single item, and when nothing was done', async () => {
    for (const options of [{ quiet: true, total: 10 }, { total: 1 }, { total: 10, done: 0 }]) {
      const { stream, text } = fakeStream(false);
      const progress = startProgress({
        label: 'x',
        total: options.total,
        quiet: options.quiet,
        stream,
        intervalMs: 10,
      });
      if (options.done !== 0) progress.tick();
      await sleep(40);
      if (options.done === 0) expect(text()).toMatch(/^x: 0\/10 items/); // the periodic line, but…
      const before = text();
      progress.stop();
      expect(text()).toBe(before); // …no summary of nothing, and nothing at all when quiet or single
      if (options.done !== 0) expect(before).toBe('');
    }
  });

  it('formats durations for people', () => {
    expect([400, 42_000, 185_000, 3_725_000].map(formatDuration)).toEqual([
      '0 s',
      '42 s',
      '3 min 05 s',
      '1 h 02 min',
    ]);
  });
});

describe('writeData and guardOutput', () => {
  it('turns EPIPE into OutputClosedError on the next write, and other errors stay errors', () => {
    const stream = new PassThrough();
    guardOutput(stream);
    writeData('first\n', stream);
    expect(outputClosed(stream)).toBe(false);
    const exitCode = process.exitCode;
    stream.emit('error', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    expect(outputClosed(stream)).toBe(true);
    expect(() => writeData('second\n', stream)).toThrow(OutputClosedError);
    process.exitCode = exitCode;
    expect(() => stream.emit('error', Object.assign(new Error('disk full'), { code: 'ENOSPC' }))).toThrow(
      'disk full',
    );
  });
});

describe('error reports', () => {
  const report = (err: unknown) => {
    const { stream, text } = fakeStream(false);
    const code = reportError('upload', err, stream);
    return { code, text: text() };
  };

  it('are one line with the command, what happened and what to do, and the contract exit status', () => {
    expect(
      report(new CliError('the local stack is not running', { hint: 'start it with `npm start`' })),
    ).toEqual({
      code: 1,
      text: 'upload: the local stack is not running; start it with `npm start`\n',
    });
    expect(report(new UsageError('stdin (-) can be read only once', 'give - once'))).toEqual({
      code: 2,
      text: 'upload: stdin (-) can be read only once; give - once\n',
    });
    expect(report(new OutputClosedError())).toEqual({ code: 141, text: '' });
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4566'), { code: 'ECONNREFUSED' });
    expect(report(refused).text).toBe(
      'upload: nothing answers at 127.0.0.1:4566; is the local stack running? (start it with `npm start`)\n',
    );
    expect(describeError(new ArticleError('EMPTY_INPUT', 'The article is empty.'))).toBe(
      'EMPTY_INPUT: The article is empty.',
    );
    const bug = report(new TypeError("Cannot read properties of undefined (reading 'dynamodb')\n  at x"));
    expect(bug.text).toBe(
      "upload: unexpected error: Cannot read properties of undefined (reading 'dynamodb') at x (set ARTICLE_PIPELINE_DEBUG=1 to see where it happened)\n",
    );
    expect(bug.code).toBe(1);
  });
});
