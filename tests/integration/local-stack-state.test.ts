// State and ports: S3 objects and DynamoDB items survive a restart on the same state directory;
// explicit ports are honoured; stack.json describes the running stack and goes away on stop.
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { access, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EmbeddedStack, StateDirInUseError, type StackInfo } from '../../infra/local/embedded-stack.js';

/** Ports that were free a moment ago. */
async function freePorts(n: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise<ReturnType<typeof createServer>>((resolve) => {
          const s = createServer();
          s.listen(0, '127.0.0.1', () => resolve(s));
        }),
    ),
  );
  const ports = servers.map((s) => (s.address() as { port: number }).port);
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  return ports;
}

describe('embedded stack state', () => {
  let stateDir: string;
  afterAll(async () => {
    if (stateDir) await rm(stateDir, { recursive: true, force: true });
  });

  it('keeps S3 objects and DynamoDB items across restarts and honours explicit ports', async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'stack-state-'));
    const [s3, dynamodb, sqs, eventbridge, api, viewer] = await freePorts(6);
    const handler = async () => ({ batchItemFailures: [] });

    const first = new EmbeddedStack({
      stateDir,
      handler,
      ports: { s3, dynamodb, sqs, eventbridge, api, viewer },
    });
    const info = await first.start();
    try {
      expect(info.endpoints).toEqual({
        s3: `http://127.0.0.1:${s3}`,
        dynamodb: `http://127.0.0.1:${dynamodb}`,
        sqs: `http://127.0.0.1:${sqs}`,
        eventbridge: `http://127.0.0.1:${eventbridge}`,
        eventStream: `http://127.0.0.1:${eventbridge}/events`,
        api: `http://127.0.0.1:${api}`,
        viewer: `http://127.0.0.1:${viewer}`,
      });
      const onDisk = JSON.parse(await readFile(join(stateDir, 'stack.json'), 'utf8')) as StackInfo;
      expect(onDisk).toMatchObject({
        pid: process.pid,
        endpoints: info.endpoints,
        resources: info.resources,
      });
      expect(onDisk.env.AWS_ENDPOINT_URL_EVENTBRIDGE).toBe(info.endpoints.eventbridge);

      await first.s3Client().send(
        new PutObjectCommand({
          Bucket: info.resources.bucket,
          Key: 'kept/object.txt',
          Body: Buffer.from('still here'),
        }),
      );
      await first
        .documentClient()
        .send(
          new PutCommand({ TableName: info.resources.table, Item: { pk: 'TEST#1', sk: 'META', value: 42 } }),
        );
    } finally {
      await first.stop();
    }
    await expect(access(join(stateDir, 'stack.json'))).rejects.toThrow();

    const second = new EmbeddedStack({ stateDir, handler });
    const again = await second.start();
    try {
      const object = await second
        .s3Client()
        .send(new GetObjectCommand({ Bucket: again.resources.bucket, Key: 'kept/object.txt' }));
      expect(await object.Body?.transformToString()).toBe('still here');
      const item = await second
        .documentClient()
        .send(new GetCommand({ TableName: again.resources.table, Key: { pk: 'TEST#1', sk: 'META' } }));
      expect(item.Item?.value).toBe(42);
    } finally {
      await second.stop();
    }
  });

  it('refuses a state directory that a running stack (another live process) uses', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'stack-busy-'));
    try {
      // The parent process (the test runner) is alive: it stands in for another running stack.
      await writeFile(join(dir, 'stack.json'), JSON.stringify({ pid: process.ppid }));
      const stack = new EmbeddedStack({ stateDir: dir, handler: async () => ({ batchItemFailures: [] }) });
      await expect(stack.start()).rejects.toBeInstanceOf(StateDirInUseError);
      // Its stack.json is left alone.
      expect(JSON.parse(await readFile(join(dir, 'stack.json'), 'utf8'))).toEqual({ pid: process.ppid });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
