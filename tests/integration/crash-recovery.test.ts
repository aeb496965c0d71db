// Acceptance (issue 13): `kill -9` of the embedded stack in the middle of a 300-article run, then a
// restart on the same state directory. The stack runs as a child process (`article-pipeline start`),
// as a user runs it. Afterwards every article is PROCESSED exactly once in storage, every statement's
// event is in the event log, and the only duplicates there are re-sends of the same event (same event
// id, same content): the queue journal brings back what was queued or in flight, the handler resumes
// what the killed attempt left, and reconcile (on start) re-enqueues uploads whose notification never
// reached the queue.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, describe, expect, it } from 'vitest';
import { localDocumentClient, localS3Client } from '../../cli/commands/stack-clients.js';
import { DETAIL_TYPES } from '../../events/schemas.js';
import type { StackInfo } from '../../infra/local/embedded-stack.js';
import { DynamoArticleRepository } from '../../shared/adapters/dynamodb/dynamo-repository.js';
import { ResultsClient } from '../../shared/results/client.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ARTICLES = 300;
/** Short synthetic articles, each a different text (so a different article), two or three statements. */
const article = (n: number) =>
  `Council report ${n}.\n\n` +
  `"We will finish road ${n} by June," mayor Eva Lind told reporters on Tuesday.\n\n` +
  (n % 3 === 0 ? `The budget for district ${n} rose by ${n} percent.\n` : '');

interface RunningStack {
  proc: ChildProcessWithoutNullStreams;
  info: StackInfo;
  stderr: () => string;
}

const children: ChildProcessWithoutNullStreams[] = [];

