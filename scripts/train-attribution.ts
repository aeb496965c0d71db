// Trains the attribution tagger (Source / Cue / Content, BIO over paragraph tokens) on PolNeAR train with the
// shared averaged-perceptron sequence labeller, in stages: stage 1 tags each paragraph from its features;
// each later stage tags it again, also seeing the stage before's tags. For the training paragraphs those
// tags come from models that did not see them (k-fold jackknife by document), so a later stage learns from
// the real mistakes of the stage before. Each stage keeps its strongest weight rows (--rows), and the
// stages are packed into one file with a manifest (training data, options, hash of the feature sources).
//   npm run train:attribution                       the shipped model: all of train → shared/nlp/models/attribution.bin
//   npx tsx scripts/train-attribution.ts --heldout  nine tenths of train; token F1 per stage on the held-out tenth
// Options: --data DIR (PolNeAR data/), --out FILE, --stages 2, --epochs1 45, --epochs 15 (later stages),
// --folds 3, --rows 100000, --min-count 2. Deterministic: the same data, code and options give the same bytes.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { Command } from 'commander';
import {
  FeatureSequence,
  type LabelledSpan,
  SequenceModel,
  StagedModel,
  schemeConstraint,
  schemeTags,
  spansToTags,
  trainSequenceModel,
  type TrainingSequence,
} from '../shared/nlp/ml/index.js';
import { ATTRIBUTION_MODEL_FILE } from '../shared/adapters/models/index.js';
import {
  ATTRIBUTION_LABELS,
  paragraphFeatures,
  paragraphTokens,
  stackedFeatures,
} from '../shared/nlp/quotes/attribution-model.js';
import type { Tok } from '../shared/nlp/quotes/tokens.js';
import { ruleDrafts, ruleLabels } from '../shared/nlp/quotes/rule-drafts.js';
import { findQuotationsDetailed } from '../shared/nlp/quotes/marks.js';
import { splitParagraphs, splitSentences } from '../shared/nlp/segment.js';
import { groupStatements } from '../shared/nlp/statements.js';
import type { Statement } from '../shared/domain/schema.js';
import { repoRoot, writeManifest } from './attribution-manifest.js';
import {
  describePolnearPart,
  parsePolnearPart,
  polnearAnnFiles,
  polnearTexts,
  type PolnearPart,
  readPolnearAnn,
} from './eval/polnear-corpus.js';

const program = new Command()
  .option('--data <dir>', 'PolNeAR data directory', resolve(repoRoot, '../shared/data/polnear/data'))
  .option('--heldout', 'train on nine tenths of train and report on the held-out tenth')
  .option('--train <part>', 'part of train: all, rest (nine tenths), except:K/N (all but a fold)', 'all')
  .option('--out <file>', 'packed model file')
  .option('--stages <n>', 'stages', Number, 2)
  .option('--epochs1 <n>', 'epochs of stage 1', Number, 45)
  .option('--epochs <n>', 'epochs of later stages', Number, 15)
  .option('--folds <n>', 'jackknife folds', Number, 3)
  .option('--rows <n>', 'weight rows kept per stage', Number, 100_000)
  .option('--min-count <n>', 'features seen fewer times are dropped', Number, 2)
  .parse();
const opts = program.opts<{
  data: string;
  heldout?: boolean;
  train: string;
  out?: string;
  stages: number;
  epochs1: number;
  epochs: number;
  folds: number;
  rows: number;
  minCount: number;
}>();
const dataDir = resolve(opts.data);
const heldoutMode = opts.heldout === true;
const out = resolve(
  opts.out ??
    (heldoutMode
      ? '/tmp/attribution-nine-tenths.bin'
      : join(repoRoot, 'shared/nlp/models', ATTRIBUTION_MODEL_FILE)),
);
const SEED = 7;
if (!existsSync(join(dataDir, 'train/text'))) {
  process.stderr.write(
    `PolNeAR not found at ${dataDir} (expected train/ and dev/ with text/ and attributions/).\n` +
      'Point to it with --data DIR (the corpus sits beside the repository in ../shared/data/polnear/data).\n',
  );
  process.exit(2);
}

