// Quote evaluation on a part of PolNeAR: content P/R/F1 (a predicted quote matches a gold Content when their
// word-token Dice is ≥ 0.5, one-to-one), speaker accuracy (the speaker mention overlaps the gold Source),
// direct-quote recall, and breakdowns by quote type, cue class, speaker mention kind and speaker resolution;
// speaker accuracy on cue-less continuation quotes; calibration of quote and speaker confidences.
import type { Quote, Span } from '../../shared/domain/schema.js';
import type { NlpModels } from '../../shared/nlp/models.js';
import { analyzeArticle } from '../../shared/nlp/pipeline.js';
import { splitSentences } from '../../shared/nlp/segment.js';
import { type Calibration, calibration, type Judged } from './calibration.js';
import {
  CUE_CLASSES,
  type CueClass,
  cueClass,
  goldQuoteType,
  MENTION_KINDS,
  type MentionKind,
  mentionKind,
  QUOTE_TYPES,
} from './classify.js';
import { match, type PRF, prf, wordSet } from './matching.js';
import { type PolnearAttribution, type PolnearDocument } from './polnear-corpus.js';

/** Numbers for one category of quotes: gold-side recall, predicted-side precision, speaker accuracy. */
export interface Breakdown {
  gold: number;
  /** Gold quotes of the category that a prediction matched. */
  matched: number;
  recall: number | null;
  predicted: number;
  /** Predictions of the category that matched a gold quote. */
  predictedMatched: number;
  precision: number | null;
  /** Speaker judged (matched, with a gold source) and right. */
  speakerJudged: number;
  speakerRight: number;
  speakerAccuracy: number | null;
}

export const SPEAKER_RESOLUTIONS = ['name', 'pronoun', 'description', 'unresolved'] as const;
type Resolution = (typeof SPEAKER_RESOLUTIONS)[number];

export interface PolnearResult extends PRF {
  documents: number;
  speakerAccuracy: number;
  speakerJudged: number;
  directRecall: number;
  directGold: number;
  /** Split quotes ("“A,” he said. “B.”") grouped into one attribution, as PolNeAR annotates them. */
  relations: PRF & { speakerAccuracy: number; directRecall: number };
  /** Gold type (direct/mixed/indirect) for recall; predicted type for precision. */
  byType: Record<(typeof QUOTE_TYPES)[number], Breakdown>;
  /** Class of the gold cue for recall; of the predicted cue for precision. */
  byCueClass: Record<CueClass, Breakdown>;
  /** Kind of the gold Source mention (name, pronoun, description, none). */
  bySpeakerMention: Record<MentionKind, Breakdown>;
  /** How the predicted speaker was resolved (predicted side only). */
  bySpeakerResolution: Record<Resolution, Breakdown>;
  /** Direct gold quotes whose own cue is not in their own sentences (or that have none): continuation paragraphs. */
  cuelessContinuation: Breakdown;
  /** The same by the predictions: direct quotes with no cue, or with their cue outside their own sentences. */
  cuelessContinuationPredicted: Breakdown;
  calibration: { quote: Calibration | null; speaker: Calibration | null };
}

class Tally {
  gold = 0;
  matched = 0;
  predicted = 0;
  predictedMatched = 0;
  speakerJudged = 0;
  speakerRight = 0;
  addGold(matched: boolean, speakerRight: boolean | null): void {
    this.gold++;
    if (matched) this.matched++;
    this.addSpeaker(speakerRight);
  }
  addPredicted(matched: boolean, speakerRight: boolean | null = null): void {
    this.predicted++;
    if (matched) this.predictedMatched++;
    this.addSpeaker(speakerRight);
  }
  private addSpeaker(right: boolean | null): void {
    if (right === null) return;
    this.speakerJudged++;
    if (right) this.speakerRight++;
  }
  summary(): Breakdown {
    const ratio = (a: number, b: number) => (b ? a / b : null);
    return {
      gold: this.gold,
      matched: this.matched,
      recall: ratio(this.matched, this.gold),
      predicted: this.predicted,
      predictedMatched: this.predictedMatched,
      precision: ratio(this.predictedMatched, this.predicted),
      speakerJudged: this.speakerJudged,
      speakerRight: this.speakerRight,
      speakerAccuracy: ratio(this.speakerRight, this.speakerJudged),
    };
  }
}

