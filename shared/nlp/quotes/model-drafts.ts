// The attribution tagger's proposals that no rule found (beliefs, plans, paraphrase the cue lexicon
// misses), through the candidate filters (rules/filters.ts) into drafts.
import type { Span } from '../../domain/schema.js';
import { isGerundCue } from '../lexicon/index.js';
import { FeatureSequence } from '../ml/index.js';
import type { Sentence } from '../segment.js';
import {
  paragraphFeatures,
  paragraphTokens,
  predictParagraph,
  type AttributionModels,
  type ModelAttribution,
} from './attribution-model.js';
import type { Draft, QuoteDoc } from './draft.js';
import { antecedentOf } from './phrases.js';
import { ruleLabels } from './rule-drafts.js';
import { beforeParenthesis } from './rules/continuation.js';
import { CANDIDATE_RULES, type Candidate } from './rules/filters.js';
import { anyStartingIn, startingIn } from './span-index.js';
import { isCap, spanOf, tokenizeSpan, wordCount, type Tok } from './tokens.js';

/** Inner words of a name ("Bank of England", "Marks and Spencer"). */
const NAME_INNER = new Set(['of', 'for', 'and', '&']);

/**
 * The name a relative pronoun at toks[w] follows, when the phrase-level look-up found none: "the
 * International Air Transport Association (IATA), which" (past a bracketed short form), "criticism
 * from the House of Lords Economic Affairs Committee, which" (a phrase too long for a speaker phrase).
 * Its capitalised words, inner "of"/"and" and a leading "the" included.
 */
function nameBeforeRelative(toks: readonly Tok[], w: number): [number, number] | null {
  if (w < 2 || toks[w - 1]!.text !== ',') return null;
  // Past a bracketed short form ("… Association (IATA), which").
  const end = beforeParenthesis(toks, w - 1);
  let s = end;
  while (s > 0 && (isCap(toks[s - 1]) || (NAME_INNER.has(toks[s - 1]!.lower) && isCap(toks[s - 2])))) s--;
  // A sentence-initial word alone is no name ("Yesterday, which …").
  if (s === end || s === 0) return null;
  if (toks[s - 1]!.lower === 'the') s--;
  return [s, end];
}

/** Sentence look-ups of one paragraph for the filters. */
function paragraphContext(doc: QuoteDoc, sentences: readonly Sentence[]) {
  const sentenceTokensAt = (pos: number): Tok[] => {
    const sent = sentences.find((s) => s.start <= pos && pos < s.end);
    return sent ? tokenizeSpan(doc.text, sent.start, sent.end) : [];
  };
  // The phrase a relative pronoun starting at `pos` stands for.
  const antecedentAt = (pos: number): Span | null => {
    const stoks = sentenceTokensAt(pos);
    const w = stoks.findIndex((t) => t.start === pos);
    const np = antecedentOf(stoks, w) ?? nameBeforeRelative(stoks, w);
    return np ? spanOf(stoks, np) : null;
  };
  return { sentenceTokensAt, antecedentAt };
}

/** The tagger's content span as a quote would hold it: a whole quotation without its marks, no edge punctuation. */
function contentSpan(doc: QuoteDoc, a: ModelAttribution): { start: number; end: number; direct: boolean } {
  const { text } = doc;
  let { start, end } = a.content;
  // The first quotation starting at start - 1 or start that reaches to end - 1.
  const q = startingIn(doc.quotations, start - 1, start + 1).find((x) => end <= x.end + 1);
  const direct = q !== undefined && q.start >= start && q.end <= end + 1;
  if (direct) {
    start = q.innerStart;
    end = q.innerEnd;
  }
  while (end > start && /[\s,;:.—–-]/.test(text[end - 1]!) && !direct) end--;
  while (end > start && /[\s,;:—–-]/.test(text[end - 1]!)) end--;
  return { start, end, direct };
}

/** The candidate after every filter, or null when one dropped it. */
function filtered(c: Candidate): Candidate | null {
  for (const rule of CANDIDATE_RULES) {
    const effect = rule.apply(c);
    if (effect === null) continue;
    c.doc.trace?.add(rule.id);
    if (effect === 'drop') return null;
    Object.assign(c, effect);
  }
  return c;
}

function draftOf(c: Candidate, paragraph: number, via: string): Draft {
  const { text, quotations } = c.doc;
  const { start, end, cue, source } = c;
  const mixed = anyStartingIn(quotations, start, end);
  return {
    type: c.direct ? 'direct' : mixed ? 'mixed' : 'indirect',
    start,
    end,
    cue: cue ? { text: text.slice(cue.start, cue.end), ...cue } : null,
    speakerSpan: source,
    inherit: !source && (cue === null || isGerundCue(text.slice(cue.start, cue.end).toLowerCase())),
    unattributed: !source && !cue,
    ...(c.antecedent ? { antecedent: c.antecedent } : {}),
    paragraph,
    via: [via],
  };
}

/** A candidate from one of the tagger's attributions in a paragraph (of the given sentences). */
export function candidateOf(
  doc: QuoteDoc,
  drafts: readonly Draft[],
  found: readonly Draft[],
  sentences: readonly Sentence[],
  a: ModelAttribution,
): Candidate {
  const span = contentSpan(doc, a);
  return {
    doc,
    drafts,
    found,
    sentences,
    ...span,
    taggedWords: wordCount(doc.text.slice(span.start, span.end)),
    cue: a.cue,
    source: a.source,
    ...paragraphContext(doc, sentences),
  };
}

/** Adds the tagger's attributions that no rule found to `drafts`. */
export function addModelDrafts(doc: QuoteDoc, drafts: Draft[], models: AttributionModels): void {
  const labels = ruleLabels(doc.text, drafts);
  const seq = new FeatureSequence(256, 32);
  const via = `model:stage${models.tagger?.stages ?? 0}`;
  const found: Draft[] = [];
  doc.paragraphs.forEach((p, paragraph) => {
    const sentences = startingIn(doc.sentences, p.start, p.end);
    const { toks, sentenceIds } = paragraphTokens(doc.text, p, sentences);
    if (!toks.length) return;
    paragraphFeatures(toks, sentenceIds, labels, doc.quotations, seq);
    for (const a of predictParagraph(models, toks, sentenceIds, seq)) {
      const kept = filtered(candidateOf(doc, drafts, found, sentences, a));
      if (kept) found.push(draftOf(kept, paragraph, via));
    }
  });
  drafts.push(...found);
}
