// Trains the attribution tagger (Source / Cue / Content, BIO over paragraph tokens) on PolNeAR train with the
// shared averaged-perceptron sequence labeller, keeps the epoch with the best Content-token F1 on a held-out
// tenth of train, and writes shared/nlp/models/attribution.bin.
//   npx tsx scripts/train-attribution.ts [--data ../shared/data/polnear/data] [--epochs 45] [--min-count 2] [--scheme BIO|BILOU] [--all]
// --stage N (2 or 3) trains a later stage instead (shared/nlp/models/attribution-stage<N>.bin): a tagger that
// also sees the previous stage's predicted tags. Those tags come, for each training paragraph, from models of
// the previous stages trained on the other folds (jackknife, --folds 5; stage 1 with --epochs1 45 as shipped,
// later stages with --epochs), so it learns from the real mistakes of the stage before. On the held-out tenth
// the earlier stages are --stage1 FILE, --stage2 FILE … (trained on the other nine tenths).
//   npx tsx scripts/train-attribution.ts --stage 2 --all --epochs 20
//   npx tsx scripts/train-attribution.ts --stage 3 --all --epochs 20
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  FeatureSequence,
  type LabelledSpan,
  SequenceModel,
  schemeConstraint,
  schemeTags,
  spansToTags,
  trainSequenceModel,
  type TagScheme,
  type TrainingSequence,
} from '../shared/nlp/ml/index.js';
import { ATTRIBUTION_STAGE_FILES } from '../shared/adapters/models/index.js';
import {
  ATTRIBUTION_LABELS,
  paragraphFeatures,
  paragraphTokens,
  stackedFeatures,
} from '../shared/nlp/quotes/attribution-model.js';
import type { Tok } from '../shared/nlp/quotes/tokens.js';
import { ruleDrafts, ruleLabels } from '../shared/nlp/quotes/extract.js';
import { findQuotations } from '../shared/nlp/quotes/marks.js';
import { splitParagraphs, splitSentences } from '../shared/nlp/segment.js';
import { groupStatements } from '../shared/nlp/statements.js';
import type { Statement } from '../shared/domain/schema.js';
import {
  describePolnearPart,
  parsePolnearPart,
  polnearAnnFiles,
  polnearTexts,
  type PolnearPart,
  readPolnearAnn,
} from './eval/polnear-corpus.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : dflt;
};
const dataDir = resolve(opt('data', resolve(repoRoot, '../shared/data/polnear/data')));
const epochs = Number(opt('epochs', '45'));
const minCount = Number(opt('min-count', '2'));
// --all: train the shipped model on all of train for the fixed number of epochs (chosen beforehand on the
// held-out tenth); without it, train on nine tenths and keep the best epoch on the held-out tenth.
// --train PART: train on that part of train for exactly --epochs epochs, choosing nothing on held-out data
// (`all` as --all; `rest`, the nine tenths beside the held-out tenth; `except:K/N`, all but the K-th of N
// folds): the evaluation's held-out and cross-validation models (scripts/eval-models.ts).
const useAll = args.includes('--all');
const trainPart = parsePolnearPart(opt('train', useAll ? 'all' : 'rest'));
const validate = !useAll && !args.includes('--train');
const stage = Number(opt('stage', '1'));
if (!(stage >= 1 && stage <= ATTRIBUTION_STAGE_FILES.length))
  throw new Error(`--stage must be 1 to ${ATTRIBUTION_STAGE_FILES.length}`);
// The stacked features read earlier stages' tags as BIO indices.
if (stage > 1 && opt('scheme', 'BIO') !== 'BIO') throw new Error('--stage 2 and 3 need --scheme BIO');
const out = resolve(opt('out', join(repoRoot, 'shared/nlp/models', ATTRIBUTION_STAGE_FILES[stage - 1]!)));
if (!existsSync(join(dataDir, 'train/text'))) {
  process.stderr.write(
    `PolNeAR not found at ${dataDir} (expected train/ and dev/ with text/ and attributions/).\n` +
      'Point to it with --data DIR (the corpus sits beside the repository in ../shared/data/polnear/data).\n',
  );
  process.exit(2);
}

