// A reporting verb in a sentence, as the reported-speech rules see it, and the subject finder they share.
import {
  ADJUNCT_STARTS,
  CLAUSE_OPENERS,
  POSSESSIVE_DETERMINERS,
  RELATIVE_PRONOUNS,
  isFiniteCue,
  isGerundCue,
  isStrongCue,
} from '../lexicon/index.js';
import { contentAfter, type Content } from './content.js';
import type { Draft, QuoteDoc } from './draft.js';
import {
  afterTimeAdjunct,
  antecedentOf,
  cueEnd,
  isNonSpeakerWord,
  npBackward,
  subjectBeforeAdverb,
  verbGroupStart,
  type Range,
} from './phrases.js';
import { isAbbrevDot, spanOf, textAt, type Tok } from './tokens.js';

/** A reporting verb (or "according to") at token k of a sentence's tokens. */
export interface CueSite {
  doc: QuoteDoc;
  toks: Tok[];
  k: number;
  t: Tok;
  /** The verb cues reported speech on its own ("said"), not only before "that" ("reported"). */
  strong: boolean;
  /** The noun phrase right before the verb (past adverbs: "Forbes, however, says"). */
  np: Range | null;
  /** The token after the cue phrase. */
  next: Tok | undefined;
}

export function cueSite(doc: QuoteDoc, toks: Tok[], k: number): CueSite {
  const t = toks[k]!;
  return {
    doc,
    toks,
    k,
    t,
    strong: isStrongCue(t.lower) || t.lower === 'went',
    np: npBackward(toks, k, 0) ?? subjectBeforeAdverb(toks, k),
    next: toks[cueEnd(toks, k)],
  };
}

/** The subject of the verb at a cue site, and the phrase a relative pronoun subject stands for. */
export interface Subject {
  np: Range;
  /** "…, Paul Smith of Safe Speed, who says …": the antecedent of "who". */
  relative: Range | null;
}

/** With no phrase before it, a coordinated verb ("… and said") or a participle ("…, adding") has no subject of its own. */
function continuesSpeaker({ toks, k, t, np }: CueSite): boolean {
  if (np) return false;
  return (k > 1 && toks[k - 1]!.lower === 'and' && isFiniteCue(t.lower)) || (isGerundCue(t.lower) && k > 0);
}

/** "Umbro, which recently lost deals with Chelsea, said …": the subject before the relative clause. */
function subjectBeforeRelativeClause(toks: readonly Tok[], before: number): Range | null {
  if (textAt(toks, before) !== ',') return null;
  for (let j = before - 1; j > 0 && j > before - 25; j--) {
    if (/^[.;:!?]$/.test(toks[j]!.text)) break;
    if (RELATIVE_PRONOUNS.has(toks[j]!.lower) && toks[j - 1]!.text === ',') return npBackward(toks, j - 1, 0);
  }
  return null;
}

/** The verb's subject: the phrase before it, past auxiliaries ("He has said") and relative clauses. */
export function subjectOf(site: CueSite): Subject | null {
  if (continuesSpeaker(site)) return null;
  const { toks, k, t, np } = site;
  const verbAt = verbGroupStart(toks, k);
  let speakerNp = np ?? (verbAt < k && !isGerundCue(t.lower) ? npBackward(toks, verbAt, 0) : null);
  const before = speakerNp ? speakerNp[0] - 1 : verbAt - 1;
  speakerNp = subjectBeforeRelativeClause(toks, before) ?? speakerNp;
  if (!speakerNp) return null;
  const oneWord = speakerNp[1] - speakerNp[0] === 1 ? toks[speakerNp[0]]! : null;
  // No speaker: an article ("The think tank's proposals …"), a possessive ("his reported views": an
  // adjective, not a cue), an opening participle ("Addressing claims …, X said").
  if (oneWord && (isNonSpeakerWord(oneWord.text) || POSSESSIVE_DETERMINERS.has(oneWord.lower))) return null;
  return { np: speakerNp, relative: oneWord?.lower === 'who' ? antecedentOf(toks, speakerNp[0]) : null };
}

/** A relative pronoun speaker keeps its mention; the draft records the phrase it stands for. */
export function withAntecedent({ toks }: CueSite, subject: Subject, draft: Draft): Draft {
  return subject.relative ? { ...draft, antecedent: spanOf(toks, subject.relative) } : draft;
}

/** Whether the verb at the site ends its clause: "…, X said." / "…, X stated at a news conference". */
export function clauseEndsAtCue({ toks, k, t, strong, next }: CueSite): boolean {
  const clauseEnds = !next || /^[.,;!?)]$/.test(next.text) || ADJUNCT_STARTS.has(next.lower);
  // Clause-final, a past-tense cue is a verb even when its base is also a noun ("…, the agency reported.").
  const closing = toks[afterCueAdjunct(toks, k)];
  const trailingCue = strong || (/ed$/.test(t.lower) && (!closing || /^[.,;!?]$/.test(closing.text)));
  return trailingCue && next?.lower !== 'that' && clauseEnds;
}

function afterCueAdjunct(toks: readonly Tok[], k: number): number {
  return afterTimeAdjunct(toks, cueEnd(toks, k));
}

/** The speaker phrase opens its clause (after punctuation or a conjunction), as a leading subject must. */
function opensClause(toks: readonly Tok[], s: number): boolean {
  if (s === 0) return true;
  const before = toks[s - 1]!.text;
  if (/^[,;:(—–"”]$/.test(before) || (/^[.!?]$/.test(before) && !isAbbrevDot(toks, s - 1))) return true;
  return CLAUSE_OPENERS.has(before.toLowerCase());
}

/** Subject and reported clause of a leading attribution ("He added that …"), or null. */
export function leadingContent(site: CueSite): { subject: Subject; content: Content } | null {
  const subject = subjectOf(site);
  if (!subject || !opensClause(site.toks, subject.np[0])) return null;
  if (!site.strong && site.next?.lower !== 'that') return null;
  const content = contentAfter(site.doc, site.toks, site.k, !site.strong);
  return content ? { subject, content } : null;
}
