// The pipeline version: what produced an analysis, so that `reprocess` can find the articles a code or
// model change would analyse differently. It hashes the processing core's sources (shared/domain,
// shared/ingest, shared/nlp: TypeScript files) and its model files (every other file there), with the
// package version. The deployed function cannot see its sources: the CDK stack computes the version
// at synth and passes it in PIPELINE_VERSION; from a checkout it is computed on first use.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PipelineVersion } from '../app/ports.js';

const CORE_DIRS = ['shared/domain', 'shared/ingest', 'shared/nlp', 'shared/adapters/models'];
const CODE_FILE = /\.(?:[cm]?[jt]s|json)$/;

function filesUnder(root: string, dir: string): string[] {
  const full = join(root, dir);
  if (!existsSync(full)) return [];
  return readdirSync(full, { recursive: true, encoding: 'utf8' })
    .map((name) => join(full, name))
    .filter((path) => statSync(path).isFile())
    .map((path) => relative(root, path).split(sep).join('/'))
    .sort();
}

function hashFiles(root: string, files: string[]): string {
  const hash = createHash('sha256');
  for (const file of files) {
    hash
      .update(file)
      .update('\0')
      .update(readFileSync(join(root, file)))
      .update('\0');
  }
  return hash.digest('hex');
}

/** The version of the core in a checkout at `repoRoot`. */
export function pipelineVersionFromSources(repoRoot: string): PipelineVersion {
  const files = CORE_DIRS.flatMap((dir) => filesUnder(repoRoot, dir));
  const code = files.filter((f) => CODE_FILE.test(f));
  const models = files.filter((f) => !CODE_FILE.test(f));
  const packageVersion = (
    JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }
  ).version;
  const codeHash = hashFiles(repoRoot, code).slice(0, 12);
  const modelsHash = hashFiles(repoRoot, models).slice(0, 12);
  const id = createHash('sha256')
    .update(`${packageVersion}+${codeHash}/${modelsHash}`)
    .digest('hex')
    .slice(0, 12);
  return { id: `pv-${id}`, code: `${packageVersion}+${codeHash}`, models: modelsHash };
}

const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
let cached: PipelineVersion | undefined;

/** PIPELINE_VERSION (JSON, set by the CDK stack) when given, else computed from this checkout. */
export function currentPipelineVersion(): PipelineVersion {
  if (cached) return cached;
  const fromEnv = process.env.PIPELINE_VERSION;
  if (fromEnv) {
    const parsed = JSON.parse(fromEnv) as Partial<PipelineVersion>;
    if (
      typeof parsed.id !== 'string' ||
      typeof parsed.code !== 'string' ||
      typeof parsed.models !== 'string'
    ) {
      throw new Error('PIPELINE_VERSION must be JSON with id, code and models.');
    }
    cached = { id: parsed.id, code: parsed.code, models: parsed.models };
  } else if (existsSync(join(REPO_ROOT, 'shared', 'nlp'))) {
    cached = pipelineVersionFromSources(REPO_ROOT);
  } else {
    throw new Error('PIPELINE_VERSION is not set and the pipeline sources are not here to compute it.');
  }
  return cached;
}
