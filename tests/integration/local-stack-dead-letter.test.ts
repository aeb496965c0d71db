// Operators see failures: with the real handler, an article whose events the bus keeps throttling is
// retried until its message reaches the dead-letter queue; the stack prints one line saying which object
// and why (the last error), and run-local reports the object TIMED_OUT with that reason.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedStack, type DeadLetter } from '../../infra/local/embedded-stack.js';
import { runLocal } from '../../infra/local/run-local.js';

describe('embedded stack: a message that reaches the dead-letter queue', () => {
  let dir: string;
  let stack: EmbeddedStack;
  const lines: string[] = [];
  const letters: DeadLetter[] = [];

  const logLevel = process.env.POWERTOOLS_LOG_LEVEL;

  beforeAll(async () => {
    process.env.POWERTOOLS_LOG_LEVEL = 'ERROR'; // the handler's five retry warnings are expected here
    dir = await mkdtemp(join(tmpdir(), 'dead-letter-'));
    stack = new EmbeddedStack({
      stateDir: join(dir, 'state'),
      visibilityTimeoutSeconds: 1,
      batchSize: 1,
      log: (line) => lines.push(line),
      onDeadLetter: (letter) => letters.push(letter),
    });
    await stack.start();
    // Throttling is transient: every attempt is retried, none gets through.
    stack.eventBus.injectFailures(() => ({
      ErrorCode: 'ThrottlingException',
      ErrorMessage: 'Rate exceeded',
    }));
  });

  afterAll(async () => {
    await stack?.stop();
    await rm(dir, { recursive: true, force: true });
    if (logLevel === undefined) delete process.env.POWERTOOLS_LOG_LEVEL;
    else process.env.POWERTOOLS_LOG_LEVEL = logLevel;
  });

  it('prints which object gave up and why, and run-local says it', async () => {
    const file = join(dir, 'throttled.txt');
    await writeFile(file, '"We will not give up," the minister said on Monday.\n\nTalks resume in May.');
    const [result] = await runLocal(stack, [file], { timeoutMs: 90_000 });

    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({ keys: ['incoming/throttled.txt'], receiveCount: 5 });
    expect(letters[0]!.lastError).toMatch(/not accepted by the bus.*ThrottlingException/);
    const line = lines.find((l) => l.startsWith('dead-letter queue:'));
    expect(line).toContain('s3://article-pipeline-local/incoming/throttled.txt');
    expect(line).toContain('ThrottlingException');

    expect(result?.status).toBe('TIMED_OUT');
    expect(result?.error?.message).toMatch(
      /moved to the dead-letter queue after 5 failed attempts; last error: .*ThrottlingException/,
    );
  });
});
