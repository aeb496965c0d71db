// infra/localstack/deploy.sh cannot be exercised against LocalStack here (no Docker); what can be checked
// is that it is valid bash and stops early, with a clear message, when LocalStack is not reachable.
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const script = join(import.meta.dirname, '..', '..', 'infra', 'localstack', 'deploy.sh');

/** A port nothing listens on: bind to a free one, then release it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('infra/localstack/deploy.sh', () => {
  it('is valid bash', () => {
    const result = spawnSync('bash', ['-n', script], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('exits 1 with a clear message before touching cdklocal when LocalStack is not reachable', async () => {
    const endpoint = `http://127.0.0.1:${await closedPort()}`;
    const result = spawnSync('bash', [script], {
      encoding: 'utf8',
      env: { ...process.env, AWS_ENDPOINT_URL: endpoint },
      timeout: 30_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`LocalStack is not reachable at ${endpoint}`);
    expect(result.stderr).not.toContain('Bootstrapping');
  });
});