const scheme = opt('scheme', 'BIO') as TagScheme;
const TAGS = schemeTags(ATTRIBUTION_LABELS, scheme);
const TAG_INDEX = new Map(TAGS.map((t, i) => [t, i]));

/** A training paragraph: features and gold tags, with its tokens and document number (for folds). */
interface Paragraph extends TrainingSequence {
  toks: Tok[];
  sentenceIds: Int32Array;
  doc: number;
}

/** Paragraph sequences of a split; `part` keeps every 10th document (held out) or the others. */
function sequencesOf(split: string, part: PolnearPart = 'all'): Paragraph[] {
  const dir = join(dataDir, split);
  const anns = polnearAnnFiles(dir);
  const out: Paragraph[] = [];
  const seq = new FeatureSequence(512, 32);
  const files = polnearTexts(dir, part);
  for (const [doc, f] of files.entries()) {
    const annFile = anns.get(f.replace(/\.txt$/, ''));
    if (!annFile) continue;
    const text = readFileSync(join(dir, 'text', f), 'utf8');
    const attributions = readPolnearAnn(readFileSync(join(dir, 'attributions', annFile), 'utf8'));
    const sentences = splitSentences(text);
    const paragraphs = splitParagraphs(text);
    const quotations = findQuotations(text, paragraphs);
    const statements: Statement[] = groupStatements(sentences, quotations).map(([a, b], index) => ({
      id: String(index),
      index,
      start: sentences[a]!.start,
      end: sentences[b]!.end,
      text: '',
    }));
    const rules = ruleDrafts({ text, sentences, statements, quotations });
    const labels = ruleLabels(text, rules.drafts);
    const gold: Array<{ label: string; start: number; end: number }> = [];
    for (const a of attributions) {
      for (const s of a.content) gold.push({ label: 'Content', ...s });
      for (const s of a.cue ?? []) gold.push({ label: 'Cue', ...s });
      for (const s of a.source ?? []) gold.push({ label: 'Source', ...s });
    }
    for (const p of rules.doc.paragraphs) {
      const ps = sentences.filter((s) => s.start >= p.start && s.start < p.end);
      const { toks, sentenceIds } = paragraphTokens(text, p, ps);
      if (!toks.length) continue;
      paragraphFeatures(toks, sentenceIds, labels, rules.doc.quotations, seq);
      const spans: LabelledSpan[] = [];
      const taken = new Uint8Array(toks.length);
      for (const g of gold) {
        if (g.end <= p.start || g.start >= p.end) continue;
        let a = toks.findIndex((t) => t.end > g.start);
        let b = toks.length;
        for (let i = a; i < toks.length; i++)
          if (toks[i]!.start >= g.end) {
            b = i;
            break;
          }
        if (a < 0 || b <= a) continue;
        while (a < b && taken[a]) a++;
        let e = a;
        while (e < b && !taken[e]) e++;
        if (e <= a) continue;
        taken.fill(1, a, e);
        spans.push({ label: g.label, start: a, end: e });
      }
      spans.sort((x, y) => x.start - y.start);
      const tags = spansToTags(spans, toks.length, scheme).map((t) => TAG_INDEX.get(t)!);
      out.push({ features: seq.clone(), tags, toks, sentenceIds, doc });
    }
  }
  return out;
}

/** "Source 71.7, Cue 62.1, Content 85.5". */
function formatF1(byLabel: Record<string, number>): string {
  return Object.entries(byLabel)
    .map(([k, v]) => `${k} ${(100 * v).toFixed(1)}`)
    .join(', ');
}

