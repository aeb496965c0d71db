// Quote evaluation: the sample article against its hand annotation; PolNeAR dev with the shipped models;
// the held-out tenth of PolNeAR train with models trained on the other nine tenths (scripts/eval-models.ts,
// cached in .cache/models/). A predicted quote matches a gold one when their word-token overlap (Dice) is
// ≥ 0.5 (one-to-one, best pairs first); the speaker is right when it names the gold speaker (sample) or its
// mention overlaps the gold Source span (PolNeAR). Breakdowns and calibration: scripts/eval/polnear-eval.ts.
//   npx tsx scripts/eval-quotes.ts [--shared DIR] [--dev | --heldout] [--errors] [--no-train]
// --errors lists dev errors (never held-out ones: that tenth is for measurement only). --no-train skips the
// held-out tenth when its models are out of date instead of training them. QUOTES_ATTRIBUTION_MODEL=off
// (rules only, on both) or =<file.bin> (a candidate tagger: used on dev, and on the held-out tenth as given,
// so pass nine-tenths candidates with --heldout); QUOTES_ATTRIBUTION_STAGES=<n> runs its first n stages.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { attributionChoiceFromEnv, defaultModels, loadModels } from '../shared/adapters/models/index.js';
import type { QuoteType } from '../shared/domain/schema.js';
import type { NlpModels } from '../shared/nlp/models.js';
import { analyzeArticle } from '../shared/nlp/pipeline.js';
import { match, type PRF, prf, wordSet } from './eval/matching.js';
import { polnearDocuments, polnearSplitDir } from './eval/polnear-corpus.js';
import { evalPolnearDocuments, type PolnearResult } from './eval/polnear-eval.js';
import { formatPolnear } from './eval/report.js';
import { ensureModelSet, loadModelSet } from './eval-models.js';

export { isDirect } from './eval/classify.js';
export { match, type PRF, wordSet } from './eval/matching.js';
export {
  describePolnearPart,
  parsePolnearPart,
  type PolnearAttribution,
  polnearAnnFiles,
  type PolnearPart,
  polnearTexts,
  readPolnearAnn,
} from './eval/polnear-corpus.js';
export type { PolnearResult } from './eval/polnear-eval.js';

export interface QuoteEvalResult {
  sample: PRF & {
    byType: Record<QuoteType, PRF>;
    typeAccuracy: number;
    speakerAccuracy: number;
    cueAccuracy: number;
  };
  /** PolNeAR dev with the shipped models. */
  polnear: PolnearResult | null;
  /** The held-out tenth of PolNeAR train with nine-tenths models; a reason when it was not measured. */
  heldout: PolnearResult | { skipped: string } | null;
}

interface SampleGold {
  type: QuoteType;
  speaker: string;
  cue: string;
  text: string;
  optional?: boolean;
}

function evalSample(sharedDir: string, showErrors: boolean): QuoteEvalResult['sample'] {
  const dir = join(sharedDir, 'fixtures/articles');
  const text = readFileSync(join(dir, 'belarus-russia-partners.txt'), 'utf8')
    .replace(/\r\n?/g, '\n')
    .replace(/^\uFEFF/, '');
  const gold = (
    JSON.parse(readFileSync(join(dir, 'belarus-russia-partners.gold.json'), 'utf8')) as {
      quotes: SampleGold[];
    }
  ).quotes;
  const { quotes } = analyzeArticle(
    { text, title: null, language: 'en', publishedAt: null, format: 'text' },
    defaultModels(),
  );
  let from = 0;
  const goldSets = gold.map((g) => {
    let at = text.indexOf(g.text, from);
    if (at < 0) at = text.indexOf(g.text);
    if (at >= 0) from = at + g.text.length;
    return at >= 0 ? wordSet(text, [{ start: at, end: at + g.text.length }]) : new Set<number>();
  });
  const predSets = quotes.map((q) => wordSet(text, [q]));
  const pairs = match(goldSets, predSets);
  const matchedGold = new Map(pairs.map(([i, j]) => [i, j]));
  const matchedPred = new Set(pairs.map(([, j]) => j));
  const optionalPred = new Set(pairs.filter(([i]) => gold[i]!.optional).map(([, j]) => j));
  const required = gold.filter((g) => !g.optional);
  const predicted = quotes.length - optionalPred.size;
  const matched = pairs.filter(([i]) => !gold[i]!.optional).length;
  let typeOk = 0;
  let speakerOk = 0;
  let cueOk = 0;
  const byType = {} as Record<QuoteType, PRF>;
  for (const type of ['direct', 'mixed', 'indirect'] as QuoteType[]) {
    const g = gold.map((x, i) => [x, i] as const).filter(([x]) => !x.optional && x.type === type);
    const p = quotes.filter((q, j) => q.type === type && !optionalPred.has(j));
    const m = g.filter(([, i]) => matchedGold.has(i) && quotes[matchedGold.get(i)!]!.type === type).length;
    byType[type] = prf(g.length, p.length, m);
  }
  gold.forEach((g, i) => {
    const j = matchedGold.get(i);
    if (g.optional) return;
    if (j === undefined) {
      if (showErrors) process.stderr.write(`  sample MISSED ${g.type}: ${g.text.slice(0, 80)}\n`);
      return;
    }
    const q = quotes[j]!;
    if (q.type === g.type) typeOk++;
    if (q.speaker.name === g.speaker) speakerOk++;
    else if (showErrors)
      process.stderr.write(
        `  sample SPEAKER ${q.speaker.mention} → ${q.speaker.name}: ${g.text.slice(0, 60)}\n`,
      );
    if (q.cue?.text === g.cue) cueOk++;
  });
  if (showErrors)
    quotes.forEach((q, j) => {
      if (!matchedPred.has(j)) process.stderr.write(`  sample SPURIOUS ${q.type}: ${q.text.slice(0, 80)}\n`);
    });
  return {
    ...prf(required.length, predicted, matched),
    byType,
    typeAccuracy: matched ? typeOk / matched : 0,
    speakerAccuracy: matched ? speakerOk / matched : 0,
    cueAccuracy: matched ? cueOk / matched : 0,
  };
}

