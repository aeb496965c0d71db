// The reported clause after a reporting verb: "said (on Thursday) (that) …", "told the BBC that …",
// up to the sentence end or the next attribution.
import {
  ADDRESSEE_VERBS,
  ADJUNCT_STARTS,
  AUXILIARIES,
  OBJECT_PRONOUNS,
  PRONOUNS,
  SUBJECT_PRONOUNS,
  TELL_FORMS,
  THAT_AS_SUBJECT,
  isFiniteCue,
  isGerundCue,
} from '../lexicon/index.js';
import { trailingAttribution } from './attribution.js';
import type { QuoteDoc } from './draft.js';
import { afterTimeAdjunct, cueEnd } from './phrases.js';
import { isAbbrevDot, isInside, lowerAt, textAt, type Tok } from './tokens.js';

export interface Content {
  start: number;
  end: number;
  mixed: boolean;
  /** Token index where the clause stopped. */
  stop: number;
}

/** "that" within reach after the cue ("said on Thursday that", "told the BBC that"), or -1. */
function thatWithinReach(toks: readonly Tok[], k: number, c: number): number {
  // The addressee of "told" can be long: "told one of his young protégés on a regular basis that".
  const reach = ADDRESSEE_VERBS.has(toks[k]!.lower) ? 16 : 8;
  for (let j = c; j < Math.min(toks.length, c + reach); j++) {
    if (toks[j]!.lower === 'that' && (toks[j - 1] === undefined || toks[j - 1]!.text !== ',')) return j;
    if (/^[.;!?]$/.test(toks[j]!.text)) break;
  }
  return -1;
}

/** Where the reported clause starts after the cue at k (past "that", time adjuncts, the addressee), or -1. */
function clauseAfterCue(toks: readonly Tok[], k: number, strict: boolean): number {
  const c = afterTimeAdjunct(toks, cueEnd(toks, k));
  // "say that will not happen": a verb right after "that" makes it the clause's subject, not a conjunction.
  if (lowerAt(toks, c) === 'that') return THAT_AS_SUBJECT.has(lowerAt(toks, c + 1)) ? c : c + 1;
  const found = thatWithinReach(toks, k, c);
  if (found >= 0 && (ADJUNCT_STARTS.has(lowerAt(toks, c)) || ADDRESSEE_VERBS.has(toks[k]!.lower)))
    return found + 1;
  if (strict) return -1;
  if (ADJUNCT_STARTS.has(lowerAt(toks, c)) || textAt(toks, c) === ',' || textAt(toks, c) === '.') return -1;
  return TELL_FORMS.has(toks[k]!.lower) ? pastAddressee(toks, c) : c;
}

/**
 * After "told" with no "that", what follows starts with the addressee: the clause opens at the next
 * subject pronoun ("told the BBC he would stay"), after an object pronoun ("told him the plan …"), or
 * where it did when a verb follows; nothing is reported when only the addressee does ("told French
 * television station BFMTV.").
 */
function pastAddressee(toks: readonly Tok[], c: number): number {
  if (OBJECT_PRONOUNS.has(lowerAt(toks, c))) return c + 1;
  let verb = false;
  for (let j = c; j < Math.min(toks.length, c + 12); j++) {
    const t = toks[j]!;
    if (/^[.;!?:]$/.test(t.text) && !isAbbrevDot(toks, j)) break;
    if (j > c && SUBJECT_PRONOUNS.has(t.lower) && !/^\p{Lu}/u.test(t.text.slice(1))) return j;
    if (AUXILIARIES.has(t.lower) || /^\p{Ll}+ed$/u.test(t.text)) verb = true;
  }
  return verb ? c : -1;
}

/** "told the Reuters news agency: “…”" introduces a direct quote, not reported content. */
function introducesQuotation(text: string, toks: readonly Tok[], c: number): boolean {
  for (let j = c; j < Math.min(toks.length, c + 8); j++) {
    if (/^[.;!?]$/.test(toks[j]!.text)) break;
    if (toks[j]!.text === ':' && /^\s*["“«„']/.test(text.slice(toks[j]!.end, toks[j]!.end + 3))) return true;
  }
  return false;
}

/** A coordinated reporting verb starts a new attribution: "… and said a curfew would …", "… and he noted that …". */
function coordinatedCueAt(toks: readonly Tok[], e: number): boolean {
  return (
    isFiniteCue(lowerAt(toks, e + 1)) ||
    (PRONOUNS.has(lowerAt(toks, e + 1)) && isFiniteCue(lowerAt(toks, e + 2)))
  );
}

/** Whether the reported clause stops at token e; returns the stop index (e, or e + 1 past a closing mark). */
function clauseStopAt(doc: QuoteDoc, toks: readonly Tok[], c: number, e: number): number | null {
  const t = toks[e]!;
  if (/^[.;!?]$/.test(t.text) && !isAbbrevDot(toks, e) && !isInside(doc.quotations, t.start)) return e;
  // ", adding: …" starts a new attribution.
  if (t.text === ',' && toks[e + 1] && isGerundCue(toks[e + 1]!.lower)) return e;
  if (t.lower === 'and' && e > c + 2 && coordinatedCueAt(toks, e)) return e;
  // A trailing attribution of a quoted fragment ends the clause: "…,” the president went on to say.
  if (t.text === ',' || /^[”"»’]$/.test(t.text)) {
    const attr = trailingAttribution(doc, toks.slice(e + 1, e + 12));
    if (attr?.result.speaker) return /^[”"»’]$/.test(t.text) ? e + 1 : e;
  }
  return null;
}

/** Reported clause after the cue at toks[k]: skips "that", the addressee of "told", short adjuncts before "that". */
export function contentAfter(doc: QuoteDoc, toks: readonly Tok[], k: number, strict = false): Content | null {
  const c = clauseAfterCue(toks, k, strict);
  if (c < 0 || c >= toks.length || introducesQuotation(doc.text, toks, c)) return null;
  let e = c;
  for (; e < toks.length; e++) {
    const stop = clauseStopAt(doc, toks, c, e);
    if (stop !== null) {
      e = stop;
      break;
    }
  }
  while (e > c && /^[,—–-]$/.test(toks[e - 1]!.text)) e--;
  if (e - c < 3) return null;
  const start = toks[c]!.start;
  let end = toks[e - 1]!.end;
  // A clause ending inside a quoted fragment keeps its closing mark.
  const q = doc.quotations.find((x) => x.start < end && end < x.end);
  if (q) end = q.end;
  const mixed = doc.quotations.some((x) => x.start >= start && x.start < end);
  return { start, end, mixed, stop: e };
}
