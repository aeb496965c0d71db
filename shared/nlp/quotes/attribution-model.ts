// Attribution tagger: a linear-chain model over paragraph tokens with BIO tags for Source / Cue / Content,
// trained on PolNeAR (scripts/train-attribution.ts) with the shared sequence-model machinery, in stages:
// each later stage tags the paragraph again seeing the tags of the stage before. Its features include the
// rule extractor's own labels, so it learns when to trust the quotation-mark rules and what else counts
// as attribution (beliefs, plans, "according to"…).
import type { Span } from '../../domain/schema.js';
import { PRONOUNS, isCueVerb, isStrongCue, wordCueClass, type CueClass } from '../lexicon/index.js';
import {
  FeatureSequence,
  hashCodes,
  hashLower,
  hashString,
  tagsToSpans,
  type StagedModel,
} from '../ml/index.js';
import type { Sentence } from '../segment.js';
import type { Quotation } from './marks.js';
import { tokenizeSpan, type Tok } from './tokens.js';

export const ATTRIBUTION_LABELS = ['Source', 'Cue', 'Content'] as const;

/** Rule labels per character: what the rule extractor made of each position. */
export const RuleLabel = { None: 0, DirectContent: 1, ReportedContent: 2, Cue: 3, Source: 4 } as const;

/** The trained tagger (loaded by the models adapter); null: quotes by the rules alone. */
export interface AttributionModels {
  tagger: StagedModel | null;
}

/** Character class of one code unit for the word-shape feature, as a code unit ('X', 'x', 'd' or itself). */
function shapeCode(w: string, i: number): number {
  const code = w.charCodeAt(i);
  if (code >= 65 && code <= 90) return 88;
  if (code >= 97 && code <= 122) return 120;
  if (code >= 48 && code <= 57) return 100;
  if (code < 128) return code;
  const ch = w[i]!;
  if (ch.toLowerCase() !== ch) return 88;
  return ch.toUpperCase() !== ch ? 120 : code;
}

const shapeCodes = new Uint16Array(8);

/**
 * Hash of the word shape ("Xxxx", "dd.dd": runs of a class cut to two, at most six characters), as
 * hashString would hash the shape string, without building it (one per token).
 */
function shapeHash(w: string): number {
  let len = 0;
  for (let i = 0; i < w.length && len < 8; i++) {
    const c = shapeCode(w, i);
    if (len < 2 || shapeCodes[len - 1] !== c || shapeCodes[len - 2] !== c) shapeCodes[len++] = c;
  }
  return hashCodes(shapeCodes, Math.min(len, 6));
}

const bucket = (d: number) =>
  d <= 0 ? 0 : d <= 1 ? 1 : d <= 2 ? 2 : d <= 4 ? 3 : d <= 8 ? 4 : d <= 16 ? 5 : 6;
