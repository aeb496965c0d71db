// `npm run eval:cv`: 5-fold cross-validation of the quote pipeline over PolNeAR train. Fold K holds the
// texts whose index (in name order) is K mod 5; it is scored with attribution models trained (the shipped
// recipe) on the other four folds, cached in .cache/models/except-K-5/ and reused while their inputs are
// unchanged (scripts/eval-models.ts). Reports each fold and the mean ± sd (sample standard deviation) of
// every headline measure. Long: training all folds takes hours on a busy machine, so it runs at low
// priority (the npm script uses nice). Never prints errors: the folds include the held-out tenth.
//   npm run eval:cv [-- --folds 5] [--no-train] [--shared DIR]
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { valueAt } from './eval/floors.js';
import { polnearDocuments, polnearSplitDir } from './eval/polnear-corpus.js';
import { evalPolnearDocuments, type PolnearResult } from './eval/polnear-eval.js';
import { ensureModelSet, loadModelSet } from './eval-models.js';
import { sharedDir } from './shared-dir.js';

/** The measures summarised across folds: path into PolnearResult, and a label. */
export const CV_MEASURES: ReadonlyArray<[string, string]> = [
  ['precision', 'content precision'],
  ['recall', 'content recall'],
  ['f1', 'content F1'],
  ['speakerAccuracy', 'speaker accuracy (matched)'],
  ['directRecall', 'direct-quote recall'],
  ['relations.f1', 'content F1, split quotes grouped'],
  ['cuelessContinuationPredicted.speakerAccuracy', 'right speaker, cue-less continuations'],
  ['calibration.quote.ece', 'quote confidence ECE'],
  ['calibration.speaker.ece', 'speaker confidence ECE'],
];

export interface MeanSd {
  mean: number;
  sd: number;
  n: number;
}

/** Mean and sample standard deviation (0 for a single value). */
export function meanSd(values: number[]): MeanSd {
  const n = values.length;
  const mean = values.reduce((s, v) => s + v, 0) / n;
  const variance = n > 1 ? values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1) : 0;
  return { mean, sd: Math.sqrt(variance), n };
}

/** Mean ± sd of each measure over the folds that report it. */
export function summariseFolds(folds: PolnearResult[]): Record<string, MeanSd> {
  const out: Record<string, MeanSd> = {};
  for (const [path] of CV_MEASURES) {
    const values = folds.map((f) => valueAt(f, path)).filter((v): v is number => v !== null);
    if (values.length) out[path] = meanSd(values);
  }
  return out;
}

const pct = (x: number) => (100 * x).toFixed(1);

function formatSummary(summary: Record<string, MeanSd>, folds: number): string {
  return CV_MEASURES.filter(([path]) => summary[path])
    .map(([path, label]) => {
      const { mean, sd, n } = summary[path]!;
      const isEce = path.endsWith('.ece');
      const show = (x: number) => (isEce ? x.toFixed(3) : pct(x));
      return `  ${label.padEnd(40)} ${show(mean)} ± ${show(sd)}${n < folds ? ` (${n} folds)` : ''}\n`;
    })
    .join('');
}

async function main(): Promise<void> {
  const opts = new Command()
    .option('--folds <n>', 'number of folds', '5')
    .option('--no-train', 'skip folds whose models are out of date instead of training them')
    .option('--shared <dir>', 'the reference data (default ../shared)')
    .parse()
    .opts<{ folds: string; train: boolean }>();
  const folds = Number(opts.folds);
  const trainDir = polnearSplitDir(sharedDir(), 'train');
  if (!trainDir) process.exit(2);
  const results: PolnearResult[] = [];
  for (let k = 0; k < folds; k++) {
    const set = await ensureModelSet({ take: 'except', fold: k, of: folds }, join(trainDir, '..'), {
      train: opts.train,
    });
    if ('stale' in set) {
      process.stderr.write(`fold ${k + 1}/${folds}: skipped, models out of date (${set.stale})\n`);
      continue;
    }
    const t0 = performance.now();
    const docs = polnearDocuments(trainDir, { take: 'fold', fold: k, of: folds });
    const r = evalPolnearDocuments(docs, { models: loadModelSet(set.dir) });
    results.push(r);
    process.stderr.write(
      `fold ${k + 1}/${folds} (${r.documents} texts, ${((performance.now() - t0) / 1000).toFixed(0)} s): ` +
        `P ${pct(r.precision)} R ${pct(r.recall)} F1 ${pct(r.f1)}, speaker ${pct(r.speakerAccuracy)}, ` +
        `direct recall ${pct(r.directRecall)}\n`,
    );
  }
  const summary = summariseFolds(results);
  process.stderr.write(
    `\nPolNeAR train, ${results.length}-fold cross-validation (mean ± sd over folds):\n` +
      formatSummary(summary, results.length),
  );
  process.stdout.write(JSON.stringify({ folds: results.length, summary, perFold: results }, null, 2) + '\n');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