const tallies = <K extends string>(keys: readonly K[]) =>
  Object.fromEntries(keys.map((k) => [k, new Tally()])) as Record<K, Tally>;
const summaries = <K extends string>(t: Record<K, Tally>) =>
  Object.fromEntries(Object.entries<Tally>(t).map(([k, v]) => [k, v.summary()])) as Record<K, Breakdown>;

interface Prediction {
  spans: Span[];
  quote: Quote;
}

/**
 * Predicted attributions: each quote alone, or (grouped) a quote with no cue that continues the previous
 * quote's speaker joined to it — the parts of a split quote form one PolNeAR relation.
 */
function predictedAttributions(quotes: Quote[], grouped: boolean): Prediction[] {
  const out: Prediction[] = [];
  for (const q of quotes) {
    const last = out[out.length - 1];
    const lastEnd = last?.spans[last.spans.length - 1]!.end;
    const lastQ = lastEnd !== undefined ? quotes.find((x) => x.end === lastEnd) : undefined;
    if (
      grouped &&
      last &&
      lastQ &&
      q.cue === null &&
      q.speaker.start !== null &&
      q.speaker.start === last.quote.speaker.start &&
      q.start - lastQ.end < 300
    ) {
      last.spans.push(q);
      continue;
    }
    out.push({ spans: [q], quote: q });
  }
  return out;
}

const overlaps = (spans: Span[], start: number, end: number) =>
  spans.some((s) => s.start < end && start < s.end);

function speakerRight(gold: PolnearAttribution, quote: Quote): boolean | null {
  if (!gold.source) return null;
  const { start, end } = quote.speaker;
  return start !== null && end !== null && overlaps(gold.source, start, end);
}

const spanText = (text: string, spans: Span[] | null) =>
  spans ? spans.map((s) => text.slice(s.start, s.end)).join(' ') : null;

/** A predicted direct quote with no cue, or with its cue outside its own sentences. */
function isCuelessDirect(quote: Quote, sentences: Span[]): boolean {
  if (quote.type !== 'direct') return false;
  const cue = quote.cue;
  if (!cue) return true;
  const own = sentences.filter((s) => s.start < quote.end && quote.start < s.end);
  return !own.some((s) => s.start < cue.end && cue.start < s.end);
}

/** Gold attributions with the categories they are counted under. */
function describeGold(doc: PolnearDocument, sentences: Span[]) {
  return doc.attributions.map((a) => {
    const type = goldQuoteType(doc.text, a.content);
    const own = sentences.filter((s) => overlaps(a.content, s.start, s.end));
    const cueInOwnSentence = !!a.cue && own.some((s) => overlaps(a.cue!, s.start, s.end));
    return {
      attribution: a,
      words: wordSet(doc.text, a.content),
      type,
      cueClass: cueClass(spanText(doc.text, a.cue)),
      mention: mentionKind(spanText(doc.text, a.source)),
      cueless: type === 'direct' && !cueInOwnSentence,
    };
  });
}

class PolnearTally {
  documents = 0;
  readonly all = new Tally();
  readonly direct = new Tally();
  readonly relations = new Tally();
  readonly relationsDirect = new Tally();
  readonly byType = tallies(QUOTE_TYPES);
  readonly byCueClass = tallies(CUE_CLASSES);
  readonly bySpeakerMention = tallies(MENTION_KINDS);
  readonly bySpeakerResolution = tallies(SPEAKER_RESOLUTIONS);
  readonly cueless = new Tally();
  readonly cuelessPredicted = new Tally();
  readonly quoteConfidence: Judged[] = [];
  readonly speakerConfidence: Judged[] = [];