const NONE = hashString('<none>');
const QUOTE_MARK = /^["“”‘’'«»„‹›]$/;

/** What the features of a paragraph's tokens are computed from. */
interface ParagraphContext {
  toks: Tok[];
  sentenceIds: Int32Array;
  ruleAt: Uint8Array;
  cue: boolean[];
  strong: boolean[];
  /** Lexicon facts of each token's lowercase form (lexiconBits). */
  lex: Uint8Array;
  /** 1 when the token starts with an uppercase letter. */
  cap: Uint8Array;
  /** 0 outside a quotation, 2 on its opening token, 3 on its closing token, 1 inside. */
  inQ: Uint8Array;
  /** Nearest reporting verb (outside quotations) left / right in the sentence, or -1. */
  leftCue: Int32Array;
  rightCue: Int32Array;
  /** Per sentence: 1 (cue) or 2 (strong cue); 1 when a quotation is in it; its first cue word's hash. */
  sentHasCue: Map<number, number>;
  sentHasQuote: Map<number, number>;
  sentCue: Map<number, number>;
  lowerHash: number[];
  /** Lowercase hashes with three NONE on either side: token i at i + 3. */
  word: Uint32Array;
  /** Rule labels per token with 9 on either side: token i at i + 1. */
  rule: Uint8Array;
  /** Cue class of each token (CLASS_CODE; 0 when no class lists it or it is quoted or capitalised). */
  cls: Uint8Array;
  /** Nearest token with a cue class (outside quotations) left / right in the sentence, or -1. */
  leftClass: Int32Array;
  rightClass: Int32Array;
}

/** Cue classes as feature values: a listed class (speech, manner, belief, intention) or 0. */
const CLASS_CODE: Partial<Record<CueClass, number>> = { speech: 1, manner: 2, belief: 3, intention: 4 };
/** lexiconBits: a reporting verb, a strong one, a pronoun; the cue class code from bit 3 on. */
const CUE = 1;
const STRONG = 2;
const PRONOUN = 4;
const lexiconCache = new Map<string, number>();

/** What the lexicon says of a lowercase word, in one look-up a token (memoised: the lemma guesses allocate). */
function lexiconBits(lower: string): number {
  let bits = lexiconCache.get(lower);
  if (bits === undefined) {
    const cls = wordCueClass(lower);
    bits =
      (isCueVerb(lower) ? CUE : 0) |
      (isStrongCue(lower) ? STRONG : 0) |
      (PRONOUNS.has(lower) ? PRONOUN : 0) |
      ((cls ? (CLASS_CODE[cls] ?? 0) : 0) << 3);
    if (lexiconCache.size > 50_000) lexiconCache.clear();
    lexiconCache.set(lower, bits);
  }
  return bits;
}

/** Whether a word starts with an uppercase letter (/^\p{Lu}/u, without the regex for ASCII). */
function startsUpper(w: string): boolean {
  const c = w.charCodeAt(0);
  return c < 128 ? c >= 65 && c <= 90 : /^\p{Lu}/u.test(w);
}

/**
 * What follows a word: 1 a "to"-infinitive within three tokens ("invited employees to attend",
 * "plans to"), 2 "that" next, 0 otherwise. With the word's class it tells speech and belief from action.
 */
function complementAfter(toks: Tok[], i: number): number {
  if (toks[i + 1]?.lower === 'that') return 2;
  for (let j = i + 1; j <= i + 3 && j + 1 < toks.length; j++)
    if (toks[j]!.lower === 'to' && /^\p{Ll}/u.test(toks[j + 1]!.text)) return 1;
  return 0;
}

function quotationPositions(toks: Tok[], quotations: Quotation[]): Uint8Array {
  const inQ = new Uint8Array(toks.length);
  let qi = 0;
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!;
    while (qi < quotations.length && quotations[qi]!.end <= t.start) qi++;
    const q = quotations[qi];
    if (q && q.start <= t.start && t.start < q.end)
      inQ[i] = t.start === q.start ? 2 : t.end === q.end ? 3 : 1;
  }
  return inQ;
}

/** Nearest cue word (outside quotations) in the direction `dir` within each token's sentence. */
function nearestCue(sentenceIds: Int32Array, cue: boolean[], inQ: Uint8Array, dir: 1 | -1): Int32Array {
  const n = cue.length;
  const out = new Int32Array(n).fill(-1);
  for (let k = 0, last = -1; k < n; k++) {
    const i = dir === 1 ? k : n - 1 - k;
    if (k > 0 && sentenceIds[i] !== sentenceIds[i - dir]) last = -1;
    out[i] = last;
    if (cue[i] && !inQ[i]) last = i;
  }
  return out;
}

function paragraphContext(
  toks: Tok[],
  sentenceIds: Int32Array,
  ruleAt: Uint8Array,
  quotations: Quotation[],
): ParagraphContext {
  const n = toks.length;
  const inQ = quotationPositions(toks, quotations);
  const lex = new Uint8Array(n);
  const cap = new Uint8Array(n);
  const cls = new Uint8Array(n);
  const cue: boolean[] = new Array<boolean>(n);
  const strong: boolean[] = new Array<boolean>(n);
  const classed: boolean[] = new Array<boolean>(n);
  const lowerHash: number[] = new Array<number>(n);
  const rule = new Uint8Array(n + 2).fill(9);
  for (let i = 0; i < n; i++) {
    const t = toks[i]!;
    const bits = lexiconBits(t.lower);
    const upper = startsUpper(t.text);
    lex[i] = bits;
    cap[i] = upper ? 1 : 0;
    cue[i] = (bits & CUE) !== 0 && !upper;
    strong[i] = (bits & STRONG) !== 0;
    cls[i] = inQ[i] || upper ? 0 : bits >> 3;
    classed[i] = cls[i]! > 0;
    lowerHash[i] = hashLower(t.text);
    rule[i + 1] = ruleAt[t.start]!;
  }
  const word = new Uint32Array(n + 6).fill(NONE);
  word.set(lowerHash, 3);
  return {
    toks,
    sentenceIds,
    ruleAt,
    cue,
    strong,
    lex,
    cap,
    inQ,
    leftCue: nearestCue(sentenceIds, cue, inQ, 1),
    rightCue: nearestCue(sentenceIds, cue, inQ, -1),
    ...sentenceCues(sentenceIds, cue, strong, inQ, lowerHash),
    lowerHash,
    word,
    rule,
    cls,
    leftClass: nearestCue(sentenceIds, classed, inQ, 1),
    rightClass: nearestCue(sentenceIds, classed, inQ, -1),
  };
}