const pct = (x: number) => (100 * x).toFixed(1);

/**
 * The models for the held-out tenth: a candidate from the environment as given (rules only, another
 * tagger), else the cached nine-tenths model (trained when stale and `train` is set); the environment's
 * QUOTES_ATTRIBUTION_STAGES carries over.
 */
async function heldoutModels(polnearDir: string, train: boolean): Promise<NlpModels | { skipped: string }> {
  const choice = attributionChoiceFromEnv();
  if (choice.file) return loadModels({ attribution: choice });
  const set = await ensureModelSet('rest', polnearDir, { train });
  if ('stale' in set)
    return {
      skipped: `its nine-tenths models are out of date (${set.stale}); \`npm run eval:models\` trains them`,
    };
  const models = loadModelSet(set.dir);
  const tagger = models.attribution.tagger;
  if (!choice.stages || !tagger) return models;
  return { ...models, attribution: { tagger: tagger.firstStages(choice.stages) } };
}

export interface QuoteEvalOptions {
  /** List dev errors on stderr. */
  errors?: boolean;
  /** Which PolNeAR parts: dev and the held-out tenth (default), or one of them. */
  parts?: 'both' | 'dev' | 'heldout';
  /** Train the held-out tenth's models when they are out of date (default true). */
  train?: boolean;
}

export async function evalQuotes(sharedDir: string, opts: QuoteEvalOptions = {}): Promise<QuoteEvalResult> {
  const parts = opts.parts ?? 'both';
  const sample = evalSample(sharedDir, opts.errors ?? false);
  process.stderr.write(
    `Sample article (belarus-russia-partners): P ${pct(sample.precision)}  R ${pct(sample.recall)}  F1 ${pct(sample.f1)}` +
      `  (gold ${sample.gold}, predicted ${sample.predicted}, matched ${sample.matched})\n` +
      `  by type: ${(['direct', 'mixed', 'indirect'] as const).map((t) => `${t} ${sample.byType[t].matched}/${sample.byType[t].gold} (P ${pct(sample.byType[t].precision)})`).join(', ')}\n` +
      `  type accuracy ${pct(sample.typeAccuracy)}, speaker → canonical name ${pct(sample.speakerAccuracy)}, cue ${pct(sample.cueAccuracy)}\n`,
  );
  let polnear: PolnearResult | null = null;
  const devDir = parts === 'heldout' ? null : polnearSplitDir(sharedDir, 'dev');
  if (devDir) {
    const t0 = performance.now();
    polnear = evalPolnearDocuments(polnearDocuments(devDir, 'all'), {
      models: defaultModels(),
      errors: opts.errors ?? false,
    });
    process.stderr.write(
      formatPolnear('PolNeAR dev, shipped models', polnear, (performance.now() - t0) / 1000),
    );
  }
  let heldout: QuoteEvalResult['heldout'] = null;
  const trainDir = parts === 'dev' ? null : polnearSplitDir(sharedDir, 'train');
  if (trainDir) {
    const models = await heldoutModels(dirname(trainDir), opts.train ?? true);
    if ('skipped' in models) {
      heldout = models;
      process.stderr.write(`PolNeAR train, held-out tenth: not measured: ${models.skipped}.\n`);
    } else {
      const t0 = performance.now();
      // Never with errors: the held-out tenth is for measurement only.
      heldout = evalPolnearDocuments(polnearDocuments(trainDir, 'heldout'), { models });
      process.stderr.write(
        formatPolnear(
          'PolNeAR train, held-out tenth, nine-tenths models',
          heldout,
          (performance.now() - t0) / 1000,
        ),
      );
    }
  }
  return { sample, polnear, heldout };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { sharedDir } = await import('./shared-dir.js');
  const argv = process.argv.slice(2);
  if (argv.includes('--errors') && argv.includes('--heldout'))
    throw new Error(
      '--errors lists dev errors only: the held-out tenth is for measurement, never for reading errors',
    );
  const result = await evalQuotes(sharedDir(), {
    errors: argv.includes('--errors'),
    parts: argv.includes('--heldout') ? 'heldout' : argv.includes('--dev') ? 'dev' : 'both',
    train: !argv.includes('--no-train'),
  });
  process.stdout.write(JSON.stringify(result, null, 2) + '\n');
}