  /** The ungrouped unit (each quote alone): every breakdown is counted on it. */
  addQuotes(
    gold: ReturnType<typeof describeGold>,
    predictions: Prediction[],
    pairs: Array<[number, number]>,
    sentences: Span[],
  ) {
    const predOf = new Map(pairs);
    const goldOf = new Map(pairs.map(([i, j]) => [j, i]));
    gold.forEach((g, i) => {
      const j = predOf.get(i);
      const right = j === undefined ? null : speakerRight(g.attribution, predictions[j]!.quote);
      for (const t of [
        this.all,
        this.byType[g.type],
        this.byCueClass[g.cueClass],
        this.bySpeakerMention[g.mention],
      ])
        t.addGold(j !== undefined, right);
      if (g.type === 'direct') this.direct.addGold(j !== undefined, right);
      if (g.cueless) this.cueless.addGold(j !== undefined, right);
      const confidence = j === undefined ? undefined : predictions[j]!.quote.speaker.confidence;
      if (right !== null && confidence !== undefined)
        this.speakerConfidence.push({ confidence, correct: right });
    });
    predictions.forEach(({ quote }, j) => {
      const i = goldOf.get(j);
      this.all.addPredicted(i !== undefined);
      this.byType[quote.type].addPredicted(i !== undefined);
      this.byCueClass[cueClass(quote.cue?.text)].addPredicted(i !== undefined);
      const right = i === undefined ? null : speakerRight(gold[i]!.attribution, quote);
      this.bySpeakerResolution[quote.speaker.resolution].addPredicted(i !== undefined, right);
      if (isCuelessDirect(quote, sentences)) this.cuelessPredicted.addPredicted(i !== undefined, right);
      if (quote.confidence !== undefined)
        this.quoteConfidence.push({ confidence: quote.confidence, correct: i !== undefined });
    });
  }

  /** The grouped unit (PolNeAR's relation): headline numbers only. */
  addRelations(
    gold: ReturnType<typeof describeGold>,
    predictions: Prediction[],
    pairs: Array<[number, number]>,
  ) {
    const predOf = new Map(pairs);
    gold.forEach((g, i) => {
      const j = predOf.get(i);
      const right = j === undefined ? null : speakerRight(g.attribution, predictions[j]!.quote);
      this.relations.addGold(j !== undefined, right);
      if (g.type === 'direct') this.relationsDirect.addGold(j !== undefined, right);
    });
    const matchedPredictions = new Set(pairs.map(([, j]) => j));
    predictions.forEach((_, j) => this.relations.addPredicted(matchedPredictions.has(j)));
  }

  result(): PolnearResult {
    const all = this.all.summary();
    const relations = this.relations.summary();
    return {
      documents: this.documents,
      ...prf(all.gold, all.predicted, all.matched),
      speakerAccuracy: all.speakerAccuracy ?? 0,
      speakerJudged: all.speakerJudged,
      directRecall: this.direct.summary().recall ?? 0,
      directGold: this.direct.gold,
      relations: {
        ...prf(relations.gold, relations.predicted, relations.matched),
        speakerAccuracy: relations.speakerAccuracy ?? 0,
        directRecall: this.relationsDirect.summary().recall ?? 0,
      },
      byType: summaries(this.byType),
      byCueClass: summaries(this.byCueClass),
      bySpeakerMention: summaries(this.bySpeakerMention),
      bySpeakerResolution: summaries(this.bySpeakerResolution),
      cuelessContinuation: this.cueless.summary(),
      cuelessContinuationPredicted: this.cuelessPredicted.summary(),
      calibration: { quote: calibration(this.quoteConfidence), speaker: calibration(this.speakerConfidence) },
    };
  }
}

export interface PolnearEvalOptions {
  models: NlpModels;
  /** Print each missed direct quote and wrong speaker to stderr. Only for dev: never for held-out data. */
  errors?: boolean;
}

