// Training-time only: a logistic calibration of span margins to confidences (Platt scaling):
// P(span correct | margin) = 1 / (1 + exp(-(scale * margin + bias))). Fitted on spans the model was not
// trained on (the out-of-fold spans of k-fold cross-validation on eng.train, or eng.testa without it),
// and measured by a reliability table and the expected calibration error (ECE).
import type { NerTagger } from '../../shared/nlp/ner/tagger.js';
import type { ConllDocument } from './conll.js';

/** (margin, 1 if the predicted span is exactly a gold span of the same type else 0). */
export type SpanOutcome = [number, number];

/** (margin, correct) for every predicted span of the documents. */
export function spanOutcomes(tagger: NerTagger, docs: readonly ConllDocument[]): SpanOutcome[] {
  const out: SpanOutcome[] = [];
  for (const doc of docs) {
    const predicted = tagger.tagDocument(doc.map((s) => s.words));
    doc.forEach((s, i) => {
      const gold = new Set(s.spans.map((g) => `${g.label}:${g.start}:${g.end}`));
      for (const p of predicted[i]!) out.push([p.margin, gold.has(`${p.label}:${p.start}:${p.end}`) ? 1 : 0]);
    });
  }
  return out;
}

export interface Calibration {
  scale: number;
  bias: number;
}

const probability = (c: Calibration, margin: number): number =>
  1 / (1 + Math.exp(-(c.scale * margin + c.bias)));

/** Fits scale and bias by gradient descent on the log loss (margins scaled to unit spread first). */
export function fitCalibration(data: readonly SpanOutcome[]): Calibration & { meanLogLoss: number } {
  const spread = Math.max(1, Math.sqrt(data.reduce((s, [m]) => s + m * m, 0) / data.length));
  let a = 1;
  let b = 0;
  for (let it = 0; it < 3000; it++) {
    let ga = 0;
    let gb = 0;
    for (const [m, y] of data) {
      const x = m / spread;
      const p = 1 / (1 + Math.exp(-(a * x + b)));
      ga += (p - y) * x;
      gb += p - y;
    }
    a -= (0.5 * ga) / data.length;
    b -= (0.5 * gb) / data.length;
  }
  const fitted = { scale: a / spread, bias: b };
  return { ...fitted, meanLogLoss: logLoss(data, fitted) };
}

export function logLoss(data: readonly SpanOutcome[], c: Calibration): number {
  let loss = 0;
  for (const [m, y] of data) {
    const p = probability(c, m);
    loss -= y * Math.log(Math.max(p, 1e-9)) + (1 - y) * Math.log(Math.max(1 - p, 1e-9));
  }
  return loss / data.length;
}

export interface ReliabilityRow {
  /** Confidence bin [from, to). */
  from: number;
  to: number;
  spans: number;
  meanConfidence: number;
  accuracy: number;
}

/** Reliability table over confidence bins and the expected calibration error (count-weighted |acc − conf|). */
export function reliability(
  data: readonly SpanOutcome[],
  c: Calibration,
  edges: readonly number[] = [0, 0.5, 0.7, 0.8, 0.9, 0.95, 0.98, 1.0001],
): { rows: ReliabilityRow[]; ece: number } {
  const rows: ReliabilityRow[] = [];
  let ece = 0;
  for (let b = 0; b + 1 < edges.length; b++) {
    const inBin = data.filter(([m]) => {
      const p = probability(c, m);
      return p >= edges[b]! && p < edges[b + 1]!;
    });
    if (inBin.length === 0) continue;
    const meanConfidence = inBin.reduce((s, [m]) => s + probability(c, m), 0) / inBin.length;
    const accuracy = inBin.reduce((s, [, y]) => s + y, 0) / inBin.length;
    rows.push({
      from: edges[b]!,
      to: Math.min(1, edges[b + 1]!),
      spans: inBin.length,
      meanConfidence,
      accuracy,
    });
    ece += (inBin.length / data.length) * Math.abs(accuracy - meanConfidence);
  }
  return { rows, ece };
}
