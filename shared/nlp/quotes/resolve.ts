// Speakers, in text order: mentions resolved to entities, quotes with no speaker of their own continuing
// the previous speaker, split quotes joined into one.
import type { Quote, Span, Speaker, Statement } from '../../domain/schema.js';
import { LEADING_TIME_PHRASE, TITLES } from '../lexicon/index.js';
import type { Draft, QuoteDoc } from './draft.js';
import type { Quotation } from './marks.js';
import {
  OWN_SENTENCE_RULES,
  speakerOfSentenceBefore,
  type OwnSentenceSite,
  type OwnSpeaker,
  type SentenceBeforeSite,
} from './rules/continuation.js';
import { characterizingVerb } from './rules/quotation-marks.js';
import { gerundBeforeQuotation } from './rules/speaker-before-cue.js';
import { UNATTRIBUTED_FILTERS } from './rules/filters.js';
import { trimSpeakerPhrase } from './rules/speaker-phrase.js';
import { firstMatch, viaRule, type Rule } from './rules/rule.js';
import { splitQuoteMerge } from './rules/split-quotes.js';
import { anyOverlaps, firstHolding, firstStartingFrom, quotationWordsAt, selfSpan } from './span-index.js';
import { SpeakerResolver, stripTitles } from './speakers.js';
import { spanText, tokenizeSpan, type Tok } from './tokens.js';

type DraftQuote = Omit<Quote, 'id'>;

/** A speaker phrase reduced to the name in it ("Last month the EU" → "the EU"; "Microsoft's Bill Gates"). */
function withoutTimePhrase(text: string, fullSpan: Span): Span {
  const time = LEADING_TIME_PHRASE.exec(text.slice(fullSpan.start, fullSpan.end));
  return time ? { start: fullSpan.start + time[0].length, end: fullSpan.end } : fullSpan;
}

/** "Nicolas Sarkozy of France", "Mr Tanase of JPMorgan": a person of somewhere, up to " of ". */
function personOf(phrase: string, span: Span): Span | null {
  const name = stripTitles(phrase);
  const before = /^(\p{Lu}[\p{L}'’.-]*(?:\s+\p{Lu}[\p{L}'’.-]*)*)\s+of\s+(?:the\s+)?\p{Lu}/u.exec(name);
  // Two name words, or one after a title ("Bank of England" stays whole).
  const isPerson = before !== null && (name !== phrase.trim() || before[1]!.split(/\s+/).length >= 2);
  if (!isPerson || TITLES.has(name.split(/\s+/)[0]!.toLowerCase())) return null;
  const end = phrase.indexOf(' of ', phrase.length - name.length - 1);
  return { start: span.start, end: span.start + end };
}

