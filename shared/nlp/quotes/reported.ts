// The second rule pass: reporting verbs (and "according to") with a speaker and a reported clause.
import type { Span } from '../../domain/schema.js';
import { isCueVerb } from '../lexicon/index.js';
import { cueSite, type CueSite } from './cue-site.js';
import { paragraphAt, type Draft, type QuoteDoc } from './draft.js';
import type { RulePassState } from './direct.js';
import { accordingToLeading, accordingToTrailing } from './rules/according-to.js';
import { invertedClauseFinal, invertedInterrupting } from './rules/inverted.js';
import {
  addingThat,
  clauseFinalCue,
  coordinatedCue,
  thinkTankIsNoCue,
  wholeQuotationObject,
} from './rules/reported-speech.js';
import { firstMatch, viaRule, type Matched, type Rule } from './rules/rule.js';
import { progressiveCueSubject, speakerCueThat } from './rules/speaker-before-cue.js';
import { interruptedByAttribution } from './rules/split-quotes.js';
import { insideAny, insideGrowing, overlapping } from './span-index.js';
import { isCap, lowerAt, tokenizeSpan, type Tok } from './tokens.js';

/** Rules for a reporting verb, in the order they are tried. */
export const REPORTING_VERB_RULES: readonly Rule<CueSite, Draft>[] = [
  invertedInterrupting,
  invertedClauseFinal,
  progressiveCueSubject,
  coordinatedCue,
  addingThat,
  interruptedByAttribution,
  clauseFinalCue,
  wholeQuotationObject,
  speakerCueThat,
];

/** Rules for "according to". */
export const ACCORDING_TO_RULES: readonly Rule<CueSite, Draft>[] = [accordingToLeading, accordingToTrailing];

/** Whether token k can start an attribution: a lowercase reporting verb, "went on", "according to". */
function cueKind(toks: readonly Tok[], k: number): 'verb' | 'according' | null {
  const t = toks[k]!;
  if (t.lower === 'according' && lowerAt(toks, k + 1) === 'to') return 'according';
  if (isCueVerb(t.lower) && !isCap(t)) return 'verb';
  return t.lower === 'went' && lowerAt(toks, k + 1) === 'on' ? 'verb' : null;
}

/** The draft the rules make at token k, or null. */
function draftAt(
  doc: QuoteDoc,
  toks: Tok[],
  k: number,
  consumed: readonly Span[],
  local: readonly Span[],
): Matched<Draft> | null {
  const t = toks[k]!;
  if (insideGrowing(consumed, t.start) || insideAny(local, t.start)) return null;
  if (firstMatch([thinkTankIsNoCue], { toks, k }, doc.trace)) return null;
  const kind = cueKind(toks, k);
  if (!kind) return null;
  return firstMatch(kind === 'according' ? ACCORDING_TO_RULES : REPORTING_VERB_RULES, cueSite(doc, toks, k));
}

/** Reported speech in one unit (statement or sentence), around the direct quotes already found. */
function reportedInUnit(doc: QuoteDoc, u: Span, state: RulePassState): void {
  const local = overlapping(doc.quotations, u.start, u.end);
  const localDirect = overlapping(state.direct, u.start, u.end);
  const toks = tokenizeSpan(doc.text, u.start, u.end).filter((t) => !insideAny(localDirect, t.start));
  for (let k = 0; k < toks.length; k++) {
    const found = draftAt(doc, toks, k, state.consumed, local);
    if (!found) continue;
    const draft = found.result;
    if (state.drafts.some((d) => d.start < draft.end && draft.start < d.end)) continue;
    doc.trace?.add(found.rule);
    draft.via = [viaRule(found.rule)];
    draft.paragraph = paragraphAt(doc.paragraphs, draft.start);
    state.drafts.push(draft);
    state.consumed.push({ start: draft.cue!.start, end: draft.cue!.end });
    if (draft.speakerSpan) state.consumed.push(draft.speakerSpan);
    k = toks.findIndex((x) => x.start >= draft.cue!.end) - 1;
    if (k < 0) break;
  }
}

/** Indirect and mixed quotes: reporting verbs with a speaker and a reported clause. */
export function addReportedSpeech(doc: QuoteDoc, units: readonly Span[], state: RulePassState): void {
  for (const u of units) reportedInUnit(doc, u, state);
}