function printErrors(
  doc: PolnearDocument,
  gold: ReturnType<typeof describeGold>,
  predictions: Prediction[],
  pairs: Array<[number, number]>,
  sentences: Span[],
): void {
  const predOf = new Map(pairs);
  const show = (spans: Span[] | null) => JSON.stringify(spanText(doc.text, spans));
  gold.forEach((g, i) => {
    const j = predOf.get(i);
    if (j === undefined) {
      if (g.type === 'direct')
        process.stderr.write(`  ${doc.name} MISSED direct: ${show(g.attribution.content).slice(0, 100)}\n`);
      return;
    }
    const quote = predictions[j]!.quote;
    if (speakerRight(g.attribution, quote) === false)
      process.stderr.write(
        `  ${doc.name} SPEAKER${isCuelessDirect(quote, sentences) ? ' (cue-less)' : ''} pred=${JSON.stringify(predictions[j]!.quote.speaker.mention)} gold=${show(g.attribution.source)} via=${(predictions[j]!.quote.via ?? []).join(',')} quote=${JSON.stringify(predictions[j]!.quote.text.slice(0, 60))}\n`,
      );
  });
}

/** Each cue-less continuation quote (ungrouped) whose speaker is wrong. Only for dev. */
function printCuelessErrors(
  doc: PolnearDocument,
  gold: ReturnType<typeof describeGold>,
  predictions: Prediction[],
  pairs: Array<[number, number]>,
  sentences: Span[],
): void {
  for (const [i, j] of pairs) {
    const quote = predictions[j]!.quote;
    if (!isCuelessDirect(quote, sentences) || speakerRight(gold[i]!.attribution, quote) !== false) continue;
    process.stderr.write(
      `  ${doc.name} CUE-LESS SPEAKER pred=${JSON.stringify(quote.speaker.mention)} gold=${JSON.stringify(spanText(doc.text, gold[i]!.attribution.source))} via=${(quote.via ?? []).join(',')} at=${quote.start}\n`,
    );
  }
}

/** Each direct gold quote no single (ungrouped) prediction matches: the headline direct recall's misses,
 * with the predictions that overlap it. Only for dev. */
function printMissedDirect(
  doc: PolnearDocument,
  gold: ReturnType<typeof describeGold>,
  predictions: Prediction[],
  pairs: Array<[number, number]>,
): void {
  const matched = new Set(pairs.map(([i]) => i));
  gold.forEach((g, i) => {
    if (g.type !== 'direct' || matched.has(i)) return;
    const a = g.attribution.content;
    const start = a[0]!.start;
    const end = a[a.length - 1]!.end;
    const near = predictions
      .filter((p) => p.spans.some((s) => s.start < end && start < s.end))
      .map(
        (p) =>
          `[${p.quote.type} via=${(p.quote.via ?? []).join(',')}] ${JSON.stringify(spanText(doc.text, p.spans))}`,
      );
    process.stderr.write(
      `  ${doc.name} MISSED-SINGLE direct at=${start}: ${JSON.stringify(spanText(doc.text, a))}\n` +
        near.map((n) => `      overlaps ${n}\n`).join(''),
    );
  });
}

/** Evaluates the core with `models` on PolNeAR documents. */
export function evalPolnearDocuments(docs: PolnearDocument[], options: PolnearEvalOptions): PolnearResult {
  const tally = new PolnearTally();
  for (const doc of docs) {
    const { quotes } = analyzeArticle(
      { text: doc.text, title: null, language: 'en', publishedAt: null, format: 'text' },
      options.models,
    );
    tally.documents++;
    const sentences = splitSentences(doc.text);
    const gold = describeGold(doc, sentences);
    const goldWords = gold.map((g) => g.words);
    const single = predictedAttributions(quotes, false);
    const pairs = match(
      goldWords,
      single.map((p) => wordSet(doc.text, p.spans)),
    );
    tally.addQuotes(gold, single, pairs, sentences);
    const grouped = predictedAttributions(quotes, true);
    const groupedPairs = match(
      goldWords,
      grouped.map((p) => wordSet(doc.text, p.spans)),
    );
    tally.addRelations(gold, grouped, groupedPairs);
    if (options.errors) printErrors(doc, gold, grouped, groupedPairs, sentences);
    if (options.errors) printCuelessErrors(doc, gold, single, pairs, sentences);
    if (options.errors) printMissedDirect(doc, gold, single, pairs);
  }
  return tally.result();
}
