// The process-article Lambda package as `cdk synth` builds it (the real esbuild bundling and model
// copy of infra/constructs/process-article-function.ts), measured file by file, unzipped.
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { REPO_ROOT } from '../../infra/constructs/function-defaults.js';
import { createArticlePipelineApp } from '../../infra/stack.js';

export interface PackageSize {
  /** Where the asset is (for the cold-start measurement). */
  assetDir: string;
  totalBytes: number;
  codeBytes: number;
  modelBytes: number;
  files: Array<{ path: string; bytes: number }>;
  synthSeconds: number;
}

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}

/** Synthesizes the app as `cdk synth` does (cdk.json context) and measures the function's asset. */
export function measurePackage(
  outdir = mkdtempSync(join(tmpdir(), 'article-pipeline-bench-cdk-')),
): PackageSize {
  const { context } = JSON.parse(readFileSync(join(REPO_ROOT, 'cdk.json'), 'utf8')) as {
    context: Record<string, unknown>;
  };
  const t0 = performance.now();
  const { app, stack } = createArticlePipelineApp({ outdir, context });
  const template = app.synth().getStackByName(stack.stackName).template as {
    Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>;
  };
  const synthSeconds = (performance.now() - t0) / 1000;
  const fn = Object.values(template.Resources).find(
    (r) =>
      r.Type === 'AWS::Lambda::Function' &&
      (r.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables
        ?.TABLE_NAME,
  );
  const key = (fn?.Properties?.Code as { S3Key?: string } | undefined)?.S3Key;
  if (!key) throw new Error('The synthesized template has no process-article function asset.');
  const assetDir = join(outdir, `asset.${key.replace(/\.zip$/, '')}`);
  const files = listFiles(assetDir)
    .map((path) => ({ path: relative(assetDir, path), bytes: statSync(path).size }))
    .sort((a, b) => b.bytes - a.bytes);
  const sum = (list: typeof files) => list.reduce((n, f) => n + f.bytes, 0);
  const models = files.filter((f) => f.path.startsWith('models/'));
  return {
    assetDir,
    totalBytes: sum(files),
    codeBytes: sum(files) - sum(models),
    modelBytes: sum(models),
    files,
    synthSeconds: Math.round(synthSeconds * 10) / 10,
  };
}
