// The package as a consumer gets it: `import { ResultsClient } from 'article-pipeline'` from a project
// that depends on it (a node_modules link to this repository), in plain Node and type-checked, against a
// table on dynalite with an article stored by the real repository.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient } from '../../shared/adapters/aws-clients.js';
import { DynamoArticleRepository } from '../../shared/adapters/dynamodb/dynamo-repository.js';
import { defaultModels } from '../../shared/adapters/models/index.js';
import { processArticleBytes } from '../../shared/app/process-file.js';
import { startStack, type Stack } from './handler-harness.js';

const run = promisify(execFile);
const require = createRequire(import.meta.url);
const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

let stack: Stack;
let consumer: string;

beforeAll(async () => {
  // npm ci / npm install build dist/ (prepare); build it here when a checkout has not.
  if (!existsSync(join(REPO, 'dist', 'index.js'))) {
    await run(process.execPath, [join(REPO, 'scripts', 'build-package.mjs')], { cwd: REPO });
  }
  stack = await startStack();
  const analysis = processArticleBytes(
    new TextEncoder().encode('The mayor, Alice Brown, said the bridge would open in May.\n'),
    defaultModels(),
    'bridge.txt',
  );
  const repo = new DynamoArticleRepository(createDocumentClient(), stack.tableName);
  const version = { id: 'pv-pkg', code: 'x', models: 'y' };
  const source = { bucket: stack.bucket, key: 'incoming/bridge.txt' };
  const at = '2026-01-01T00:00:00.000Z';
  await repo.claimArticle({
    analysis,
    format: 'text',
    source,
    pipelineVersion: version,
    now: at,
    owner: 'o',
    leaseUntil: at,
  });
  const saved = await repo.saveAnalysis({
    analysis,
    format: 'text',
    source,
    pipelineVersion: version,
    processedAt: at,
  });
  await repo.completeArticle(analysis.article.id, { ...saved, version: version.id, processedAt: at });

  consumer = await mkdtemp(join(tmpdir(), 'article-pipeline-consumer-'));
  await mkdir(join(consumer, 'node_modules'), { recursive: true });
  await symlink(REPO, join(consumer, 'node_modules', 'article-pipeline'), 'dir');
  await writeFile(
    join(consumer, 'package.json'),
    JSON.stringify({ name: 'consumer', type: 'module', private: true }),
  );
  await writeFile(
    join(consumer, 'consumer.ts'),
    [
      "import { ResultsClient, quoteViewSchema, type QuoteView } from 'article-pipeline';",
      'const client = new ResultsClient({ tableName: process.env.TABLE_NAME! });',
      "const quotes: QuoteView[] = await client.quotesBySpeaker('Brown').all();",
      'const article = await client.getArticle(quotes[0]!.articleId);',
      'console.log(JSON.stringify({ quotes: quotes.map((q) => quoteViewSchema.parse(q)), status: article?.status }));',
    ].join('\n'),
  );
}, 180_000);

afterAll(async () => {
  await stack?.stop();
  if (consumer) await rm(consumer, { recursive: true, force: true });
});

describe("import { ResultsClient } from 'article-pipeline'", () => {
  it('works in plain Node from a consumer project', async () => {
    const script = join(consumer, 'consumer.mjs');
    await writeFile(
      script,
      [
        "import { ResultsClient, quoteViewSchema } from 'article-pipeline';",
        'const client = new ResultsClient({ tableName: process.env.TABLE_NAME });',
        "const quotes = await client.quotesBySpeaker('Brown').all();",
        'const article = await client.getArticle(quotes[0].articleId);',
        'console.log(JSON.stringify({ quotes: quotes.map((q) => quoteViewSchema.parse(q)), status: article?.status }));',
      ].join('\n'),
    );
    const { stdout } = await run(process.execPath, [script], { cwd: consumer, env: process.env });
    const out = JSON.parse(stdout) as {
      quotes: Array<{ speaker: { name: string }; text: string }>;
      status: string;
    };
    expect(out.status).toBe('PROCESSED');
    expect(out.quotes.map((q) => q.speaker.name)).toEqual(['Alice Brown']);
    expect(out.quotes[0]!.text).toContain('bridge would open');
  });

  it('is typed for a TypeScript consumer', async () => {
    await writeFile(
      join(consumer, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          typeRoots: [join(REPO, 'node_modules', '@types')],
          types: ['node'],
        },
        files: ['consumer.ts'],
      }),
    );
    await run(
      process.execPath,
      [require.resolve('typescript/bin/tsc'), '-p', join(consumer, 'tsconfig.json')],
      {
        cwd: consumer,
      },
    );
    // And a misuse is a type error, not a runtime surprise.
    await writeFile(
      join(consumer, 'consumer.ts'),
      "import { ResultsClient } from 'article-pipeline';\nnew ResultsClient({ table: 'x' });\n",
    );
    await expect(
      run(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(consumer, 'tsconfig.json')], {
        cwd: consumer,
      }),
    ).rejects.toMatchObject({
      stdout: expect.stringMatching(/'table' does not exist in type 'ResultsClientOptions'/),
    });
  }, 120_000);
});
