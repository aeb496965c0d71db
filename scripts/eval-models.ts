// Attribution models trained on part of PolNeAR train, for measuring on the rest: the held-out tenth is
// scored with models trained on the other nine tenths, each cross-validation fold with models trained on
// the other folds. Trained by scripts/train-attribution.ts (the shipped recipe, with --train PART instead of
// --all) into .cache/models/<part>/ (outside git) with a manifest, and reused while the manifest's inputs
// are unchanged: the source files train-attribution.ts imports (rules, features, segmentation, learner),
// the recipe and the PolNeAR train files.
//   npm run eval:models                         # the held-out tenth's models (--part rest), when stale
//   npm run eval:models -- --part except:2/5    # one cross-validation fold's
//   npm run eval:models -- --check              # only say whether they are up to date (exit 1 if not)
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { getPriority } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { loadModels } from '../shared/adapters/models/index.js';
import type { NlpModels } from '../shared/nlp/models.js';
import { type PolnearPart, polnearPartSpec } from './eval/polnear-corpus.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const TRAINER = 'scripts/train-attribution.ts';

/**
 * How the shipped attribution tagger is trained (docs/models/ATTRIBUTION-MODEL-CARD.md): the arguments of
 * scripts/train-attribution.ts besides --train and --out (its defaults are the shipped recipe: all stages
 * packed in one file). Keep in step with the shipped model's manifest.
 */
export const SHIPPED_RECIPE: ReadonlyArray<{ file: string; args: string[] }> = [
  { file: 'attribution.bin', args: [] },
];

export interface ModelSetManifest {
  part: string;
  /** sha256 over everything below: the models are stale when it changes. */
  inputsHash: string;
  recipe: typeof SHIPPED_RECIPE;
  /** Source files the trainer imports, with their sha256. */
  sources: Record<string, string>;
  /** PolNeAR train files (name and size) hashed together. */
  dataHash: string;
  trainedAt?: string;
  trainingSeconds?: number;
}

/** Where a part's models are cached. */
export function modelSetDir(part: PolnearPart): string {
  return join(repoRoot, '.cache/models', polnearPartSpec(part).replace(/[:/]/g, '-'));
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

/** The local source files the trainer imports (esbuild's dependency graph), with their content hashes. */
async function trainerSources(): Promise<Record<string, string>> {
  const result = await build({
    entryPoints: [join(repoRoot, TRAINER)],
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    logLevel: 'silent',
  });
  const files = Object.keys(result.metafile.inputs)
    .map((f) => relative(repoRoot, resolve(repoRoot, f)))
    .sort();
  return Object.fromEntries(files.map((f) => [f, sha256(readFileSync(join(repoRoot, f)))]));
}

/** Names and sizes of the PolNeAR train files, hashed (the corpus is read-only reference data). */
function dataHash(polnearDir: string): string {
  const lines: string[] = [];
  for (const sub of ['text', 'attributions']) {
    const dir = join(polnearDir, 'train', sub);
    for (const f of readdirSync(dir).sort()) lines.push(`${sub}/${f} ${statSync(join(dir, f)).size}`);
  }
  return sha256(lines.join('\n'));
}

/** The manifest models of `part` trained now would have. */
export async function expectedManifest(part: PolnearPart, polnearDir: string): Promise<ModelSetManifest> {
  const sources = await trainerSources();
  const data = dataHash(polnearDir);
  const spec = polnearPartSpec(part);
  return {
    part: spec,
    inputsHash: sha256(JSON.stringify({ spec, recipe: SHIPPED_RECIPE, sources, data })),
    recipe: SHIPPED_RECIPE,
    sources,
    dataHash: data,
  };
}

export type ModelSetState = { fresh: true; dir: string } | { fresh: false; dir: string; reason: string };

/** Whether the cached models of `part` exist and were trained on the current inputs. */
export async function modelSetState(part: PolnearPart, polnearDir: string): Promise<ModelSetState> {
  const dir = modelSetDir(part);
  const file = join(dir, 'manifest.json');
  if (!existsSync(file)) return { fresh: false, dir, reason: 'not trained yet' };
  const have = JSON.parse(readFileSync(file, 'utf8')) as ModelSetManifest;
  const want = await expectedManifest(part, polnearDir);
  if (have.inputsHash === want.inputsHash) return { fresh: true, dir };
  const changed = Object.keys({ ...have.sources, ...want.sources }).filter(
    (f) => have.sources[f] !== want.sources[f],
  );
  const reason = changed.length
    ? `changed since they were trained: ${changed.slice(0, 4).join(', ')}${changed.length > 4 ? ` and ${changed.length - 4} more` : ''}`
    : 'the recipe or the training data changed';
  return { fresh: false, dir, reason };
}

/** Long CPU-bound work on a shared machine runs at niceness 10 (no more when already niced). */
function run(args: string[], log: string): Promise<void> {
  const extra = Math.max(0, 10 - getPriority());
  const command = [process.execPath, '--import', 'tsx', ...args];
  return new Promise((ok, fail) => {
    const out = openSync(log, 'w');
    const child = spawn(
      extra ? 'nice' : command[0]!,
      extra ? ['-n', String(extra), ...command] : command.slice(1),
      {
        cwd: repoRoot,
        stdio: ['ignore', out, out],
      },
    );
    child.on('error', fail);
    child.on('exit', (code) => {
      closeSync(out);
      if (code === 0) ok();
      else fail(new Error(`${args.join(' ')} exited with ${code} (log: ${log})`));
    });
  });
}

/**
 * Trains every stage of the shipped recipe on `part` into a fresh directory, then writes the manifest. With
 * --train, no stage reads another's file (each trains the stages before it on folds itself), so `jobs`
 * stages may train at once. Fails when the inputs changed while training (the models would match neither).
 */
export async function trainModelSet(part: PolnearPart, polnearDir: string, jobs = 1): Promise<string> {
  const manifest = await expectedManifest(part, polnearDir);
  const dir = modelSetDir(part);
  const work = `${dir}.training`;
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const t0 = performance.now();
  const queue = [...SHIPPED_RECIPE];
  const worker = async () => {
    for (let stage = queue.shift(); stage; stage = queue.shift()) {
      const log = join(work, `${stage.file}.log`);
      process.stderr.write(
        `training ${stage.file} on PolNeAR train (${manifest.part}); log: ${relative(repoRoot, log)}\n`,
      );
      await run(
        [
          TRAINER,
          '--data',
          polnearDir,
          '--train',
          manifest.part,
          ...stage.args,
          '--out',
          join(work, stage.file),
        ],
        log,
      );
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, jobs) }, worker));
  if ((await expectedManifest(part, polnearDir)).inputsHash !== manifest.inputsHash)
    throw new Error(`the trainer's inputs changed while training ${manifest.part}: train again`);
  const trainingSeconds = Math.round((performance.now() - t0) / 1000);
  writeFileSync(
    join(work, 'manifest.json'),
    JSON.stringify({ ...manifest, trainedAt: new Date().toISOString(), trainingSeconds }, null, 2) + '\n',
  );
  rmSync(dir, { recursive: true, force: true });
  renameSync(work, dir);
  return dir;
}

