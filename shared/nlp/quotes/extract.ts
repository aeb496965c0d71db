// Quote extraction: the rule passes (direct quotes, then reported speech), the attribution tagger's
// additions, document-level rules (headlines, characterising verbs), then speaker resolution.
import type { Entity, Quote, Span, Statement } from '../../domain/schema.js';
import type { Sentence } from '../segment.js';
import type { AttributionModels } from './attribution-model.js';
import { addConfidence, type ConfidenceTables } from './confidence.js';
import type { Draft, QuoteDoc } from './draft.js';
import type { Quotation } from './marks.js';
import { addModelDrafts } from './model-drafts.js';
import { ruleDrafts } from './rule-drafts.js';
import { resolveDrafts } from './resolve.js';
import { headlineSaysAtEnd, headlineSpeakerSays, headlineTokens } from './rules/reported-speech.js';
import { characterizationRules, characterizingCue } from './rules/characterizing-cue.js';
import { quotedTitle } from './rules/filters.js';
import { quotationRunsOnToAttribution } from './rules/continuation.js';
import { firstMatch, viaRule } from './rules/rule.js';
import { anyStartingIn, partitionPoint, quotationWordsAt, startingIn } from './span-index.js';
import { SpeakerResolver } from './speakers.js';
import { isAbbrevDot, tokenizeSpan } from './tokens.js';
import {
  entitiesByWindow,
  QUOTE_WINDOW_CHARS,
  quoteWindows,
  shiftedEntities,
  unshiftQuote,
  windowSpans,
} from './windows.js';
import { splitParagraphs } from '../segment.js';

export { ruleDrafts, ruleLabels, type RuleInput, type RuleResult } from './rule-drafts.js';
export { withNameAfterTitle } from './rules/filters.js';

export interface QuoteInput {
  text: string;
  sentences: Sentence[];
  statements: Statement[];
  /** Document-level entities (with ids) for speaker resolution. */
  entities: Entity[];
  /** The text's quotations (findQuotationsDetailed). */
  quotations: Quotation[];
  /** The text's paragraphs (splitParagraphs), when the caller has them. */
  paragraphs?: Span[];
  models: QuoteModels;
  /** Collects the ids of the rules that applied (rule examples, debugging). */
  trace?: Set<string>;
}

/** What the quote extractor takes from the trained models (loaded by the models adapter). */
export interface QuoteModels {
  /** The attribution tagger (no stages: the rules alone). */
  attribution: AttributionModels;
  /** 'male' / 'female' for a first name the name lists know (pronoun agreement); null otherwise. */
  firstNameGender?: (firstName: string) => 'male' | 'female' | null;
  /** Whether a name is a place the name lists know (pronoun agreement: no one's he, she or it). */
  isPlace?: (name: string) => boolean;
  /** Calibrated rates for the quotes' and speakers' confidence (none: no confidence is given). */
  confidence?: ConfidenceTables;
}

/** A title-case headline "Lindsey Graham Says Trump Could Address Clean Energy": speaker, cue, content. */
function addHeadlineDraft(doc: QuoteDoc, drafts: Draft[]): void {
  const toks = headlineTokens(doc);
  if (!toks) return;
  const found = firstMatch([headlineSpeakerSays, headlineSaysAtEnd], { doc, toks, drafts }, doc.trace);
  if (found) drafts.push({ ...found.result, via: [viaRule(found.rule)] });
}

/**
 * A tagger content after a characterising verb that holds the quotation with words before it, and ends
 * with it: one that runs on past it ("Trump a “liar” who is “amoral”") is kept, unless `runOn` (the cue
 * names the quoted term itself, "used the phrase “…”") and it holds no other quotation.
 */
function swallowsCharacterization(
  doc: QuoteDoc,
  d: Draft,
  verbEnd: number,
  q: Quotation,
  runOn: boolean,
): boolean {
  if (d.type === 'direct' || !d.via.some((v) => v.startsWith('model:'))) return false;
  if (d.start < verbEnd || d.start > q.start || d.end < q.innerEnd || d.end - d.start <= q.end - q.start)
    return false;
  if (d.end <= q.end + 1) return true;
  return runOn && !doc.quotations.some((x) => x !== q && x.start < d.end && d.start < x.end);
}

