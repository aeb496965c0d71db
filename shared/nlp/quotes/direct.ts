// The first rule pass: quotations that stand as their own utterance become direct quotes, with the
// attribution around them (rules/quotation-marks.ts and the attribution families) and, after their
// attribution, any reported speech by the same speaker ("…,” X said, adding that …").
import type { Span } from '../../domain/schema.js';
import { leadingAttribution, trailingAttribution } from './attribution.js';
import { paragraphAt, type Attribution, type Draft, type QuoteDoc } from './draft.js';
import type { Quotation } from './marks.js';
import { loneQuotation, quotedHeading, transcriptLabel, type QuoteShape } from './rules/quotation-marks.js';
import { addingAfterQuotation } from './rules/reported-speech.js';
import { firstMatch, viaRule, type Matched } from './rules/rule.js';
import { splitQuoteSecondPart, type SecondPartSite } from './rules/split-quotes.js';
import { firstHolding, includesGrowing, startingIn } from './span-index.js';
import { lastSentenceStart, tokenizeSpan, wordCount, type Tok } from './tokens.js';

/** What the rule passes share: the drafts so far, attribution words already used, quotations made direct. */
export interface RulePassState {
  drafts: Draft[];
  /** Attribution regions already used (cue + speaker). */
  consumed: Span[];
  direct: Quotation[];
}

/** The last sentence of the paragraph before a quotation that opens its paragraph, when it ends in a colon. */
function introducingParagraph(doc: QuoteDoc, quoteStart: number): Tok[] | null {
  const { text, paragraphs } = doc;
  const i = firstHolding(paragraphs, quoteStart);
  const prev = i > 0 ? paragraphs[i - 1]! : null;
  if (!prev || text.slice(prev.start, quoteStart).trim() !== text.slice(prev.start, prev.end).trim())
    return null;
  const toks = tokenizeSpan(text, prev.start, prev.end);
  if (toks[toks.length - 1]?.text !== ':') return null;
  return toks.slice(lastSentenceStart(toks, toks.length - 1));
}

interface Site extends SecondPartSite {
  /** The attribution before the quotation (or in a paragraph ending in a colon before a block quotation). */
  leadAttr: Matched<Attribution> | null;
  /** Where the words after the quotation end (next quotation or the unit's end). */
  trailEnd: number;
  unitEnd: number;
}

function siteOf(
  doc: QuoteDoc,
  unit: Span,
  inUnit: Quotation[],
  qi: number,
  state: RulePassState,
): Site | null {
  const q = inUnit[qi]!;
  const prevEnd = qi > 0 ? inUnit[qi - 1]!.end : unit.start;
  const nextStart = qi + 1 < inUnit.length ? inUnit[qi + 1]!.start : Math.max(unit.end, q.end);
  const leadToks = tokenizeSpan(doc.text, prevEnd, q.start);
  // The lead counts from the last sentence end before the quotation.
  const lead = leadToks.slice(lastSentenceStart(leadToks));
  const inner = doc.text.slice(q.innerStart, q.innerEnd);
  const innerWords = wordCount(inner);
  if (innerWords === 0) return null;
  // A block quotation whose attribution closes the paragraph before it: "The New York Times reports:".
  const introLine = lead.length ? null : introducingParagraph(doc, q.start);
  const leadWords = lead.length ? lead : introLine;
  const prevQ = qi > 0 && includesGrowing(state.direct, inUnit[qi - 1]!) ? inUnit[qi - 1]! : null;
  return {
    doc,
    q,
    lead,
    innerWords,
    startsUpper: /^\W*\p{Lu}/u.test(inner),
    leadAttr: leadWords ? leadingAttribution(doc, leadWords) : null,
    prevQ,
    prevDraft: state.drafts[state.drafts.length - 1],
    between: leadToks.length,
    trailEnd: Math.min(nextStart, unit.end),
    unitEnd: unit.end,
  };
}

/** A fragment inside a sentence is part of reported speech (a mixed quote), not a quote of its own. */
function standsAlone({ lead, leadAttr, startsUpper, innerWords }: Site): boolean {
  return (
    lead.length === 0 ||
    /^[:,—–-]$/.test(lead[lead.length - 1]!.text) ||
    (leadAttr !== null && startsUpper && innerWords >= 3)
  );
}

