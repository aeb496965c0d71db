import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../../bin/article-pipeline.mjs', import.meta.url));

function segment(input: string | Buffer) {
  const run = spawnSync(process.execPath, [bin, 'segment'], { input, encoding: 'utf8', timeout: 60_000 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('article-pipeline segment', () => {
  it('prints a JSON array of trimmed sentences, in order', () => {
    const run = segment(
      '  Mr. Smith arrived at 9 a.m. on Friday.   “It went well.” She left.\n\nBelarus, Russia\n',
    );
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual([
      'Mr. Smith arrived at 9 a.m. on Friday.',
      '“It went well.”',
      'She left.',
      'Belarus, Russia',
    ]);
  });

  it('drops a byte-order mark and reads CRLF text', () => {
    const run = segment(Buffer.from('\uFEFFFirst line.\r\nSecond one.\r\n\r\nThird.', 'utf8'));
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(['First line.', 'Second one.', 'Third.']);
  });

  it('prints an empty array for empty input', () => {
    const run = segment('');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual([]);
  });
});