/** Per sentence: whether it has a cue (2: a strong one) and a quotation, and its first cue word's hash. */
function sentenceCues(
  sentenceIds: Int32Array,
  cue: boolean[],
  strong: boolean[],
  inQ: Uint8Array,
  lowerHash: number[],
): Pick<ParagraphContext, 'sentHasCue' | 'sentHasQuote' | 'sentCue'> {
  const sentHasCue = new Map<number, number>();
  const sentHasQuote = new Map<number, number>();
  const sentCue = new Map<number, number>();
  for (let i = 0; i < cue.length; i++) {
    const sid = sentenceIds[i]!;
    if (cue[i] && !inQ[i]) sentHasCue.set(sid, 1 + (strong[i] ? 1 : 0));
    if (inQ[i]) sentHasQuote.set(sid, 1);
    if (cue[i] && !inQ[i] && !sentCue.has(sid)) sentCue.set(sid, lowerHash[i]!);
  }
  return { sentHasCue, sentHasQuote, sentCue };
}

/** Word, context-word, shape, suffix, cue-lexicon and quotation features of token i (templates 1–12). */
function wordFeatures(c: ParagraphContext, i: number, seq: FeatureSequence): void {
  const { toks, word, cue, strong, inQ } = c;
  const n = toks.length;
  const t = toks[i]!;
  const w = i + 3; // token i in `word`
  seq.addFeature(1, 1);
  seq.addFeature(2, word[w]!);
  seq.addFeature(3, word[w - 1]!);
  seq.addFeature(4, word[w + 1]!);
  seq.addFeature(5, word[w - 2]!);
  seq.addFeature(6, word[w + 2]!);
  seq.addFeature(7, word[w - 1]!, word[w]);
  seq.addFeature(8, word[w]!, word[w + 1]);
  seq.addFeature(9, shapeHash(t.text));
  seq.addLower(10, t.text, Math.max(0, t.text.length - 3));
  seq.addFeature(
    11,
    (cue[i] ? 1 : 0) + (strong[i] ? 2 : 0),
    (i > 0 && cue[i - 1] ? 1 : 0) + (i + 1 < n && cue[i + 1] ? 2 : 0),
  );
  seq.addFeature(12, inQ[i]!, t.text.length === 1 && QUOTE_MARK.test(t.text) ? 1 : 0);
}

/** Distance bucket to a token (99 when there is none). */
const distance = (from: number, to: number) => (to < 0 ? 99 : bucket(Math.abs(from - to)));

/** Rule-label and cue-distance features of token i (templates 13–18). */
function ruleFeatures(c: ParagraphContext, i: number, seq: FeatureSequence): void {
  const { lowerHash, inQ, rule } = c;
  const r = i + 1; // token i in `rule`
  const lc = c.leftCue[i]!;
  const rc = c.rightCue[i]!;
  seq.addFeature(13, rule[r]!);
  seq.addFeature(14, rule[r - 1]!, rule[r + 1]);
  seq.addFeature(15, rule[r]!, inQ[i]);
  seq.addFeature(16, distance(i, lc), distance(i, rc));
  seq.addFeature(17, distance(i, lc), lc < 0 ? NONE : lowerHash[lc]!);
  seq.addFeature(18, distance(i, rc), rc < 0 ? NONE : lowerHash[rc]!);
}

