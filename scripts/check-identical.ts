// Refactoring guard: the whole core's output (article, statements, quotes with speakers, entities) on
// PolNeAR dev and train and on all BBC News articles, compared with a baseline saved from another commit.
//   npm run check:identical -- --save FILE            save the output of this working tree
//   npm run check:identical -- --against FILE         compare this working tree with a saved baseline
//   npm run check:identical -- --commit REV           save REV's output (temporary worktree) and compare
// Options: --shared DIR (corpora), --limit N (first N files of each corpus, for a quick look).
// Exit 1 when any output differs; the first differences are printed to stderr.
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import { Command } from 'commander';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Corpus files in a fixed order: PolNeAR dev and train texts, then the BBC articles. */
function corpusFiles(shared: string, limit: number): string[] {
  const list = (dir: string, filter: (f: string) => boolean) =>
    existsSync(dir)
      ? readdirSync(dir, { recursive: true, encoding: 'utf8' })
          .filter(filter)
          .sort()
          .slice(0, limit)
          .map((f) => join(dir, f))
      : [];
  const txt = (f: string) => f.endsWith('.txt') && !f.endsWith('README.TXT');
  return [
    ...list(join(shared, 'data/polnear/data/dev/text'), txt),
    ...list(join(shared, 'data/polnear/data/train/text'), txt),
    ...list(join(shared, 'data/bbc'), txt),
  ];
}

type Analyze = (bytes: Uint8Array, fileName: string) => unknown;

/**
 * The core of the tree at `root`. Works on trees from before the models adapter existed: the loaded
 * models are passed as a trailing argument, which older `analyzeArticle`s ignore.
 */
async function coreOf(root: string): Promise<Analyze> {
  const { decodeArticle } = (await import(join(root, 'shared/ingest/index.ts'))) as {
    decodeArticle: (bytes: Uint8Array, opts: { fileName: string }) => unknown;
  };
  const { analyzeArticle } = (await import(join(root, 'shared/nlp/pipeline.ts'))) as {
    analyzeArticle: (doc: unknown, models: unknown) => unknown;
  };
  const adapter = join(root, 'shared/adapters/models/index.ts');
  const models = existsSync(adapter)
    ? ((await import(adapter)) as { defaultModels: () => unknown }).defaultModels()
    : undefined;
  return (bytes, fileName) => analyzeArticle(decodeArticle(bytes, { fileName }), models);
}

async function run(root: string, shared: string, limit: number): Promise<Map<string, string>> {
  const analyze = await coreOf(root);
  const out = new Map<string, string>();
  const files = corpusFiles(shared, limit);
  files.forEach((f, i) => {
    out.set(relative(shared, f), JSON.stringify(analyze(readFileSync(f), f)));
    if ((i + 1) % 500 === 0) process.stderr.write(`  ${i + 1}/${files.length}\n`);
  });
  return out;
}

function save(file: string, outputs: Map<string, string>): void {
  const lines = [...outputs].map(([name, json]) =>
    JSON.stringify({ name, output: JSON.parse(json) as unknown }),
  );
  writeFileSync(file, gzipSync(lines.join('\n')));
}

function load(file: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of gunzipSync(readFileSync(file)).toString('utf8').split('\n')) {
    if (!line) continue;
    const { name, output } = JSON.parse(line) as { name: string; output: unknown };
    out.set(name, JSON.stringify(output));
  }
  return out;
}

/** First differing quote / entity / statement of one document, for the report. */
function firstDifference(a: string, b: string): string {
  const x = JSON.parse(a) as Record<string, unknown[]>;
  const y = JSON.parse(b) as Record<string, unknown[]>;
  for (const key of ['quotes', 'entities', 'statements']) {
    const xs = x[key] ?? [];
    const ys = y[key] ?? [];
    for (let i = 0; i < Math.max(xs.length, ys.length); i++) {
      const p = JSON.stringify(xs[i]);
      const q = JSON.stringify(ys[i]);
      if (p !== q)
        return `${key}[${i}]\n    baseline: ${p?.slice(0, 400)}\n    now:      ${q?.slice(0, 400)}`;
    }
  }
  return 'article';
}

