// Attribution tagger: a linear-chain model over paragraph tokens with BIO tags for Source / Cue / Content,
// trained on PolNeAR (scripts/train-attribution.ts) with the shared sequence-model machinery. Its features
// include the rule extractor's own labels, so it learns when to trust the quotation-mark rules and what
// else counts as attribution (beliefs, plans, "according to"…).
import { FeatureSequence, type SequenceModel, hashLower, hashString, tagsToSpans } from '../ml/index.js';
import type { Span } from '../../domain/schema.js';
import type { Sentence } from '../segment.js';
import { PRONOUNS, isCueVerb, isStrongCue } from '../lexicon/index.js';
import type { Quotation } from './marks.js';
import { tokenizeSpan, type Tok } from './tokens.js';

export const ATTRIBUTION_LABELS = ['Source', 'Cue', 'Content'] as const;

/** Rule labels per character: what the rule extractor made of each position. */
export const RuleLabel = { None: 0, DirectContent: 1, ReportedContent: 2, Cue: 3, Source: 4 } as const;

function shape(w: string): string {
  let out = '';
  for (let i = 0; i < w.length && out.length < 8; i++) {
    const code = w.charCodeAt(i);
    const ch = w[i]!;
    const c =
      code >= 65 && code <= 90
        ? 'X'
        : code >= 97 && code <= 122
          ? 'x'
          : code >= 48 && code <= 57
            ? 'd'
            : code < 128
              ? ch
              : ch.toLowerCase() !== ch
                ? 'X'
                : ch.toUpperCase() !== ch
                  ? 'x'
                  : ch;
    if (out[out.length - 1] !== c || out.length < 2 || out[out.length - 2] !== c) out += c;
  }
  return out.slice(0, 6);
}

const bucket = (d: number) =>
  d <= 0 ? 0 : d <= 1 ? 1 : d <= 2 ? 2 : d <= 4 ? 3 : d <= 8 ? 4 : d <= 16 ? 5 : 6;