/** Sentence, pronoun and sentence-cue features of token i (templates 19–27). */
function sentenceFeatures(c: ParagraphContext, i: number, seq: FeatureSequence): void {
  const { toks, sentenceIds, cue, inQ, word, rule } = c;
  const n = toks.length;
  const sid = sentenceIds[i]!;
  const w = i + 3; // token i in `word`
  const lc = c.leftCue[i]!;
  const sentStart = i === 0 || sentenceIds[i - 1] !== sid;
  const sentEnd = i === n - 1 || sentenceIds[i + 1] !== sid;
  const sentCue = c.sentCue.get(sid) ?? NONE;
  seq.addFeature(19, (sentStart ? 1 : 0) + (sentEnd ? 2 : 0), inQ[i]);
  seq.addFeature(20, c.sentHasCue.get(sid) ?? 0, c.sentHasQuote.get(sid) ?? 0);
  seq.addFeature(21, i > 0 && toks[i - 1]!.lower === 'that' ? 1 : 0, lc < 0 ? 0 : 1);
  seq.addFeature(22, c.lex[i]! & PRONOUN ? 1 : c.cap[i] ? 2 : 0, i + 1 < n && cue[i + 1] ? 1 : 0);
  seq.addFeature(23, word[w]!, rule[i + 1]);
  seq.addFeature(24, word[w]!, distance(i, lc));
  // The sentence's reporting verb, wherever it is ("Trump ... says", "according to").
  seq.addFeature(25, sentCue, lc < 0 ? 0 : c.rightCue[i]! < 0 ? 1 : 2);
  seq.addFeature(26, word[w - 3]!, word[w + 3]);
  seq.addFeature(27, rule[i + 1]!, sentCue);
}

/**
 * Cue-class features of token i (templates 28–31): its own class and what follows it, and the class of
 * the nearest classed word on each side. Speech and belief govern what they report; an unlisted (action)
 * predicate with a "to"-infinitive ("invited employees to …") usually reports nothing.
 */
function cueClassFeatures(c: ParagraphContext, i: number, seq: FeatureSequence): void {
  const { cls, rule, leftClass, rightClass } = c;
  const lc = leftClass[i]!;
  const rc = rightClass[i]!;
  const left = lc < 0 ? 9 : cls[lc]!;
  seq.addFeature(28, cls[i]!, complementAfter(c.toks, i));
  seq.addFeature(29, left, distance(i, lc));
  seq.addFeature(30, left, rc < 0 ? 9 : cls[rc]!);
  seq.addFeature(31, left, rule[i + 1]);
}

/**
 * Features of one paragraph's tokens into `seq` (reset first). `ruleAt` gives the rule extractor's label
 * per character.
 */
export function paragraphFeatures(
  toks: Tok[],
  sentenceIds: Int32Array,
  ruleAt: Uint8Array,
  quotations: Quotation[],
  seq: FeatureSequence,
): void {
  seq.reset();
  const c = paragraphContext(toks, sentenceIds, ruleAt, quotations);
  for (let i = 0; i < toks.length; i++) {
    wordFeatures(c, i, seq);
    ruleFeatures(c, i, seq);
    sentenceFeatures(c, i, seq);
    cueClassFeatures(c, i, seq);
    seq.endToken();
  }
}

export interface ModelAttribution {
  content: Span;
  cue: Span | null;
  source: Span | null;
}

/** Paragraph tokens with their sentence numbers. */
export function paragraphTokens(
  text: string,
  paragraph: Span,
  sentences: Sentence[],
): { toks: Tok[]; sentenceIds: Int32Array } {
  const toks = tokenizeSpan(text, paragraph.start, paragraph.end);
  const sentenceIds = new Int32Array(toks.length);
  let s = 0;
  for (let i = 0; i < toks.length; i++) {
    while (s < sentences.length && sentences[s]!.end <= toks[i]!.start) s++;
    sentenceIds[i] = s;
  }
  return { toks, sentenceIds };
}

let emissions = new Float32Array(0);
let stackedScratch: FeatureSequence | undefined;