/** The output without the quotes' fields that a change adds on purpose (e.g. `via`). */
function without(json: string | undefined, fields: readonly string[]): string | undefined {
  if (json === undefined || fields.length === 0) return json;
  const out = JSON.parse(json) as { quotes?: Array<Record<string, unknown>> };
  for (const q of out.quotes ?? []) {
    for (const f of fields) {
      delete q[f];
      delete (q.speaker as Record<string, unknown> | undefined)?.[f];
    }
  }
  return JSON.stringify(out);
}

function compare(baseline: Map<string, string>, now: Map<string, string>, ignore: string[]): number {
  let differ = 0;
  for (const [name, current] of now) {
    const saved = baseline.get(name);
    const json = without(saved, ignore);
    const mine = without(current, ignore)!;
    if (mine === json) continue;
    differ++;
    if (differ <= 10)
      process.stderr.write(
        `DIFFERS ${name}: ${json === undefined ? 'not in the baseline' : firstDifference(json, mine)}\n`,
      );
  }
  process.stderr.write(`${now.size} documents, ${differ} differ from the baseline.\n`);
  return differ;
}

/** The baseline of commit `rev`: its tree in a temporary worktree, run by this script. */
function saveCommit(rev: string, file: string, shared: string, limit: number): void {
  const dir = mkdtempSync(join(tmpdir(), 'check-identical-'));
  try {
    execFileSync('git', ['-C', repoRoot, 'worktree', 'add', '--detach', dir, rev], { stdio: 'ignore' });
    symlinkSync(join(repoRoot, 'node_modules'), join(dir, 'node_modules'));
    execFileSync(
      process.execPath,
      [
        '--import',
        'tsx',
        fileURLToPath(import.meta.url),
        '--root',
        dir,
        '--save',
        file,
        '--shared',
        shared,
        '--limit',
        String(limit),
      ],
      { stdio: 'inherit' },
    );
  } finally {
    execFileSync('git', ['-C', repoRoot, 'worktree', 'remove', '--force', dir], { stdio: 'ignore' });
    rmSync(dir, { recursive: true, force: true });
  }
}

const program = new Command()
  .option('--save <file>', 'save the output as a baseline')
  .option('--against <file>', 'compare with a saved baseline')
  .option('--commit <rev>', 'save the output of a commit, then compare')
  .option('--root <dir>', 'tree whose core runs', repoRoot)
  .option('--shared <dir>', 'reference data', resolve(repoRoot, '../shared'))
  .option('--limit <n>', 'files per corpus', (v) => Number(v), Infinity)
  .option('--ignore <fields>', "quote and speaker fields to leave out (e.g. 'via,confidence')", '')
  .parse();
const opts = program.opts<{
  save?: string;
  against?: string;
  commit?: string;
  root: string;
  shared: string;
  limit: number;
  ignore: string;
}>();
const ignore = opts.ignore.split(',').filter(Boolean);

if (opts.save) {
  save(opts.save, await run(opts.root, opts.shared, opts.limit));
  process.stderr.write(`Saved ${opts.save}\n`);
} else {
  let baselineFile = opts.against;
  if (opts.commit) {
    const sha = execFileSync('git', ['-C', repoRoot, 'rev-parse', opts.commit], { encoding: 'utf8' }).trim();
    baselineFile = join(tmpdir(), `check-identical-${sha}-${opts.limit}.jsonl.gz`);
    if (!existsSync(baselineFile)) saveCommit(sha, baselineFile, opts.shared, opts.limit);
  }
  if (!baselineFile) program.error('give --save FILE, --against FILE or --commit REV');
  process.exitCode = compare(load(baselineFile!), await run(opts.root, opts.shared, opts.limit), ignore)
    ? 1
    : 0;
}
