// Training-time only: a logistic calibration of span margins to confidences (Platt scaling), fitted
// on the dev set: P(span correct | margin) = 1 / (1 + exp(-(scale * margin + bias))).
import type { NerTagger } from '../../shared/nlp/ner/tagger.js';
import type { ConllDocument } from './conll.js';

/** (margin, correct) for every predicted span of the documents. */
function marginsAndOutcomes(tagger: NerTagger, docs: readonly ConllDocument[]): [number, number][] {
  const out: [number, number][] = [];
  for (const doc of docs) {
    const predicted = tagger.tagDocument(doc.map((s) => s.words));
    doc.forEach((s, i) => {
      const gold = new Set(s.spans.map((g) => `${g.label}:${g.start}:${g.end}`));
      for (const p of predicted[i]!) out.push([p.margin, gold.has(`${p.label}:${p.start}:${p.end}`) ? 1 : 0]);
    });
  }
  return out;
}

/** Fits scale and bias by gradient descent on the log loss (margins scaled to unit spread first). */
export function calibrate(
  tagger: NerTagger,
  docs: readonly ConllDocument[],
): { scale: number; bias: number; meanLogLoss: number } {
  const data = marginsAndOutcomes(tagger, docs);
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
  let loss = 0;
  for (const [m, y] of data) {
    const p = 1 / (1 + Math.exp(-(a * (m / spread) + b)));
    loss -= y * Math.log(Math.max(p, 1e-9)) + (1 - y) * Math.log(Math.max(1 - p, 1e-9));
  }
  return { scale: a / spread, bias: b, meanLogLoss: loss / data.length };
}