/** The last stage's tags for a paragraph (every stage run in turn over the features in `seq`). */
export function tagParagraph(
  tagger: StagedModel,
  toks: Tok[],
  sentenceIds: Int32Array,
  seq: FeatureSequence,
): Uint8Array {
  const n = toks.length;
  const T = tagger.tags.length;
  const size = tagger.stages * n * T;
  if (emissions.length < size) emissions = new Float32Array(Math.max(size * 2, 4096));
  tagger.sharedEmissions(seq, emissions);
  let tags = tagger.decode(0, emissions.subarray(0, n * T), n);
  // Later stages: the same paragraph again, now seeing what the stage before tagged around each token.
  for (let s = 1; s < tagger.stages; s++) {
    stackedScratch ??= new FeatureSequence(256, 16);
    stackedOnlyFeatures(toks, sentenceIds, tags, stackedScratch);
    tagger.addStageFeatures(s, stackedScratch, emissions);
    tags = tagger.decode(s, emissions.subarray(s * n * T, (s + 1) * n * T), n);
  }
  return tags;
}

type TokenSpan = { start: number; end: number };

/** Token gap between two spans (0 when they overlap). */
const gap = (a: TokenSpan, b: TokenSpan) =>
  a.end <= b.start ? b.start - a.end : b.end <= a.start ? a.start - b.end : 0;

/** Content broken by a few untagged tokens in one sentence is one content ("that Clinton talked about … and …"). */
function mergedContents(spans: Array<TokenSpan & { label: string }>, sentenceIds: Int32Array): TokenSpan[] {
  const contents: TokenSpan[] = [];
  for (const c of spans) {
    if (c.label !== 'Content') continue;
    const last = contents[contents.length - 1];
    const joins =
      last &&
      c.start - last.end <= 4 &&
      sentenceIds[c.start] === sentenceIds[last.end - 1] &&
      !spans.some((x) => x.label !== 'Content' && x.start >= last.end && x.end <= c.start);
    if (joins) last.end = c.end;
    else contents.push({ start: c.start, end: c.end });
  }
  return contents;
}

/** The span nearest to `anchor` among `spans` that `near` accepts. */
function nearest(spans: TokenSpan[], anchor: TokenSpan, near: (s: TokenSpan) => boolean): TokenSpan | null {
  let best: TokenSpan | null = null;
  for (const s of spans) if (near(s) && (!best || gap(anchor, s) < gap(anchor, best))) best = s;
  return best;
}

/** Predicted attributions in a paragraph's tags: each Content span with its nearest Cue and that cue's Source. */
export function attributionsOf(
  tagNames: readonly string[],
  tags: Uint8Array,
  toks: Tok[],
  sentenceIds: Int32Array,
): ModelAttribution[] {
  const spans = tagsToSpans(Array.from(tags, (t) => tagNames[t]!));
  const cues = spans.filter((s) => s.label === 'Cue');
  const sources = spans.filter((s) => s.label === 'Source');
  const sameSentence = (a: TokenSpan, b: TokenSpan) =>
    sentenceIds[a.start] === sentenceIds[b.start] ||
    sentenceIds[a.end - 1] === sentenceIds[b.start] ||
    sentenceIds[a.start] === sentenceIds[b.end - 1];
  const sp = (x: TokenSpan): Span => ({ start: toks[x.start]!.start, end: toks[x.end - 1]!.end });
  return mergedContents(spans, sentenceIds).map((c) => {
    const cue = nearest(cues, c, (k) => gap(c, k) <= 25);
    const anchor = cue ?? c;
    const source = nearest(
      sources,
      anchor,
      (s) => gap(anchor, s) <= 8 || (sameSentence(anchor, s) && gap(anchor, s) <= 20),
    );
    return { content: sp(c), cue: cue ? sp(cue) : null, source: source ? sp(source) : null };
  });
}

/** Predicted attributions in one paragraph. */
export function predictParagraph(
  models: AttributionModels,
  toks: Tok[],
  sentenceIds: Int32Array,
  seq: FeatureSequence,
): ModelAttribution[] {
  const { tagger } = models;
  if (!toks.length || !tagger) return [];
  return attributionsOf(tagger.tags, tagParagraph(tagger, toks, sentenceIds, seq), toks, sentenceIds);
}

/** Label of a BIO tag index over ATTRIBUTION_LABELS: 0 none, 1 Source, 2 Cue, 3 Content. */
const labelOf = (tag: number) => (tag + 1) >> 1;