const scheme = 'BIO';
const TAGS = schemeTags(ATTRIBUTION_LABELS, scheme);
const TAG_INDEX = new Map(TAGS.map((t, i) => [t, i]));
const dataHash = createHash('sha256');

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
    const ann = readFileSync(join(dir, 'attributions', annFile), 'utf8');
    dataHash.update(`${f}\n${text}\n${annFile}\n${ann}\n`);
    const attributions = readPolnearAnn(ann);
    const sentences = splitSentences(text);
    const paragraphs = splitParagraphs(text);
    const quotations = findQuotationsDetailed(text, paragraphs);
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
  model: { predict(seq: FeatureSequence): Uint8Array },
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
const log = (msg: string) =>
  process.stderr.write(`${msg} (${((performance.now() - t0) / 1000).toFixed(0)} s)\n`);

const trainPart = heldoutMode ? 'rest' : parsePolnearPart(opts.train);
const train = sequencesOf('train', trainPart);
const heldout = heldoutMode ? sequencesOf('train', 'heldout') : [];
const documents = new Set(train.map((p) => p.doc)).size;
log(`features built: ${train.length} train / ${heldout.length} held-out paragraphs`);

const trainOptions = (epochs: number) => ({
  tags: TAGS,
  epochs,
  seed: SEED,
  minFeatureCount: opts.minCount,
  pruneBelow: 0.5,
  allowedTransition: schemeConstraint(scheme),
});
const epochsOf = (stage: number) => (stage === 1 ? opts.epochs1 : opts.epochs);

/** A stage's model on these paragraphs, cut to its strongest rows. */
function trainStage(stage: number, data: Paragraph[]): SequenceModel {
  return trainSequenceModel(data, trainOptions(epochsOf(stage))).pruned(opts.rows);
}

/**
 * The tags each training paragraph gets from a stage model that did not see it (trained on the other
 * folds), and each held-out paragraph from the stage's final model.
 */
function jackknifedTags(stage: number, final: SequenceModel): Map<Paragraph, Uint8Array> {
  const tags = new Map<Paragraph, Uint8Array>();
  for (let k = 0; k < opts.folds; k++) {
    const m = trainStage(
      stage,
      train.filter((p) => p.doc % opts.folds !== k),
    );
    for (const p of train) if (p.doc % opts.folds === k) tags.set(p, m.predict(p.features));
    log(`stage ${stage}, fold ${k + 1}/${opts.folds}`);
  }
  for (const p of heldout) tags.set(p, final.predict(p.features));
  return tags;
}

const base = new Map<Paragraph, FeatureSequence>([...train, ...heldout].map((p) => [p, p.features]));
const stageModels: SequenceModel[] = [];
const measured: Record<string, string> = {};
for (let stage = 1; stage <= opts.stages; stage++) {
  const model = trainStage(stage, train);
  stageModels.push(model);
  if (heldout.length) {
    measured[`stage${stage}`] = formatF1(contentTokenF1(model, heldout).byLabel);
    log(`stage ${stage}: ${model.featureCount} rows; held-out token F1 ${measured[`stage${stage}`]}`);
  } else log(`stage ${stage}: ${model.featureCount} rows`);
  if (stage === opts.stages) break;
  // The next stage's features: each paragraph's own, plus the tags this stage gave it unseen.
  const prior = jackknifedTags(stage, model);
  const seq = new FeatureSequence(512, 48);
  for (const p of [...train, ...heldout]) {
    stackedFeatures(base.get(p)!, p.toks, p.sentenceIds, prior.get(p)!, seq);
    p.features = seq.clone();
  }
}

const packed = StagedModel.fromModels(stageModels, {
  version: 2,
  corpus: `PolNeAR 1.0 train (${describePolnearPart(trainPart)})`,
  labels: ATTRIBUTION_LABELS,
  scheme,
});
writeFileSync(out, packed.toBuffer());
writeManifest(out, {
  model: {
    kind: 'stacked averaged perceptron, BIO tags, Viterbi; int8 weight rows, bfloat16 row scales',
    stages: opts.stages,
    rows: packed.rowCount,
    tags: TAGS,
  },
  training: {
    data: `PolNeAR 1.0 train (${describePolnearPart(trainPart)}); first annotation of each document`,
    documents,
    dataSha256: dataHash.digest('hex'),
    command:
      process.argv.length > 2
        ? `npx tsx scripts/train-attribution.ts ${process.argv.slice(2).join(' ')}`
        : 'npm run train:attribution',
    options: { ...opts, data: relative(repoRoot, dataDir), out: relative(repoRoot, out) },
    seed: SEED,
    node: process.version,
  },
  ...(heldoutMode ? { measured: { heldoutTokenF1: measured } } : {}),
});
log(`wrote ${out}: ${packed.rowCount} rows, ${(statSync(out).size / 1e6).toFixed(2)} MB`);
