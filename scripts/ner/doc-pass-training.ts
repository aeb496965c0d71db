// Training-time only: the document-level second pass (stacking). The first-pass model is retrained on
// all but one fold of the training documents and tags that fold, so the second pass learns from
// first-pass output as errorful as it will be on unseen text (jackknifing). The second pass's weights
// are corrections added to the first pass's emission scores (kept fixed), learnt with an averaged
// perceptron; decoding uses the first pass's transitions. Its epoch is chosen on the dev set.
import { SequenceModel } from '../../shared/nlp/ml/model.js';
import { spansToTags, type TagScheme } from '../../shared/nlp/ml/spans.js';
import {
  prng,
  shuffle,
  trainSequenceModel,
  type TrainingSequence,
  type TrainOptions,
} from '../../shared/nlp/ml/train.js';
import type { FeatureSequence } from '../../shared/nlp/ml/features.js';
import { lowerHashesOf } from '../../shared/nlp/ner/features.js';
import { NerTagger } from '../../shared/nlp/ner/tagger.js';
import type { ConllDocument } from './conll.js';

export interface DocPassOptions {
  tags: string[];
  scheme: TagScheme;
  folds: number;
  firstPassEpochs: number;
  epochs: number;
  /** Perceptron step (first-pass emission scores are in the tens). */
  step: number;
  seed: number;
  minCount: number;
  allowedTransition: TrainOptions['allowedTransition'];
  log: (line: string) => void;
}

interface StackedSentence {
  features: FeatureSequence;
  base: Float32Array;
  gold: Uint8Array;
}

/** Second-pass training sentences of documents, given a first-pass tagger for them. */
function stackedSentences(
  tagger: NerTagger,
  docs: readonly ConllDocument[],
  opts: DocPassOptions,
): StackedSentence[] {
  const out: StackedSentence[] = [];
  tagger.keepFirstPassScores = true;
  for (const doc of docs) {
    const sentences = doc.map((s) => s.words);
    const { first } = tagger.tagDocumentDetailed(sentences);
    const features = tagger.secondPassFeatures(sentences, sentences.map(lowerHashesOf), first);
    doc.forEach((s, i) => {
      const gold = spansToTags(s.spans, s.words.length, opts.scheme).map((t) => opts.tags.indexOf(t));
      out.push({ features: features[i]!, base: first[i]!.emit, gold: Uint8Array.from(gold) });
    });
  }
  return out;
}

/** Averaged-perceptron corrections on top of fixed first-pass scores; returns the model of each epoch. */
function trainCorrections(
  data: readonly StackedSentence[],
  decoder: SequenceModel,
  opts: DocPassOptions,
  onEpoch: (epoch: number, model: SequenceModel) => number,
): SequenceModel {
  const T = opts.tags.length;
  const index = new Map<number, number>();
  for (const s of data)
    for (const h of s.features.ids.subarray(0, s.features.offsets[s.features.length]))
      if (!index.has(h)) index.set(h, index.size);
  const F = index.size;
  const w = new Float64Array(F * T);
  const u = new Float64Array(F * T);
  const rand = prng(opts.seed);
  const order = data.map((_, i) => i);
  let c = 1;
  let best: SequenceModel | null = null;
  let bestScore = -Infinity;
  const keys = Uint32Array.from(index.keys());
  const transitions = new Float32Array((T + 1) * T);
  for (let epoch = 1; epoch <= opts.epochs; epoch++) {
    shuffle(order, rand);
    for (const si of order) {
      const { features, base, gold } = data[si]!;
      const n = gold.length;
      if (n === 0) continue;
      const emit = Float64Array.from(base);
      for (let k = 0; k < n; k++)
        for (const h of features.token(k)) {
          const f = index.get(h)! * T;
          for (let t = 0; t < T; t++) emit[k * T + t]! += w[f + t]!;
        }
      const pred = decoder.decode(emit, n);
      for (let k = 0; k < n; k++) {
        const g = gold[k]!;
        const p = pred[k]!;
        if (g === p) continue;
        for (const h of features.token(k)) {
          const f = index.get(h)! * T;
          w[f + g]! += opts.step;
          u[f + g]! += c * opts.step;
          w[f + p]! -= opts.step;
          u[f + p]! -= c * opts.step;
        }
      }
      c++;
    }
    const weights = new Float32Array(F * T);
    for (let i = 0; i < weights.length; i++) weights[i] = w[i]! - u[i]! / c;
    const model = SequenceModel.fromParts({
      tags: opts.tags,
      keys,
      weights,
      transitions,
      meta: { kind: 'ner-doc-pass', version: 1 },
    });
    const score = onEpoch(epoch, model);
    if (score > bestScore) [best, bestScore] = [model, score];
  }
  return best!;
}

/**
 * Trains the second pass. `firstPassData[d]` holds the first-pass training sequences of document d;
 * `score` gives the dev score of a tagger (first pass + candidate second pass).
 */
export function trainDocPass(
  train: readonly ConllDocument[],
  firstPassData: readonly TrainingSequence[][],
  firstPass: SequenceModel,
  score: (tagger: NerTagger) => number,
  opts: DocPassOptions,
): SequenceModel {
  const stacked: StackedSentence[] = [];
  for (let f = 0; f < opts.folds; f++) {
    const inFold = (d: number): boolean => d % opts.folds === f;
    const foldModel = trainSequenceModel(firstPassData.filter((_, d) => !inFold(d)).flat(), {
      tags: opts.tags,
      epochs: opts.firstPassEpochs,
      seed: opts.seed,
      minFeatureCount: opts.minCount,
      allowedTransition: opts.allowedTransition,
      meta: firstPass.meta,
    });
    stacked.push(
      ...stackedSentences(
        new NerTagger(foldModel, null),
        train.filter((_, d) => inFold(d)),
        opts,
      ),
    );
    opts.log(`second pass: fold ${f + 1}/${opts.folds} tagged`);
  }
  return trainCorrections(stacked, firstPass, opts, (epoch, m) => {
    const s = score(new NerTagger(firstPass, m));
    opts.log(`second pass epoch ${epoch}: dev F1 ${s.toFixed(2)}`);
    return s;
  });
}