function trimEnd(text: string, start: number, end: number): number {
  while (end > start && /[\s,;:—–-]/.test(text[end - 1]!)) end--;
  return end;
}

interface Shaped {
  shape: QuoteShape & { cue: Attribution['cue'] };
  via: string;
  trailing: Matched<Attribution> | null;
}

/** The quote's attribution (after it, else before it), a transcript label, or none for a lone utterance. */
function shapeOf(site: Site): Shaped | null {
  const { doc, q } = site;
  const trailing = trailingAttribution(doc, tokenizeSpan(doc.text, q.end, site.trailEnd));
  const attr = trailing ?? site.leadAttr;
  if (attr) {
    const { cue, speaker } = attr.result;
    return { shape: { start: q.innerStart, speaker, cue }, via: attr.rule, trailing };
  }
  // A section heading in quotation marks is no utterance.
  if (firstMatch([quotedHeading], site, doc.trace)) return null;
  const found = firstMatch([transcriptLabel, loneQuotation], site);
  return found ? { shape: { ...found.result, cue: null }, via: found.rule, trailing: null } : null;
}

function addDirect(site: Site, state: RulePassState, shaped: Shaped): void {
  const { doc, q, lead } = site;
  const { shape, via, trailing } = shaped;
  doc.trace?.add(via);
  state.drafts.push({
    type: 'direct',
    start: shape.start,
    end: trimEnd(doc.text, q.innerStart, q.innerEnd),
    cue: shape.cue,
    speakerSpan: shape.speaker,
    inherit: !shape.speaker,
    unattributed: via === loneQuotation.id,
    introduced: (lead.length > 2 && lead[lead.length - 1]!.text === ':') || site.leadAttr !== null,
    paragraph: paragraphAt(doc.paragraphs, q.start),
    via: [viaRule(via)],
  });
  state.direct.push(q);
  if (via === loneQuotation.id || via === transcriptLabel.id) return;
  if (shape.cue) state.consumed.push({ start: shape.cue.start, end: shape.cue.end });
  if (shape.speaker) state.consumed.push(shape.speaker);
  if (trailing) addReportedAfter(site, state, trailing.result.next);
}

/** "…,” Lukashenko said, adding that X" — reported speech by the same speaker in the same sentence. */
function addReportedAfter(site: Site, state: RulePassState, next: number): void {
  const { doc, q } = site;
  // (To the unit's end: the added clause may quote a fragment, "adding they were a “huge first step”".)
  const rest = tokenizeSpan(doc.text, q.end, site.unitEnd).slice(next);
  const found = firstMatch([addingAfterQuotation], { doc, rest }, doc.trace);
  if (!found) return;
  const draft = found.result;
  draft.paragraph = paragraphAt(doc.paragraphs, draft.start);
  draft.via = [viaRule(found.rule)];
  state.drafts.push(draft);
  state.consumed.push({ start: draft.cue!.start, end: draft.end });
}

function directQuote(doc: QuoteDoc, unit: Span, inUnit: Quotation[], qi: number, state: RulePassState): void {
  const site = siteOf(doc, unit, inUnit, qi, state);
  if (!site) return;
  const second = firstMatch([splitQuoteSecondPart], site, doc.trace);
  if (second) {
    state.drafts.push({
      ...second.result,
      paragraph: paragraphAt(doc.paragraphs, site.q.start),
      via: [viaRule(second.rule)],
    });
    state.direct.push(site.q);
    return;
  }
  if (!standsAlone(site)) return;
  const shaped = shapeOf(site);
  if (shaped) addDirect(site, state, shaped);
}

/** Direct quotes: quotations that stand as their own utterance, with the attribution around them. */
export function addDirectQuotes(doc: QuoteDoc, units: readonly Span[], state: RulePassState): void {
  for (const u of units) {
    const inUnit = startingIn(doc.quotations, u.start, u.end);
    inUnit.forEach((_, qi) => directQuote(doc, u, inUnit, qi, state));
  }
}
