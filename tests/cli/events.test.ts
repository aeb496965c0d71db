// `article-pipeline events` against a running embedded stack: recorded events filtered by a pattern,
// and --follow through a temporary rule and queue that are gone after Ctrl-C.
import { ListRulesCommand, type EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { ListQueuesCommand } from '@aws-sdk/client-sqs';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventsCommand } from '../../cli/commands/events.js';
import type { EmbeddedStack } from '../../infra/local/embedded-stack.js';
import { startBusTestStack, type BusTestStack } from '../integration/local-stack.helpers.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** A writable that keeps what is written. */
const sink = () => {
  const chunks: string[] = [];
  const stream = {
    write: (text: string) => chunks.push(text) > 0,
    on: () => stream,
    off: () => stream,
  } as unknown as NodeJS.WritableStream;
  return { stream, text: () => chunks.join('') };
};
const detailNumbers = (jsonl: string) =>
  jsonl
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { detail: { n: number } }).detail.n);

describe('article-pipeline events', () => {
  let bus: BusTestStack;
  let stateDir: string;
  let stack: EmbeddedStack;
  let client: EventBridgeClient;
  const put = (...items: Array<[detailType: string, n: number]>) =>
    bus.put(...items.map(([detailType, n]) => [detailType, { n }] as [string, object]));

  beforeAll(async () => {
    bus = await startBusTestStack('events-cli-');
    ({ stack, stateDir, client } = bus);
  });
  afterAll(() => bus?.stop());

  it('prints the recorded events that match --pattern', async () => {
    await put(['Statement Processed', 1], ['Article Processed', 2], ['Article Failed', 3]);
    await stack.eventBus.flush();
    const out = sink();
    const err = sink();
    const pattern = JSON.stringify({ 'detail-type': [{ prefix: 'Article' }] });
    expect(await eventsCommand({ stateDir, pattern }, { out: out.stream, err: err.stream })).toBe(0);
    expect(detailNumbers(out.text())).toEqual([2, 3]);
    const first = JSON.parse(out.text().split('\n')[0]!) as Record<string, unknown>;
    expect(first).not.toHaveProperty('event-bus-name');
    expect(first).toMatchObject({ source: 'article-pipeline', 'detail-type': 'Article Processed' });

    const all = sink();
    expect(await eventsCommand({ stateDir, count: 2 }, { out: all.stream, err: err.stream })).toBe(0);
    expect(detailNumbers(all.text())).toEqual([1, 2]);
  });

  it('rejects an invalid pattern, and --stack without --follow, as bad usage', async () => {
    const err = sink();
    const io = { out: sink().stream, err: err.stream };
    expect(await eventsCommand({ stateDir, pattern: '{"source":"article-pipeline"}' }, io)).toBe(2);
    expect(err.text()).toMatch(/Event pattern is not valid/);
    expect(await eventsCommand({ stateDir, stack: 'ArticlePipeline-dev' }, io)).toBe(2);
    expect(err.text()).toMatch(/use --follow/);
  });

  it('follows new events through a temporary rule and queue, removed after Ctrl-C', async () => {
    const proc = spawn(
      process.execPath,
      [
        'bin/article-pipeline.mjs',
        'events',
        '--follow',
        '--state-dir',
        stateDir,
        '--pattern',
        JSON.stringify({ source: ['article-pipeline'], detail: { n: [{ numeric: ['>=', 10] }] } }),
      ],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    proc.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    proc.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
    const until = async (done: () => boolean, what: string) => {
      const deadline = Date.now() + 30_000;
      while (!done()) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; stderr: ${stderr}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    try {
      await until(() => /following .* through rule and queue (\S+);/.test(stderr), 'the subscription');
      const name = /through rule and queue (\S+);/.exec(stderr)![1]!;
      const bus = stack.resources.eventBusName;
      const { Rules = [] } = await client.send(new ListRulesCommand({ EventBusName: bus, NamePrefix: name }));
      expect(Rules.map((r) => r.Name)).toEqual([name]);

      await put(['Statement Processed', 9], ['Statement Processed', 10], ['Article Processed', 11]);
      await until(() => stdout.split('\n').filter(Boolean).length >= 2, 'two events');
      expect(detailNumbers(stdout)).toEqual([10, 11]);

      proc.kill('SIGINT');
      expect(await exited).toBe(0);
      expect(stderr).toMatch(new RegExp(`removed rule and queue ${name}\\.`));
      const after = await client.send(new ListRulesCommand({ EventBusName: bus, NamePrefix: name }));
      expect(after.Rules).toEqual([]);
      const { QueueUrls = [] } = await stack.sqs().send(new ListQueuesCommand({ QueueNamePrefix: name }));
      expect(QueueUrls).toEqual([]);
    } finally {
      if (proc.exitCode === null) proc.kill('SIGKILL');
    }
  });
});