/**
 * The drafts overlapping a span, in list order, for a list that only its owner changes (drops and
 * appends, told here): the drafts by start, and the longest of them bounding how far before the span an
 * overlapping one can start; a scan of every draft per quotation was quadratic (issue 13).
 */
export class DraftsNear {
  private readonly base: readonly Draft[];
  /** Indices into `base` by start. */
  private readonly order: number[];
  private readonly longest: number;
  private readonly dropped = new Set<Draft>();
  private readonly added: Draft[] = [];

  constructor(drafts: readonly Draft[]) {
    this.base = drafts.slice();
    this.order = this.base.map((_, i) => i).sort((a, b) => this.base[a]!.start - this.base[b]!.start);
    this.longest = this.base.reduce((most, d) => Math.max(most, d.end - d.start), 0);
  }

  overlapping(start: number, end: number): Draft[] {
    const from = start - this.longest; // an overlapping draft starts after this
    const lo = partitionPoint(this.order.length, (i) => this.base[this.order[i]!]!.start < from);
    const hits: number[] = [];
    for (let i = lo; i < this.order.length && this.base[this.order[i]!]!.start < end; i++) {
      if (this.base[this.order[i]!]!.end > start) hits.push(this.order[i]!);
    }
    const near = hits.sort((a, b) => a - b).map((i) => this.base[i]!);
    near.push(...this.added.filter((d) => d.start < end && d.end > start));
    return near.filter((d) => !this.dropped.has(d));
  }

  drop(d: Draft): void {
    this.dropped.add(d);
  }

  add(d: Draft): void {
    this.added.push(d);
  }
}

/**
 * "X accused Y of “…”", "X called them “…”": a short quoted phrase a few words after the verb that nothing
 * else attributed. Runs after the rules and the tagger, so it only fills gaps and changes neither's input.
 */
function addCharacterizationDrafts(doc: QuoteDoc, drafts: Draft[]): void {
  const { text, quotations } = doc;
  const near = new DraftsNear(drafts);
  for (const sent of doc.sentences) {
    // Only sentences with a quotation opening inside them can hold one (no tokenising of the rest).
    if (!anyStartingIn(quotations, sent.start + 1, sent.end)) continue;
    const toks = tokenizeSpan(text, sent.start, sent.end);
    for (let k = 1; k < toks.length; k++) {
      const rules = characterizationRules(toks, k);
      if (!rules) continue;
      for (let j = k + 1; j < Math.min(toks.length, k + 12); j++) {
        if (/^[.;:!?]$/.test(toks[j]!.text) && !isAbbrevDot(toks, j)) break;
        const q = startingIn(quotations, toks[j]!.start, toks[j]!.start + 1)[0];
        if (!q) continue;
        // A tagger content that starts after the verb and swallows the quoted phrase with the verb's
        // object ("accused [the North's leader, Kim Jong Un, of “…”]") gives way to the phrase.
        const runOn = rules[0] === characterizingCue;
        // (A draft that swallows the phrase overlaps it; the rules ask only whether one covers it.)
        const close = near.overlapping(q.start, q.end);
        const swallowing = close.filter((d) => swallowsCharacterization(doc, d, toks[k]!.end, q, runOn));
        // A reported content that holds the verb itself ("…, Obama and Clinton call them “lone wolves” …")
        // does not attribute the phrase: the phrase is quoted inside it.
        const verb = toks[k]!;
        const others = close.filter(
          (d) =>
            !swallowing.includes(d) && !(d.type !== 'direct' && d.start <= verb.start && verb.end <= d.end),
        );
        const found = firstMatch(rules, { doc, toks, k, j, q, drafts: others }, doc.trace);
        if (found) {
          for (const d of swallowing) {
            drafts.splice(drafts.indexOf(d), 1);
            near.drop(d);
          }
          const draft: Draft = { ...found.result, via: [viaRule(found.rule)] };
          drafts.push(draft);
          near.add(draft);
        }
        break;
      }
    }
  }
}

/**
 * A lone quotation opening its sentence and the reported speech it runs on into ("“Boots on the ground”
 * would be appropriate, Carson said") become one mixed quote with that speech's speaker and cue.
 */