/** Distance to the nearest token with the given label in direction `dir` within the sentence (-1 if none). */
function nearestLabel(
  L: (i: number) => number,
  sentenceIds: Int32Array,
  n: number,
  label: number,
  dir: 1 | -1,
): Int32Array {
  const d = new Int32Array(n).fill(-1);
  for (let k = 0, last = -1; k < n; k++) {
    const i = dir === 1 ? k : n - 1 - k;
    if (k > 0 && sentenceIds[i] !== sentenceIds[i - dir]) last = -1;
    d[i] = last < 0 ? -1 : Math.abs(i - last);
    if (L(i) === label) last = i;
  }
  return d;
}

/** Length of the predicted span each token lies in, and its place in it (1 first, 2 last, 3 both). */
function predictedSpans(
  L: (i: number) => number,
  prior: ArrayLike<number>,
  n: number,
): { spanLen: Int32Array; place: Uint8Array } {
  const spanLen = new Int32Array(n);
  const place = new Uint8Array(n);
  for (let i = 0; i < n;) {
    let j = i + 1;
    if (L(i)) while (j < n && L(j) === L(i) && prior[j]! % 2 === 0) j++;
    for (let k = i; k < j; k++) {
      spanLen[k] = j - i;
      place[k] = (k === i ? 1 : 0) + (k === j - 1 ? 2 : 0);
    }
    i = j;
  }
  return { spanLen, place };
}

/**
 * A later stage's own features: what the stage before predicted around each token (`prior`, its BIO tag
 * indices) — labels nearby, the sentence's predicted cue and source, where the predicted span lies —
 * written into `out` (reset first).
 */
export function stackedOnlyFeatures(
  toks: Tok[],
  sentenceIds: Int32Array,
  prior: ArrayLike<number>,
  out: FeatureSequence,
): void {
  out.reset();
  const n = toks.length;
  const L = (i: number) => (i >= 0 && i < n ? labelOf(prior[i]!) : 9);
  // Predicted labels present in each sentence (bit per label), nearest predicted Cue / Source each side.
  const sentMask = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const l = L(i);
    if (l) sentMask.set(sentenceIds[i]!, (sentMask.get(sentenceIds[i]!) ?? 0) | (1 << l));
  }
  const cueLeft = nearestLabel(L, sentenceIds, n, 2, 1);
  const cueRight = nearestLabel(L, sentenceIds, n, 2, -1);
  const srcLeft = nearestLabel(L, sentenceIds, n, 1, 1);
  const srcRight = nearestLabel(L, sentenceIds, n, 1, -1);
  const { spanLen, place } = predictedSpans(L, prior, n);
  const b = (d: number) => (d < 0 ? 99 : bucket(d));
  let first = 0; // the sentence's first token
  for (let i = 0; i < n; i++) {
    const l = L(i);
    const sid = sentenceIds[i]!;
    if (i > 0 && sentenceIds[i - 1] !== sid) first = i;
    out.addFeature(40, l, prior[i]! % 2);
    out.addFeature(41, L(i - 1), L(i + 1));
    out.addFeature(42, L(i - 2), L(i + 2));
    out.addFeature(43, l, hashLower(toks[i]!.text));
    out.addFeature(44, sentMask.get(sid) ?? 0, l);
    out.addFeature(45, b(cueLeft[i]!), b(cueRight[i]!));
    out.addFeature(46, b(srcLeft[i]!), b(srcRight[i]!));
    out.addFeature(47, bucket(spanLen[i]!), l);
    out.addFeature(48, place[i]!, l);
    out.addFeature(49, L(i - 1) * 16 + l, L(i + 1));
    out.addFeature(50, L(first), l);
    out.addFeature(51, b(cueLeft[i]!), l);
    out.addFeature(52, b(cueRight[i]!), l);
    out.endToken();
  }
}

/** Stacked features for training a later stage: each token's base features, then its stacked ones. */
export function stackedFeatures(
  base: FeatureSequence,
  toks: Tok[],
  sentenceIds: Int32Array,
  prior: ArrayLike<number>,
  out: FeatureSequence,
): void {
  const own = new FeatureSequence(toks.length + 1, 16);
  stackedOnlyFeatures(toks, sentenceIds, prior, own);
  out.reset();
  for (let i = 0; i < toks.length; i++) {
    for (const h of base.token(i)) out.add(h);
    for (const h of own.token(i)) out.add(h);
    out.endToken();
  }
}
