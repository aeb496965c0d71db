// Attribution around a quotation: the rules of the families that read what follows a closing mark
// ("…,” X said", "…,” said X", "…,” according to X", "“…” ― X") or what precedes an opening one
// ("X said: “…”"). The first rule that applies wins; its id is the quote's provenance.
import {
  CUE_ADJUNCT_PREPOSITIONS,
  OBJECT_BEFORE_QUOTE_VERBS,
  isCueVerb,
  isGerundCue,
} from '../lexicon/index.js';
import type { Attribution, QuoteDoc } from './draft.js';
import { cueSpan } from './phrases.js';
import { accordingToAfterQuotation } from './rules/according-to.js';
import { invertedAfterQuotation } from './rules/inverted.js';
import { dashByline, type TrailSite } from './rules/quotation-marks.js';
import { firstMatch, type Matched, type Rule } from './rules/rule.js';
import {
  gerundBeforeQuotation,
  interruptedSubjectBeforeQuotation,
  nameAppositionCueAfterQuotation,
  speakerCueAfterQuotation,
  speakerCueBeforeQuotation,
  strayCommaNameBeforeQuotation,
  type LeadSite,
  type LeadSpeaker,
} from './rules/speaker-before-cue.js';
import { isCap, lowerAt, spanOf, type Tok } from './tokens.js';

// Built on first use: the rule modules import the content finder, which imports this module.
let trailing: readonly Rule<TrailSite, Attribution>[] | undefined;
let leading: readonly Rule<LeadSite, LeadSpeaker>[] | undefined;

/** Rules for the words after a closing mark, in the order they are tried. */
export function trailingRules(): readonly Rule<TrailSite, Attribution>[] {
  return (trailing ??= [
    dashByline,
    invertedAfterQuotation,
    accordingToAfterQuotation,
    speakerCueAfterQuotation,
    nameAppositionCueAfterQuotation,
  ]);
}

/** Rules for the speaker of a cue before an opening mark, in the order they are tried. */
export function leadingRules(): readonly Rule<LeadSite, LeadSpeaker>[] {
  return (leading ??= [
    speakerCueBeforeQuotation,
    interruptedSubjectBeforeQuotation,
    strayCommaNameBeforeQuotation,
    gerundBeforeQuotation,
  ]);
}

/** The attribution right after a quotation (tokens from its closing mark on), or null. */
export function trailingAttribution(doc: QuoteDoc, toks: Tok[]): Matched<Attribution> | null {
  let i = 0;
  while (i < toks.length && /^[,—–-]$/.test(toks[i]!.text)) i++;
  if (i >= toks.length) return null;
  return firstMatch(trailingRules(), { doc, toks, i });
}

/**
 * Whether the cue verb `back` tokens before the end `k` of the lead may introduce the quotation: right
 * before the colon or comma, with a short adjunct ("said in a statement:"), or with its addressee
 * ("told reporters:").
 */
function introducesQuotation(toks: readonly Tok[], c: number, k: number): boolean {
  const back = k - c;
  if (back === 0 || OBJECT_BEFORE_QUOTE_VERBS.has(toks[c]!.lower)) return true;
  return (
    back <= 6 &&
    CUE_ADJUNCT_PREPOSITIONS.has(lowerAt(toks, c + 1)) &&
    !toks.slice(c + 1, k + 1).some((x) => isCueVerb(x.lower))
  );
}

/** `He said: “…”`, `Lukashenko told reporters, “…”` — the attribution in the tokens before a quotation. */
export function leadingAttribution(doc: QuoteDoc, toks: Tok[]): Matched<Attribution> | null {
  let k = toks.length - 1;
  while (k >= 0 && /^[,:—–-]$/.test(toks[k]!.text)) k--;
  if (k >= 0 && toks[k]!.lower === 'that') k--;
  for (let c = k; c >= 0 && c > k - 8; c--) {
    const t = toks[c]!;
    if (!isCueVerb(t.lower) || isCap(t) || !introducesQuotation(toks, c, k)) continue;
    const found = firstMatch(leadingRules(), { toks, c, gerund: isGerundCue(t.lower) });
    if (!found) continue;
    const speaker = found.result.speaker;
    return {
      rule: found.rule,
      result: {
        cue: cueSpan(doc.text, toks, c),
        speaker: speaker ? spanOf(toks, speaker) : null,
        next: k + 1,
      },
    };
  }
  return null;
}