function contentTokenF1(
  model: SequenceModel,
  data: TrainingSequence[],
): { f1: number; byLabel: Record<string, number> } {
  const byLabel: Record<string, number> = {};
  for (const label of ATTRIBUTION_LABELS) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (const s of data) {
      const pred = model.predict(s.features);
      for (let i = 0; i < pred.length; i++) {
        const p = TAGS[pred[i]!]!.endsWith(label);
        const g = TAGS[s.tags[i]!]!.endsWith(label);
        if (p && g) tp++;
        else if (p) fp++;
        else if (g) fn++;
      }
    }
    byLabel[label] = tp ? (2 * tp) / (2 * tp + fp + fn) : 0;
  }
  return { f1: byLabel.Content!, byLabel };
}

const t0 = performance.now();
// Epochs are chosen on a tenth of train held out (PolNeAR dev stays unseen until evaluation).
const train = sequencesOf('train', trainPart);
const heldout = validate ? sequencesOf('train', 'heldout') : [];
const trainOptions = (n: number) => ({
  tags: TAGS,
  epochs: n,
  seed: 7,
  minFeatureCount: minCount,
  pruneBelow: 0.5,
  allowedTransition: schemeConstraint(scheme),
});
if (stage > 1) stackOnEarlierStages();
process.stderr.write(
  `features built: ${train.length} train / ${heldout.length} held-out paragraphs (${((performance.now() - t0) / 1000).toFixed(0)} s)\n`,
);
const model = trainSequenceModel(train, {
  ...trainOptions(epochs),
  meta: {
    version: 1,
    ...(stage > 1 ? { stage } : {}),
    corpus: `PolNeAR 1.0 train (${describePolnearPart(trainPart)})`,
    epochs,
    scheme,
    labels: ATTRIBUTION_LABELS,
  },
  onEpoch: (epoch, m, errors) => {
    if (!validate) {
      process.stderr.write(
        `epoch ${epoch}: train token errors ${errors} (${((performance.now() - t0) / 1000).toFixed(0)} s)\n`,
      );
      return;
    }
    const { f1, byLabel } = contentTokenF1(m, heldout);
    process.stderr.write(
      `epoch ${epoch}: train token errors ${errors}; held-out token F1 ${formatF1(byLabel)}` +
        ` (${((performance.now() - t0) / 1000).toFixed(0)} s)\n`,
    );
    return f1;
  },
});
writeFileSync(out, model.toBuffer());
process.stderr.write(
  `wrote ${out}: ${model.featureCount} features, ${(statSync(out).size / 1e6).toFixed(2)} MB\n`,
);

/**
 * Replaces each paragraph's features by its stacked features, one round per earlier stage: the previous
 * stage's tags come from a model that did not see the paragraph (trained on the other folds; on the held-out
 * tenth, the --stage<r> model).
 */
function stackOnEarlierStages(): void {
  const folds = Number(opt('folds', '5'));
  const base = new Map<Paragraph, FeatureSequence>([...train, ...heldout].map((p) => [p, p.features]));
  const seq = new FeatureSequence(512, 48);
  for (let r = 1; r < stage; r++) {
    const prior = new Map<Paragraph, Uint8Array>();
    for (let k = 0; k < folds; k++) {
      const m = trainSequenceModel(
        train.filter((p) => p.doc % folds !== k),
        trainOptions(r === 1 ? Number(opt('epochs1', '45')) : epochs),
      );
      for (const p of train) if (p.doc % folds === k) prior.set(p, m.predict(p.features));
      process.stderr.write(
        `stage ${r}, fold ${k + 1}/${folds} (${((performance.now() - t0) / 1000).toFixed(0)} s)\n`,
      );
    }
    if (heldout.length) {
      const file = opt(`stage${r}`, '');
      if (!file)
        throw new Error(`--stage ${stage} without --all needs --stage${r} FILE (trained on nine tenths)`);
      const m = SequenceModel.fromBuffer(readFileSync(file));
      for (const p of heldout) prior.set(p, m.predict(p.features));
      const { byLabel } = contentTokenF1(m, heldout);
      process.stderr.write(`stage ${r} on held-out: ${formatF1(byLabel)}\n`);
    }
    for (const p of [...train, ...heldout]) {
      stackedFeatures(base.get(p)!, p.toks, p.sentenceIds, prior.get(p)!, seq);
      p.features = seq.clone();
    }
  }
}
