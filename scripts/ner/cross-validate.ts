// Training-time only: k-fold cross-validation on the training documents (a second estimate besides the
// dev set, which also chose the epoch): each fold's documents are tagged by a model trained on the others
// for the chosen number of epochs, and all folds are scored together (exact span + type).
import type { SequenceModel } from '../../shared/nlp/ml/model.js';
import { trainSequenceModel, type TrainingSequence, type TrainOptions } from '../../shared/nlp/ml/train.js';
import { NerTagger } from '../../shared/nlp/ner/tagger.js';
import { spanOutcomes, type SpanOutcome } from './calibrate.js';
import { SpanScorer, type ConllDocument } from './conll.js';

export function crossValidate(
  train: readonly ConllDocument[],
  byDoc: readonly TrainingSequence[][],
  model: SequenceModel,
  folds: number,
  options: Omit<TrainOptions, 'meta' | 'onEpoch'>,
  log: (line: string) => void,
): { scores: Record<string, number>; outcomes: SpanOutcome[] } {
  const scorer = new SpanScorer();
  // Out-of-fold (margin, correct) pairs: spans from models that never saw their documents.
  const outcomes: SpanOutcome[] = [];
  for (let f = 0; f < folds; f++) {
    const inFold = (d: number): boolean => d % folds === f;
    const foldModel = trainSequenceModel(byDoc.filter((_, d) => !inFold(d)).flat(), {
      ...options,
      meta: model.meta,
    });
    const tagger = new NerTagger(foldModel, null);
    const held = train.filter((_, d) => inFold(d));
    for (const doc of held) {
      const predicted = tagger.tagDocument(doc.map((s) => s.words));
      doc.forEach((s, i) => scorer.add(s.spans, predicted[i]!));
    }
    outcomes.push(...spanOutcomes(tagger, held));
    log(`cross-validation: fold ${f + 1}/${folds} done`);
  }
  const scores = Object.fromEntries(
    Object.entries(scorer.scores()).map(([k, v]) => [k, Math.round(v.f1 * 100) / 100]),
  );
  return { scores, outcomes };
}
