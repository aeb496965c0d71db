import { tagsToSpans, type LabelledSpan } from '../../shared/nlp/ml/spans.js';

// Reading CoNLL-2003 files (token POS chunk NER, IOB1, -DOCSTART- between documents) and scoring spans
// the way conlleval does: exact span and type.

export interface ConllSentence {
  words: string[];
  /** Gold spans over token indices (PER/ORG/LOC/MISC). */
  spans: LabelledSpan[];
}

export type ConllDocument = ConllSentence[];

export function parseConll(content: string): ConllDocument[] {
  const docs: ConllDocument[] = [];
  let doc: ConllDocument = [];
  let words: string[] = [];
  let tags: string[] = [];
  const endSentence = (): void => {
    if (words.length) doc.push({ words, spans: tagsToSpans(tags) });
    words = [];
    tags = [];
  };
  for (const line of content.split('\n')) {
    const parts = line.trim().split(' ');
    if (parts[0] === '-DOCSTART-') {
      endSentence();
      if (doc.length) docs.push(doc);
      doc = [];
      continue;
    }
    if (parts.length < 2 || !parts[0]) {
      endSentence();
      continue;
    }
    words.push(parts[0]);
    tags.push(parts[parts.length - 1]!);
  }
  endSentence();
  if (doc.length) docs.push(doc);
  return docs;
}

/**
 * A CoNLL document as plain text: each sentence's tokens joined by spaces, sentences by `separator`; with
 * each sentence's span and its tokens' start offsets, to map a recogniser's character spans back to tokens.
 */
export function conllText(
  doc: ConllDocument,
  separator: string,
): { text: string; sentences: Array<{ start: number; end: number; tokenStarts: number[] }> } {
  let text = '';
  const sentences = doc.map((s, i) => {
    if (i) text += separator;
    const start = text.length;
    const tokenStarts = s.words.map((w, k) => {
      if (k) text += ' ';
      const at = text.length;
      text += w;
      return at;
    });
    return { start, end: text.length, tokenStarts };
  });
  return { text, sentences };
}

export interface TypeScore {
  precision: number;
  recall: number;
  f1: number;
  gold: number;
  predicted: number;
  correct: number;
}

export class SpanScorer {
  private counts = new Map<string, { gold: number; predicted: number; correct: number }>();

  add(gold: readonly LabelledSpan[], predicted: readonly LabelledSpan[]): void {
    const key = (s: LabelledSpan): string => `${s.label}:${s.start}:${s.end}`;
    const goldKeys = new Set(gold.map(key));
    const c = (label: string) => {
      let e = this.counts.get(label);
      if (!e) this.counts.set(label, (e = { gold: 0, predicted: 0, correct: 0 }));
      return e;
    };
    for (const g of gold) c(g.label).gold++;
    for (const p of predicted) {
      c(p.label).predicted++;
      if (goldKeys.has(key(p))) c(p.label).correct++;
    }
  }

  scores(): Record<string, TypeScore> {
    const out: Record<string, TypeScore> = {};
    const total = { gold: 0, predicted: 0, correct: 0 };
    const score = (e: { gold: number; predicted: number; correct: number }): TypeScore => {
      const precision = e.predicted ? (100 * e.correct) / e.predicted : 0;
      const recall = e.gold ? (100 * e.correct) / e.gold : 0;
      const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
      return { precision, recall, f1, ...e };
    };
    for (const [label, e] of [...this.counts].sort()) {
      out[label] = score(e);
      total.gold += e.gold;
      total.predicted += e.predicted;
      total.correct += e.correct;
    }
    out.overall = score(total);
    return out;
  }
}