async function startStack(stateDir: string): Promise<RunningStack> {
  const proc = spawn(
    process.execPath,
    ['bin/article-pipeline.mjs', 'start', '--no-sample', '--state-dir', stateDir],
    { cwd: ROOT, env: { ...process.env, POWERTOOLS_LOG_LEVEL: 'ERROR' } },
  );
  children.push(proc);
  let stdout = '';
  let stderr = '';
  proc.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const deadline = Date.now() + 60_000;
  while (!/^READY /m.test(stdout)) {
    if (Date.now() > deadline || proc.exitCode !== null) throw new Error(`not READY:\n${stdout}\n${stderr}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const info = JSON.parse(await readFile(join(stateDir, 'stack.json'), 'utf8')) as StackInfo;
  return { proc, info, stderr: () => stderr };
}

interface LoggedEvent {
  'detail-type': string;
  detail: { eventId: string; articleId: string; statementId?: string; [k: string]: unknown };
}

async function eventLog(stateDir: string): Promise<LoggedEvent[]> {
  const text = await readFile(join(stateDir, 'events.jsonl'), 'utf8').catch(() => '');
  // A last line cut short by the kill was never acknowledged to the publisher: not an event.
  return text.split('\n').flatMap((line) => {
    try {
      return line ? [JSON.parse(line) as LoggedEvent] : [];
    } catch {
      return [];
    }
  });
}

const countProcessed = (events: LoggedEvent[]) =>
  new Set(
    events.filter((e) => e['detail-type'] === DETAIL_TYPES.articleProcessed).map((e) => e.detail.articleId),
  ).size;

describe('kill -9 during a 300-article run', () => {
  let stateDir: string | undefined;
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    if (stateDir) await rm(stateDir, { recursive: true, force: true });
  });

  it('ends with every article PROCESSED once, every statement event logged, duplicates only as re-sends', async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'crash-recovery-'));
    const first = await startStack(stateDir);
    const keys = Array.from(
      { length: ARTICLES },
      (_, i) => `incoming/crash-${String(i).padStart(3, '0')}.txt`,
    );
    const s3 = localS3Client(first.info);
    for (let i = 0; i < keys.length; i += 10) {
      await Promise.all(
        keys.slice(i, i + 10).map((Key, j) =>
          s3.send(
            new PutObjectCommand({
              Bucket: first.info.resources.bucket,
              Key,
              Body: Buffer.from(article(i + j)),
            }),
          ),
        ),
      );
    }
    s3.destroy();

    // Kill it mid-run: some articles done, most queued or in flight.
    const deadline = Date.now() + 120_000;
    let done = 0;
    while ((done = countProcessed(await eventLog(stateDir))) < 40) {
      if (Date.now() > deadline) throw new Error(`only ${done} processed:\n${first.stderr()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    first.proc.kill('SIGKILL');
    await new Promise((r) => first.proc.once('exit', r));
    const atKill = countProcessed(await eventLog(stateDir));
    expect(atKill).toBeLessThan(ARTICLES); // it really was mid-run

    const second = await startStack(stateDir);
    const doc = localDocumentClient(second.info);
    const repo = new DynamoArticleRepository(doc, second.info.resources.table);
    try {
      const settle = Date.now() + 240_000;
      let sources = await Promise.all(keys.map((k) => repo.getSource(second.info.resources.bucket, k)));
      while (!sources.every((s) => s?.status === 'PROCESSED')) {
        if (Date.now() > settle) {
          const left = sources.filter((s) => s?.status !== 'PROCESSED').length;
          throw new Error(`${left} source(s) not PROCESSED after the restart:\n${second.stderr()}`);
        }
        await new Promise((r) => setTimeout(r, 500));
        sources = await Promise.all(keys.map((k) => repo.getSource(second.info.resources.bucket, k)));
      }

      // Exactly once in storage: 300 distinct articles, each listed PROCESSED once, with its results.
      const articleIds = sources.map((s) => s!.articleId!);
      expect(new Set(articleIds).size).toBe(ARTICLES);
      const results = new ResultsClient({ tableName: second.info.resources.table, documentClient: doc });
      const listed = (await results.articles('PROCESSED').all()).map((a) => a.articleId);
      expect(listed.filter((id) => id !== null && articleIds.includes(id)).sort()).toEqual(
        [...articleIds].sort(),
      );
      expect(new Set(listed).size).toBe(listed.length);

      // Let the stack go quiet (late re-sends) before reading the event log.
      await waitForQuiet(stateDir);
      const events = await eventLog(stateDir);
      const byId = new Map<string, LoggedEvent[]>();
      for (const e of events) byId.set(e.detail.eventId, [...(byId.get(e.detail.eventId) ?? []), e]);
      // Duplicates only as re-sends: every copy of an event id carries the same event.
      for (const copies of byId.values()) {
        const first = JSON.stringify(copies[0]!.detail);
        for (const copy of copies) expect(JSON.stringify(copy.detail)).toBe(first);
      }
      const unique = [...byId.values()].map((copies) => copies[0]!);
      for (const [i, articleId] of articleIds.entries()) {
        const stored = await results.getResult(articleId);
        const statements = stored?.stored?.analysis.statements ?? [];
        expect(statements.length, keys[i]).toBeGreaterThanOrEqual(2);
        const statementEvents = unique.filter(
          (e) => e['detail-type'] === DETAIL_TYPES.statementProcessed && e.detail.articleId === articleId,
        );
        // No statement event missing, none for a statement that is not stored.
        expect(statementEvents.map((e) => e.detail.statementId).sort(), keys[i]).toEqual(
          statements.map((s) => s.id).sort(),
        );
        const announced = unique.filter(
          (e) => e['detail-type'] === DETAIL_TYPES.articleProcessed && e.detail.articleId === articleId,
        );
        expect(announced, keys[i]).toHaveLength(1);
      }
      const resent = events.length - byId.size;
      process.stderr.write(
        `crash-recovery: ${atKill}/${ARTICLES} announced before kill -9; ${events.length} events logged, ` +
          `${resent} re-sent with the same id\n`,
      );
    } finally {
      doc.destroy();
      second.proc.kill('SIGINT');
      await new Promise((r) => second.proc.once('exit', r));
    }
  }, 420_000);
});

/** Waits until events.jsonl has not grown for two seconds. */
async function waitForQuiet(stateDir: string): Promise<void> {
  let last = -1;
  for (;;) {
    const size = (await readFile(join(stateDir, 'events.jsonl'), 'utf8')).length;
    if (size === last) return;
    last = size;
    await new Promise((r) => setTimeout(r, 2000));
  }
}
