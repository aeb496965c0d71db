// What a new user meets first: --help, --version, usage errors and failures, each on the right stream.
import { readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from './helpers.js';

const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };

/** A local port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('article-pipeline --help, --version and usage errors', () => {
  it('--version prints the package version on stdout', async () => {
    for (const flag of ['--version', '-V']) {
      const run = await runCli([flag]);
      expect(run).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
    }
  });

  it('--help goes to stdout, lists every command, and each command shows examples', async () => {
    const top = await runCli(['--help']);
    expect(top.code).toBe(0);
    expect(top.stderr).toBe('');
    for (const command of ['process', 'segment', 'start', 'run-local', 'upload', 'query', 'events'])
      expect(top.stdout).toMatch(new RegExp(`^ {2}${command} `, 'm'));
    const processHelp = await runCli(['process', '--help']);
    expect(processHelp.code).toBe(0);
    expect(processHelp.stdout).toContain('--format <format>');
    expect(processHelp.stdout).toMatch(/Examples:\n( {2}# .+\n {2}\$ article-pipeline process .+\n)+/);
    const viaHelpCommand = await runCli(['help', 'process']);
    expect(viaHelpCommand.stdout).toBe(processHelp.stdout);
  });

  it('a usage error is one line on stderr that says where to look, exit 2, nothing on stdout', async () => {
    const cases: Array<[string[], RegExp]> = [
      [
        ['process', '--format', 'xml', 'a.txt'],
        /^article-pipeline process: .*'xml' is invalid.*jsonl, table.*--help/,
      ],
      [['proces', 'a.txt'], /^article-pipeline: unknown command 'proces' \(Did you mean process\?\).*--help/],
      [['process', '-', '-'], /^process: stdin \(-\) can be read only once; give - once\n$/],
    ];
    for (const [args, message] of cases) {
      const run = await runCli(args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr.trimEnd().split('\n'), run.stderr).toHaveLength(1);
      expect(run.stderr).toMatch(message);
    }
  });

  it('a command that reaches AWS says in one line what failed and what to do, without the SDK notice', async () => {
    const stateDir = await mkdtemp(join(tmpdir(), 'ap-usage-'));
    const endpoint = `http://127.0.0.1:${await closedPort()}`;
    const stack = {
      stateDir,
      endpoints: { s3: endpoint, dynamodb: endpoint, sqs: endpoint, eventbridge: endpoint },
      resources: { bucket: 'articles', incomingPrefix: 'incoming/', region: 'us-east-1', table: 't' },
      env: { AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER' },
    };
    await writeFile(join(stateDir, 'stack.json'), JSON.stringify(stack));
    // The user's environment may not set the SDK's switch; the CLI must not need it.
    const env = { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: undefined };
    const run = await runCli(['upload', '--state-dir', stateDir, 'examples/belarus-russia-partners.txt'], {
      env,
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      `upload: the local stack in ${stateDir} is not running (stale ${join(stateDir, 'stack.json')}); start it with \`npm start\`\n`,
    );
  });
});