function joinRunOnQuotations(doc: QuoteDoc, drafts: Draft[]): Draft[] {
  drafts.sort((a, b) => a.start - b.start);
  const out: Draft[] = [];
  for (let i = 0; i < drafts.length; i++) {
    const quote = drafts[i]!;
    const next = drafts[i + 1];
    if (next && firstMatch([quotationRunsOnToAttribution], { doc, quote, next }, doc.trace)) {
      const q = doc.quotations[quotationWordsAt(doc.quotations, quote.start)]!;
      next.start = q.start;
      next.type = 'mixed';
      next.via = [...next.via, viaRule(quotationRunsOnToAttribution.id)];
      continue; // the quotation is part of the next draft now
    }
    out.push(quote);
  }
  return out;
}

/** Drops direct quotes that are titles of works, shows and campaigns ("the film “13th”"). */
function withoutQuotedTitles(doc: QuoteDoc, drafts: Draft[]): Draft[] {
  return drafts.filter((draft) => {
    if (draft.type !== 'direct') return true;
    const q = doc.quotations[quotationWordsAt(doc.quotations, draft.start)];
    const from = q ? q.start : draft.start;
    const before = tokenizeSpan(doc.text, Math.max(0, from - 40), from)
      .filter((t) => t.text !== ',')
      .slice(-3);
    return !firstMatch([quotedTitle], { doc, draft, before }, doc.trace);
  });
}

/** The quotes of one document (an article, or a window of a very long one). */
function quotesOfDocument(input: QuoteInput, withHeadline: boolean): Array<Omit<Quote, 'id'>> {
  const { doc, drafts } = ruleDrafts(input);
  if (input.models.attribution.tagger) addModelDrafts(doc, drafts, input.models.attribution);
  if (withHeadline) addHeadlineDraft(doc, drafts);
  addCharacterizationDrafts(doc, drafts);
  const kept = joinRunOnQuotations(doc, withoutQuotedTitles(doc, drafts));
  const resolver = new SpeakerResolver(
    doc.text,
    input.entities,
    doc.quotations,
    input.models.firstNameGender,
    input.models.isPlace,
    doc.trace,
    doc.sentences,
  );
  return sharedStrings(addConfidence(resolveDrafts(doc, kept, resolver), input.models.confidence));
}

/**
 * The quotes with one string per distinct provenance, cue and speaker mention ("rule:…", "said", "he"):
 * each was made or cut from the text per quote, ~4 MB for the 18,000 quotes of a 5 MB article.
 */
function sharedStrings<Q extends Omit<Quote, 'id'>>(quotes: Q[]): Q[] {
  const seen = new Map<string, string>();
  const one = (s: string): string => seen.get(s) ?? (seen.set(s, s), s);
  for (const q of quotes) {
    if (q.via) q.via = q.via.map(one);
    if (q.cue) q.cue.text = one(q.cue.text);
    if (q.speaker.mention !== null) q.speaker.mention = one(q.speaker.mention);
  }
  return quotes;
}

/**
 * Quotes with cues and speakers, in text order. Ids are assigned by the caller. A text longer than
 * `windowChars` is read in windows of whole paragraphs, each as a document of its own (quotes/windows.ts).
 */
export function extractQuotes(input: QuoteInput, windowChars = QUOTE_WINDOW_CHARS): Array<Omit<Quote, 'id'>> {
  if (input.text.length < windowChars) return quotesOfDocument(input, true);
  const paragraphs = input.paragraphs ?? splitParagraphs(input.text);
  const windows = quoteWindows(
    { text: input.text, paragraphs, unsplittable: [input.quotations, input.statements] },
    windowChars,
  );
  if (windows.length === 1) return quotesOfDocument(input, true);
  const entities = entitiesByWindow(input.entities, windows);
  const quotes: Array<Omit<Quote, 'id'>> = [];
  windows.forEach((w, k) => {
    const window: QuoteInput = {
      ...input,
      text: input.text.slice(w.start, w.end),
      ...windowSpans({ ...input, paragraphs }, w),
      entities: shiftedEntities(entities(k), w),
    };
    for (const q of quotesOfDocument(window, k === 0)) quotes.push(unshiftQuote(q, w.start));
  });
  return quotes;
}