/** The parts of a phrase with an apposition or relative clause; the one that is a name, else the first. */
function appositionPart(text: string, phrase: string, span: Span): Span {
  const parts: Span[] = [];
  const re = /[^,(—–]+?(?=\s*(?:[,(—–]|\s-\s|\bwho\b|\bwhich\b|\sat\s+\p{Lu}|$))/gu;
  for (const m of phrase.matchAll(re)) {
    const lead = m[0].length - m[0].trimStart().length;
    const t = m[0].trim();
    const at = span.start + (m.index ?? 0) + lead;
    if (t && !/^-$/.test(t)) parts.push({ start: at, end: at + t.length });
  }
  const isName = (p: Span) =>
    /^(?:\p{Lu}[\p{L}'’.-]*\s+)+\p{Lu}[\p{L}'’.-]*$/u.test(text.slice(p.start, p.end));
  return parts.find(isName) ?? parts[0] ?? span;
}

/**
 * A long speaker phrase with an apposition or relative clause ("one of the so-called Guildford Four,
 * Gerry Conlon - who was wrongly convicted …") is reduced to the name in it, else to its first part.
 */
function nameInPhrase(text: string, fullSpan: Span): Span {
  const span = withoutTimePhrase(text, fullSpan);
  // Thousands separators ("5,200 flight attendants") do not split the phrase (same length kept).
  const phrase = text.slice(span.start, span.end).replace(/(\d),(?=\d{3})/g, '$1\u0001');
  // "Sky Networks' Sophie Turner Laing", "Microsoft's Bill Gates": the person after the possessive.
  const afterPossessive = /^.*\S['’]s?\s+(\p{Lu}[\p{L}'’.-]*(?:\s+\p{Lu}[\p{L}'’.-]*)+)$/u.exec(phrase);
  if (afterPossessive)
    return {
      start: span.start + phrase.length - afterPossessive[1]!.length,
      end: span.start + phrase.length,
    };
  const person = personOf(phrase, span);
  if (person) return person;
  if (!/[,(—–]|\s-\s|\bwho\b|\bwhich\b|\sat\s+\p{Lu}/u.test(phrase)) return span;
  return appositionPart(text, phrase, span);
}

/** After an antecedent's head: a reflexive ("Bush himself, who") or a short form in brackets ("(IATA), which"). */
const ANTECEDENT_TAIL = /(?:\s+(?:himself|herself|itself|themselves)|\s*\([^()]{1,40}\))$/u;
/**
 * A name closing a phrase after a lowercase word and a preposition ("criticism from the House of Lords
 * Committee", not "the House of Lords Committee" itself): what "which" stands for. Not for "who", whose
 * antecedent may be the person before the preposition ("a spokesman for Mr Prescott, who").
 */
const NAME_AFTER_PREPOSITION =
  /(?:^|\s)\p{Ll}[\p{L}'’-]*\s(?:from|of|by|with|at|for|to|in)\s+((?:the\s+)?\p{Lu}[\p{L}'’.&-]*(?:\s+(?:(?:of|for|and|the)\s+)*\p{Lu}[\p{L}'’.&-]*)*)$/u;

/** The antecedent of "who"/"which" without what surrounds its head. */
function antecedentHead(text: string, antecedent: Span, pronoun: string): Span {
  let { start, end } = antecedent;
  const tail = ANTECEDENT_TAIL.exec(text.slice(start, end));
  if (tail && tail.index > 0) end = start + tail.index;
  const name = pronoun.toLowerCase() === 'which' ? NAME_AFTER_PREPOSITION.exec(text.slice(start, end)) : null;
  if (name) start = end - name[1]!.length;
  return { start, end };
}

/** The index of the last statement starting at or before `pos` (statements in text order): a binary search. */
export function statementIndexAt(statements: readonly Statement[], pos: number): number {
  let lo = 0;
  let hi = statements.length - 1;
  let found = 0;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (statements[mid]!.start <= pos) {
      found = statements[mid]!.index;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** The previous quote with a named speaker, for quotes that continue it. */
interface Previous {
  speaker: Speaker;
  paragraph: number;
  /** The last quote in quotation marks (direct or mixed) with a named speaker. */
  marked: MarkedQuote | null;
}

/** A quote in quotation marks and its speaker. */
interface MarkedQuote extends Span {
  speaker: Speaker;
}

/** A draft with nobody named in it, and the speaker of the quotes before. */
export interface ContinuationSite {
  draft: Draft;
  previous: Previous | null;
  /** The quote holding the quotation this one follows in its paragraph ("“A,” she said. “B.”"). */
  quotationBefore?: MarkedQuote | null;
}

export const continuesQuotationBefore: Rule<ContinuationSite, Speaker> = {
  id: 'continues-quotation-before',
  description:
    'A lone quotation opening its sentence after a quoted one of its paragraph continues that quote’s speaker, whoever was reported in between: “A,” said Pardo, who said he would not vote. “B.”',
  examples: {
    match: [
      '“The candidates do not understand,” said Captain Christian Pardo, who said he would vote for neither. “The policies are so far out there.”',
    ],
    noMatch: ['“We are partners,” Lukashenko said.\n\n“We have always been partners and always will be.”'],
  },
  apply: ({ draft, quotationBefore }) => (draft.inherit && quotationBefore ? quotationBefore.speaker : null),
};

export const continuesPreviousSpeaker: Rule<ContinuationSite, Speaker> = {
  id: 'continues-previous-speaker',
  description:
    'A quote with no speaker of its own (split quote, continuation paragraph, "…, adding that") continues the previous speaker within a paragraph.',
  examples: {
    match: ['“We are partners,” Lukashenko said.\n\n“We have always been partners and always will be.”'],
    noMatch: ['The town is quiet.\n\n“Nothing ever happens here, not since the mine closed.”'],
  },
  apply: ({ draft, previous }) =>
    draft.inherit && previous && draft.paragraph - previous.paragraph <= 1 ? previous.speaker : null,
};

export const continuesEarlierSpeaker: Rule<ContinuationSite, Speaker> = {
  id: 'continues-earlier-speaker',
  description:
    'A lone quotation with no speaker of its own, farther than the next paragraph from the last quote, takes the nearest earlier speaker (a lower confidence).',
  examples: {
    match: [
      '“We are partners,” Lukashenko said.\n\nThe talks went on.\n\nThe ministers met again.\n\n“We have always been partners and always will be.”',
    ],
    noMatch: [
      'The town is quiet.\n\nThe mine closed.\n\nThe shops closed.\n\n“Nothing ever happens here, not since the mine closed.”',
    ],
  },
  apply: ({ draft, previous }) =>
    draft.inherit && draft.unattributed && previous && draft.paragraph - previous.paragraph <= 4
      ? previous.speaker
      : null,
};

const UNRESOLVED: Speaker = {
  mention: null,
  start: null,
  end: null,
  name: null,
  entityId: null,
  resolution: 'unresolved',
};

/** A nickname quoted inside a name: Marcia “Cia” Price, Robert C. “Bobby” Scott. */
function isNickname(text: string, q: Quotation): boolean {
  return (
    /^\p{Lu}[\p{L}'’.-]*(?: \p{Lu}[\p{L}'’.-]*)?$/u.test(text.slice(q.innerStart, q.innerEnd)) &&
    /\p{Lu}[\p{L}'’.-]* $/u.test(text.slice(Math.max(0, q.start - 30), q.start)) &&
    /^ \p{Lu}/u.test(text.slice(q.end, q.end + 2))
  );
}

/**
 * The nearest quotation before (`step` -1) or after (+1) quotation `qi` that bounds its sentence: a
 * nickname inside the speaker's name is part of the sentence, not a quotation that bounds it.
 */
function boundingQuotation(doc: QuoteDoc, qi: number, step: 1 | -1): Quotation | undefined {
  for (let i = qi + step; i >= 0 && i < doc.quotations.length; i += step) {
    if (!isNickname(doc.text, doc.quotations[i]!)) return doc.quotations[i];
  }
  return undefined;
}

/**
 * The sentence right before a quotation that opens its sentence, when it ends in a colon: it introduces
 * the quotation, across a paragraph break too (a block quote after "Jared Potts echoed:").
 */
function introducingSentence(doc: QuoteDoc, q: Quotation, prevEnd: number): [number, number] | null {
  const own = firstHolding(doc.sentences, q.start);
  const before = own > 0 ? doc.sentences[own - 1] : undefined;
  if (!before || doc.text.slice(before.end, q.start).trim()) return null;
  const start = Math.max(before.start, prevEnd);
  return doc.text.slice(start, before.end).trimEnd().endsWith(':') ? [start, before.end] : null;
}

/** The rest of the sentence a quotation ends in, up to `limit`: its attribution ("…,” said X, a farmer.). */
function attributionAfter(
  doc: QuoteDoc,
  q: Quotation,
  limit: number,
  holder: MarkedQuote | null,
): Tok[] | null {
  const sentence = doc.sentences[firstHolding(doc.sentences, q.end - 1)];
  const end = Math.min(sentence?.end ?? q.end, limit);
  // The quote holding it was attributed there: its speaker is continued as it was resolved.
  const at = holder?.speaker.start;
  if (end <= q.end || (at != null && at >= q.end && at < end)) return null;
  return tokenizeSpan(doc.text, q.end, end);
}

/**
 * The quotation before a lone one that opens its sentence in the same paragraph, and the quote holding
 * it when there is one with a named speaker (its speaker is continued as it was resolved).
 */
function quotationBefore(
  doc: QuoteDoc,
  d: Draft,
  previous: Previous | null,
): { quotation: Quotation; quote: MarkedQuote | null } | null {
  const qi = quotationWordsAt(doc.quotations, d.start);
  const q = doc.quotations[qi];
  const before = q && boundingQuotation(doc, qi, -1);
  const paragraph = doc.paragraphs[d.paragraph];
  if (!q || !before || !paragraph || before.end <= paragraph.start) return null;
  // Nothing but the rest of the quotation's sentence before it: it opens its sentence.
  const own = doc.sentences[firstHolding(doc.sentences, q.start)];
  if (own && own.start > before.end && doc.text.slice(own.start, q.start).trim()) return null;
  const marked = previous?.marked;
  const holds = marked && marked.start <= before.innerEnd && before.innerStart < marked.end;
  return { quotation: before, quote: holds ? marked : null };
}

/** A lone quotation's own sentence around it, up to the quotations before and after it in that sentence. */
function ownSentenceSite(
  doc: QuoteDoc,
  d: Draft,
  followed: ReturnType<typeof quotationBefore>,
): OwnSentenceSite | null {
  const qi = quotationWordsAt(doc.quotations, d.start);
  const q = doc.quotations[qi];
  if (!q) return null;
  const { sentences } = doc;
  const first = sentences[firstHolding(sentences, q.start)];
  // The sentence with s.start < q.end ≤ s.end: the one holding q.end - 1.
  const last = sentences[firstHolding(sentences, q.end - 1)];
  const prevQuotation = boundingQuotation(doc, qi, -1);
  const prevEnd = prevQuotation?.end ?? 0;
  const nextStart = boundingQuotation(doc, qi, 1)?.start ?? doc.text.length;
  const leadStart = Math.max(first?.start ?? q.start, prevEnd);
  // A quotation that ends its sentence ("…?” Vitter demanded.") is closed by the next one when it starts
  // right there, in the same paragraph.
  const next = last && last.end <= q.end ? sentences[firstStartingFrom(sentences, q.end)] : undefined;
  const closing = next && /^[ \t]*$/.test(doc.text.slice(q.end, next.start)) ? next : last;
  const trailEnd = Math.min(closing?.end ?? q.end, nextStart);
  const lead: [number, number] | null =
    leadStart < q.start ? [leadStart, q.start] : introducingSentence(doc, q, prevEnd);
  return {
    doc,
    lead: lead ? tokenizeSpan(doc.text, lead[0], lead[1]) : [],
    trail: q.end < trailEnd ? tokenizeSpan(doc.text, q.end, trailEnd) : [],
    trailIsNextSentence: closing !== last,
    ...(lead ? {} : following(doc, q, followed)),
  };
}

/** For a quotation opening its sentence: whether it follows one of its paragraph, and that one's attribution. */
function following(
  doc: QuoteDoc,
  q: Quotation,
  followed: ReturnType<typeof quotationBefore>,
): Pick<OwnSentenceSite, 'followsQuotation' | 'attributionBefore'> {
  if (!followed) return { followsQuotation: false };
  const { quotation, quote } = followed;
  return { followsQuotation: true, attributionBefore: attributionAfter(doc, quotation, q.start, quote) };
}

/** The sentence before a lone quotation that opens its sentence, in its paragraph and with no quotation in it. */
function sentenceBeforeSite(doc: QuoteDoc, d: Draft): SentenceBeforeSite | null {
  const q = doc.quotations[quotationWordsAt(doc.quotations, d.start)];
  const own = q && firstHolding(doc.sentences, q.start);
  if (!q || own === undefined || own < 1 || doc.text.slice(doc.sentences[own]!.start, q.start).trim())
    return null;
  const before = doc.sentences[own - 1]!;
  const paragraph = doc.paragraphs[d.paragraph];
  if (!paragraph || before.start < paragraph.start) return null;
  if (anyOverlaps(doc.quotations, selfSpan, before.start, before.end)) return null;
  return { before: tokenizeSpan(doc.text, before.start, before.end) };
}

/** A quotation that runs on into its sentence up to the closing cue is mixed: the run-on words and the cue join it. */
function withRunOn(text: string, d: Draft, own: OwnSpeaker): void {
  if (!own.runOn) return;
  d.type = 'mixed';
  d.end = own.runOn.contentEnd;
  d.cue = spanText(text, own.runOn.cue.start, own.runOn.cue.end);
}

/** What a lone quotation's own sentence (or the quotation it follows) says of its speaker, and the rule. */
function ownSentenceMatch(
  doc: QuoteDoc,
  d: Draft,
  followed: ReturnType<typeof quotationBefore>,
  phraseless: boolean,
) {
  const site =
    !phraseless && (d.unattributed || d.via[0] === viaRule(gerundBeforeQuotation.id))
      ? ownSentenceSite(doc, d, followed)
      : null;
  return site && firstMatch(OWN_SENTENCE_RULES, site, doc.trace);
}

/**
 * The speaker of a draft: its own mention resolved, the previous speaker, or unresolved (null: drop it).
 * `phraseless`: a speaker phrase found for it held no speaker, so no other phrase is looked for.
 */
function speakerOf(
  doc: QuoteDoc,
  resolver: SpeakerResolver,
  d: Draft,
  previous: Previous | null,
  phraseless = false,
): Speaker | null {
  const { text } = doc;
  if (d.speakerSpan && d.antecedent) {
    // The mention stays "who", as written; its referent is the antecedent's.
    const pronoun = text.slice(d.speakerSpan.start, d.speakerSpan.end);
    const span = nameInPhrase(text, antecedentHead(text, d.antecedent, pronoun));
    const ref = resolver.resolve(span.start, span.end, d);
    return {
      ...ref,
      mention: text.slice(d.speakerSpan.start, d.speakerSpan.end),
      start: d.speakerSpan.start,
      end: d.speakerSpan.end,
      resolution: ref.name ? 'pronoun' : 'unresolved',
    };
  }
  if (d.speakerSpan) {
    const phrase = trimSpeakerPhrase(text, d.speakerSpan, doc.trace);
    // No speaker in the phrase: the quote is as one with no speaker of its own (unresolved, or dropped by
    // the filters of unattributed quotes).
    if (!phrase) return speakerOf(doc, resolver, { ...d, speakerSpan: null }, previous, true);
    const span = nameInPhrase(text, phrase);
    return resolver.resolve(span.start, span.end, d);
  }
  const followed = d.unattributed && !phraseless ? quotationBefore(doc, d, previous) : null;
  const own = ownSentenceMatch(doc, d, followed, phraseless);
  if (own) {
    d.via.push(viaRule(own.rule));
    withRunOn(text, d, own.result);
    return speakerOf(
      doc,
      resolver,
      { ...d, speakerSpan: own.result.speaker, antecedent: own.result.antecedent },
      previous,
    );
  }
  const siteBefore = d.unattributed && !phraseless ? sentenceBeforeSite(doc, d) : null;
  const before = siteBefore && firstMatch([speakerOfSentenceBefore], siteBefore, doc.trace);
  if (before) {
    d.via.push(viaRule(before.rule));
    return speakerOf(doc, resolver, { ...d, speakerSpan: before.result.speaker }, previous);
  }
  const inherited = firstMatch(
    [continuesQuotationBefore, continuesPreviousSpeaker, continuesEarlierSpeaker],
    { draft: d, previous, quotationBefore: followed?.quote ?? null },
    doc.trace,
  );
  if (inherited) {
    d.via.push(viaRule(inherited.rule));
    return inherited.result;
  }
  const dropped = firstMatch(UNATTRIBUTED_FILTERS, { draft: d, hasPrevious: previous !== null }, doc.trace);
  return dropped ? null : { ...UNRESOLVED };
}

const isCharacterization = (q: DraftQuote): boolean => q.via?.[0] === viaRule(characterizingVerb.id);

/** Joins a split quote's next piece to the quote before it. */
function join(doc: QuoteDoc, q: DraftQuote, d: Draft): void {
  q.parts = [...(q.parts ?? [{ start: q.start, end: q.end }]), { start: d.start, end: d.end }];
  q.end = d.end;
  q.text = doc.text.slice(q.start, q.end);
  const via = viaRule(splitQuoteMerge.id);
  if (!q.via!.includes(via)) q.via!.push(via);
}

/** Speakers, in text order: resolve mentions; inherit for split quotes, continuations and "adding that". */
export function resolveDrafts(doc: QuoteDoc, drafts: Draft[], resolver: SpeakerResolver): DraftQuote[] {
  drafts.sort((a, b) => a.start - b.start);
  const out: DraftQuote[] = [];
  let previous: Previous | null = null;
  let marked: MarkedQuote | null = null;
  let last: { quote: DraftQuote; paragraph: number } | null = null;
  for (const d of drafts) {
    const speaker = speakerOf(doc, resolver, d, previous);
    if (!speaker) continue;
    const site = last && { doc, last: last.quote, lastParagraph: last.paragraph, draft: d, speaker };
    // A phrase quoted after a characterising verb ("called it “hugely unambitious”") is no utterance
    // for the next quotation to continue.
    if (site && !isCharacterization(last!.quote) && firstMatch([splitQuoteMerge], site, doc.trace)) {
      join(doc, last!.quote, d);
      // The joined quote now holds this quotation too, for the next one to continue.
      const held = previous?.marked;
      if (held && held.start === last!.quote.start) held.end = d.end;
      continue;
    }
    const quote: DraftQuote = {
      type: d.type,
      text: doc.text.slice(d.start, d.end),
      start: d.start,
      end: d.end,
      statementIndex: statementIndexAt(doc.statements, d.start),
      cue: d.cue,
      speaker,
      ...(d.parts ? { parts: d.parts } : {}),
      via: d.via,
    };
    out.push(quote);
    if (quote.type !== 'direct') resolver.addReportedContent(quote);
    last = { quote, paragraph: d.paragraph };
    if (speaker.mention !== null && quote.type !== 'indirect')
      marked = { start: d.start, end: d.end, speaker };
    if (speaker.mention !== null) previous = { speaker, paragraph: d.paragraph, marked };
  }
  return out;
}