const NONE = hashString('<none>');
const QUOTE_MARK = /^["“”‘’'«»„‹›]$/;

/**
 * Features of one paragraph's tokens into `seq` (reset first). `ruleAt` gives the rule extractor's label
 * per character; `inQuote` tells whether a character lies inside a quotation.
 */
export function paragraphFeatures(
  toks: Tok[],
  sentenceIds: Int32Array,
  ruleAt: Uint8Array,
  quotations: Quotation[],
  seq: FeatureSequence,
): void {
  seq.reset();
  const n = toks.length;
  const cue = toks.map((t) => isCueVerb(t.lower) && !/^\p{Lu}/u.test(t.text));
  const strong = toks.map((t) => isStrongCue(t.lower));
  const inQ = new Uint8Array(n);
  let qi = 0;
  for (let i = 0; i < n; i++) {
    const t = toks[i]!;
    while (qi < quotations.length && quotations[qi]!.end <= t.start) qi++;
    const q = quotations[qi];
    if (q && q.start <= t.start && t.start < q.end)
      inQ[i] = t.start === q.start ? 2 : t.end === q.end ? 3 : 1;
  }
  // Nearest cue word left and right within the sentence (outside quotations).
  const leftCue = new Int32Array(n).fill(-1);
  const rightCue = new Int32Array(n).fill(-1);
  for (let i = 0, last = -1; i < n; i++) {
    if (i > 0 && sentenceIds[i] !== sentenceIds[i - 1]) last = -1;
    leftCue[i] = last;
    if (cue[i] && !inQ[i]) last = i;
  }
  for (let i = n - 1, last = -1; i >= 0; i--) {
    if (i < n - 1 && sentenceIds[i] !== sentenceIds[i + 1]) last = -1;
    rightCue[i] = last;
    if (cue[i] && !inQ[i]) last = i;
  }
  const sentHasCue = new Map<number, number>();
  const sentHasQuote = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    if (cue[i] && !inQ[i]) sentHasCue.set(sentenceIds[i]!, 1 + (strong[i] ? 1 : 0));
    if (inQ[i]) sentHasQuote.set(sentenceIds[i]!, 1);
  }
  const lowerHash = toks.map((t) => hashLower(t.text));
  const sentCue = new Map<number, number>();
  for (let i = 0; i < n; i++)
    if (cue[i] && !inQ[i] && !sentCue.has(sentenceIds[i]!)) sentCue.set(sentenceIds[i]!, lowerHash[i]!);
  const w = (i: number) => (i >= 0 && i < n ? lowerHash[i]! : NONE);
  const rule = (i: number) => (i >= 0 && i < n ? ruleAt[toks[i]!.start]! : 9);
  for (let i = 0; i < n; i++) {
    const t = toks[i]!;
    const sid = sentenceIds[i]!;
    const sentStart = i === 0 || sentenceIds[i - 1] !== sid;
    const sentEnd = i === n - 1 || sentenceIds[i + 1] !== sid;
    seq.addFeature(1, 1);
    seq.addFeature(2, w(i));
    seq.addFeature(3, w(i - 1));
    seq.addFeature(4, w(i + 1));
    seq.addFeature(5, w(i - 2));
    seq.addFeature(6, w(i + 2));
    seq.addFeature(7, w(i - 1), w(i));
    seq.addFeature(8, w(i), w(i + 1));
    seq.addString(9, shape(t.text));
    seq.addLower(10, t.text, Math.max(0, t.text.length - 3));
    seq.addFeature(
      11,
      (cue[i] ? 1 : 0) + (strong[i] ? 2 : 0),
      (i > 0 && cue[i - 1] ? 1 : 0) + (i + 1 < n && cue[i + 1] ? 2 : 0),
    );
    seq.addFeature(12, inQ[i]!, QUOTE_MARK.test(t.text) ? 1 : 0);
    seq.addFeature(13, rule(i));
    seq.addFeature(14, rule(i - 1), rule(i + 1));
    seq.addFeature(15, rule(i), inQ[i]!);
    const lc = leftCue[i]!;
    const rc = rightCue[i]!;
    seq.addFeature(16, lc < 0 ? 99 : bucket(i - lc), rc < 0 ? 99 : bucket(rc - i));
    seq.addFeature(17, lc < 0 ? 99 : bucket(i - lc), lc < 0 ? NONE : lowerHash[lc]!);
    seq.addFeature(18, rc < 0 ? 99 : bucket(rc - i), rc < 0 ? NONE : lowerHash[rc]!);
    seq.addFeature(19, (sentStart ? 1 : 0) + (sentEnd ? 2 : 0), inQ[i]!);
    seq.addFeature(20, sentHasCue.get(sid) ?? 0, sentHasQuote.get(sid) ?? 0);
    seq.addFeature(21, i > 0 && toks[i - 1]!.lower === 'that' ? 1 : 0, lc < 0 ? 0 : 1);
    seq.addFeature(
      22,
      PRONOUNS.has(t.lower) ? 1 : /^\p{Lu}/u.test(t.text) ? 2 : 0,
      i + 1 < n && cue[i + 1] ? 1 : 0,
    );
    seq.addFeature(23, w(i), rule(i));
    seq.addFeature(24, w(i), lc < 0 ? 99 : bucket(i - lc));
    // The sentence's reporting verb, wherever it is ("Trump ... says", "according to").
    seq.addFeature(25, sentCue.get(sid) ?? NONE, lc < 0 ? 0 : rc < 0 ? 1 : 2);
    seq.addFeature(26, w(i - 3), w(i + 3));
    seq.addFeature(27, rule(i), sentCue.get(sid) ?? NONE);
    seq.endToken();
  }
}

export interface ModelAttribution {
  content: Span;
  cue: Span | null;
  source: Span | null;
}

/**
 * The tagger's stages in order (loaded by the models adapter): the first tags the paragraph from its
 * features, each later one tags it again seeing the tags of the stage before. No stages: rules only.
 */
export interface AttributionModels {
  stages: readonly SequenceModel[];
}

let stackedScratch: FeatureSequence | undefined;

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