/** The cached models of `part`, trained first when stale and `train` is set; null when stale and not. */
export async function ensureModelSet(
  part: PolnearPart,
  polnearDir: string,
  options: { train: boolean; jobs?: number },
): Promise<{ dir: string } | { stale: string }> {
  const state = await modelSetState(part, polnearDir);
  if (state.fresh) return { dir: state.dir };
  if (!options.train) return { stale: state.reason };
  process.stderr.write(
    `Models for PolNeAR train ${polnearPartSpec(part)} are out of date (${state.reason}); training them into ` +
      `${relative(repoRoot, state.dir)} (two stages; tens of minutes, at low priority).\n`,
  );
  return { dir: await trainModelSet(part, polnearDir, options.jobs) };
}

/** The core's models with a cached set's attribution tagger (the shipped NER model and confidence rates). */
export function loadModelSet(dir: string): NlpModels {
  return loadModels({ attribution: { file: join(dir, SHIPPED_RECIPE[0]!.file) } });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { Command } = await import('commander');
  const { sharedDir } = await import('./shared-dir.js');
  const { parsePolnearPart } = await import('./eval/polnear-corpus.js');
  const opts = new Command()
    .option('--part <part>', "rest (the held-out tenth's models) or except:K/N (a fold's)", 'rest')
    .option('--check', 'only report whether the models are up to date; exit 1 if not')
    .option('--force', 'retrain even when up to date')
    .option('--jobs <n>', 'stages to train at once (each one process)', '1')
    .option('--shared <dir>', 'the reference data (default ../shared)')
    .parse()
    .opts<{ part: string; check?: boolean; force?: boolean; jobs: string }>();
  const part = parsePolnearPart(opts.part);
  const polnearDir = join(sharedDir(), 'data/polnear/data');
  const state = await modelSetState(part, polnearDir);
  if (opts.check) {
    process.stderr.write(state.fresh ? `up to date: ${state.dir}\n` : `stale: ${state.reason}\n`);
    process.exit(state.fresh ? 0 : 1);
  }
  if (state.fresh && !opts.force) process.stderr.write(`up to date: ${state.dir}\n`);
  else process.stderr.write(`trained: ${await trainModelSet(part, polnearDir, Number(opts.jobs))}\n`);
}