/** Predicted attributions in one paragraph: each Content span with its nearest Cue and that cue's Source. */
export function predictParagraph(
  models: AttributionModels,
  toks: Tok[],
  sentenceIds: Int32Array,
  seq: FeatureSequence,
): ModelAttribution[] {
  const [model, ...later] = models.stages;
  if (!toks.length || !model) return [];
  let tags = model.predict(seq);
  // Later stages: the same paragraph again, now seeing what the stage before tagged around each token.
  for (const stage of later) {
    stackedScratch ??= new FeatureSequence(256, 48);
    stackedFeatures(seq, toks, sentenceIds, tags, stackedScratch);
    tags = stage.predict(stackedScratch);
  }
  const spans = tagsToSpans(Array.from(tags, (t) => model.tags[t]!));
  const cues = spans.filter((s) => s.label === 'Cue');
  const sources = spans.filter((s) => s.label === 'Source');
  // Content broken by a few untagged tokens in one sentence is one content ("that Clinton talked about … and …").
  const contents: Array<{ start: number; end: number }> = [];
  for (const c of spans) {
    if (c.label !== 'Content') continue;
    const last = contents[contents.length - 1];
    if (
      last &&
      c.start - last.end <= 4 &&
      sentenceIds[c.start] === sentenceIds[last.end - 1] &&
      !spans.some((x) => x.label !== 'Content' && x.start >= last.end && x.end <= c.start)
    ) {
      last.end = c.end;
    } else contents.push({ start: c.start, end: c.end });
  }
  const out: ModelAttribution[] = [];
  const gap = (a: { start: number; end: number }, b: { start: number; end: number }) =>
    a.end <= b.start ? b.start - a.end : b.end <= a.start ? a.start - b.end : 0;
  const sameSentence = (a: { start: number; end: number }, b: { start: number; end: number }) =>
    sentenceIds[a.start] === sentenceIds[b.start] ||
    sentenceIds[a.end - 1] === sentenceIds[b.start] ||
    sentenceIds[a.start] === sentenceIds[b.end - 1];
  for (const c of contents) {
    let cue: (typeof cues)[number] | null = null;
    for (const k of cues) if (gap(c, k) <= 25 && (!cue || gap(c, k) < gap(c, cue))) cue = k;
    let source: (typeof sources)[number] | null = null;
    const anchor = cue ?? c;
    for (const s of sources)
      if (
        (gap(anchor, s) <= 8 || (sameSentence(anchor, s) && gap(anchor, s) <= 20)) &&
        (!source || gap(anchor, s) < gap(anchor, source))
      )
        source = s;
    const sp = (x: { start: number; end: number }): Span => ({
      start: toks[x.start]!.start,
      end: toks[x.end - 1]!.end,
    });
    out.push({ content: sp(c), cue: cue ? sp(cue) : null, source: source ? sp(source) : null });
  }
  return out;
}

/** Label of a BIO tag index over ATTRIBUTION_LABELS: 0 none, 1 Source, 2 Cue, 3 Content. */
const labelOf = (tag: number) => (tag + 1) >> 1;

/**
 * Stacked features for a later-stage tagger: the paragraph's base features (`base`) plus what the stage
 * before predicted around each token (`prior`, its BIO tag indices) — labels nearby, the sentence's
 * predicted cue and source, where the predicted span lies — written into `out` (reset first).
 */
export function stackedFeatures(
  base: FeatureSequence,
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
  const near = (label: number, dir: 1 | -1) => {
    const d = new Int32Array(n).fill(-1);
    for (let k = 0, last = -1; k < n; k++) {
      const i = dir === 1 ? k : n - 1 - k;
      if (k > 0 && sentenceIds[i] !== sentenceIds[i - dir]) last = -1;
      d[i] = last < 0 ? -1 : Math.abs(i - last);
      if (L(i) === label) last = i;
    }
    return d;
  };
  const cueLeft = near(2, 1);
  const cueRight = near(2, -1);
  const srcLeft = near(1, 1);
  const srcRight = near(1, -1);
  // Length of the predicted span each token lies in, and the token's place in it.
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
  const lowerHash = toks.map((t) => hashLower(t.text));
  const b = (d: number) => (d < 0 ? 99 : bucket(d));
  let first = 0; // the sentence's first token
  for (let i = 0; i < n; i++) {
    for (const h of base.token(i)) out.add(h);
    const l = L(i);
    const sid = sentenceIds[i]!;
    if (i > 0 && sentenceIds[i - 1] !== sid) first = i;
    out.addFeature(40, l, prior[i]! % 2);
    out.addFeature(41, L(i - 1), L(i + 1));
    out.addFeature(42, L(i - 2), L(i + 2));
    out.addFeature(43, l, lowerHash[i]!);
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
