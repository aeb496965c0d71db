// Speaker phrases that are not people, organisations or descriptions of them: a fragment cut across a
// clause ("Liberal Democrat leader Charles Kennedy avoided", "He didn't", "I've"), a phrase opening with a
// preposition ("of Netcraft") or ending in one ("News of the"), a function word alone ("There", "Despite"),
// an event ("The summit"). Applied to a quote's own speaker phrase before it is resolved: the phrase is
// trimmed to the speaker in it, or, when none is left, the quote has no speaker of its own (unresolved,
// with the lower confidence of such quotes).
//
// The examples mark the speaker phrase as [[S …]] (tests/unit/quote-rules applies the rule to it).
import type { Span } from '../../../domain/schema.js';
import {
  AUXILIARIES,
  DETERMINERS,
  EVENT_NOUNS,
  FUNCTION_WORDS_ALONE,
  NEGATED_AUXILIARY,
  NOT_PAST_ED,
  PHRASE_OPENING_PREPOSITIONS,
  PRONOUN_CONTRACTION,
  PRONOUNS,
  SPEAKER_PHRASE_TAIL_WORDS,
} from '../../lexicon/index.js';
import { tokenizeSpan, type Tok } from '../tokens.js';
import type { Rule } from './rule.js';

/** A speaker phrase and its text. */
export interface SpeakerPhraseSite {
  text: string;
  span: Span;
}

/** The phrase trimmed to the speaker in it, or 'none' when it holds no speaker. */
export type SpeakerPhraseEffect = Span | 'none';
export type SpeakerPhraseRule = Rule<SpeakerPhraseSite, SpeakerPhraseEffect>;

const tokensOf = ({ text, span }: SpeakerPhraseSite): Tok[] => tokenizeSpan(text, span.start, span.end);

const isLower = (t: Tok) => /^\p{Ll}/u.test(t.text);

/** Token k is a finite verb or auxiliary that ends the subject before it. */
function isVerbAt(toks: readonly Tok[], k: number): boolean {
  const t = toks[k]!;
  if (!isLower(t)) return false;
  if (AUXILIARIES.has(t.lower) || NEGATED_AUXILIARY.test(t.lower) || /^(?:said|says|told)$/.test(t.lower))
    return true;
  // A past form ending the phrase or followed by its object ("Kennedy avoided", "attacked Labour's six");
  // before a lowercase noun it is an adjective ("a retired general").
  const next = toks[k + 1];
  return (
    /^\p{Ll}{3,}ed$/u.test(t.text) &&
    (!next || !isLower(next) || DETERMINERS.has(next.lower)) &&
    !NOT_PAST_ED.test(t.lower)
  );
}

/** A phrase with a word that can name or describe someone (not only determiners). */
const hasContent = (toks: readonly Tok[]) =>
  toks.some((t) => /^[\p{L}\p{N}]/u.test(t.text) && !DETERMINERS.has(t.lower));

export const speakerLeadingPreposition: SpeakerPhraseRule = {
  id: 'speaker-leading-preposition',
  description:
    'A speaker phrase opening with a preposition or a participle ("of Netcraft", "contradicting Tulsa police’s") is the phrase after it.',
  examples: {
    match: [
      'Mike Prettejohn [[S of Netcraft]] said the block was cheap.',
      'The statement, [[S contradicting Tulsa police’s]] account, said he had raised his hands.',
    ],
    noMatch: [
      '[[S Mike Prettejohn of Netcraft]] said the block was cheap.',
      '[[S restructuring experts]] said the block was cheap.',
    ],
  },
  apply: (site) => {
    const toks = tokensOf(site);
    const first = toks[0];
    if (!first || !isLower(first)) return null;
    // A participle clause ("contradicting Tulsa police’s"), not a gerund modifying a noun ("restructuring experts").
    const second = toks[1];
    const participle =
      /^\p{Ll}{3,}ing$/u.test(first.text) &&
      second !== undefined &&
      (!isLower(second) || DETERMINERS.has(second.lower));
    if (!participle && !PHRASE_OPENING_PREPOSITIONS.has(first.lower)) return null;
    const rest = toks.slice(1);
    return hasContent(rest) ? { start: rest[0]!.start, end: site.span.end } : 'none';
  },
};

export const speakerTrailingFunctionWord: SpeakerPhraseRule = {
  id: 'speaker-trailing-function-word',
  description: 'A speaker phrase cut off after a preposition or article ("News of the") ends before it.',
  examples: {
    match: ['[[S News of the]] deal follows a report that sales fell, analysts said.'],
    noMatch: ['[[S The owners of Yukos]] said they would repay the loan.'],
  },
  apply: (site) => {
    const toks = tokensOf(site);
    let n = toks.length;
    while (n > 0 && SPEAKER_PHRASE_TAIL_WORDS.has(toks[n - 1]!.lower) && isLower(toks[n - 1]!)) n--;
    if (n === toks.length) return null;
    return n > 0 && hasContent(toks.slice(0, n)) ? { start: site.span.start, end: toks[n - 1]!.end } : 'none';
  },
};

export const speakerCutAtVerb: SpeakerPhraseRule = {
  id: 'speaker-cut-at-verb',
  description:
    'A speaker phrase running on over a verb ("Charles Kennedy avoided", "He didn\'t", "I\'ve") is the subject before the verb.',
  examples: {
    match: [
      '[[S Liberal Democrat leader Charles Kennedy avoided]] saying anyone was playing politics.',
      "[[S I've]] been able to play 15 hours at a stretch.",
    ],
    noMatch: ['[[S A retired general]] said the plan would fail.'],
  },
  apply: (site) => {
    const toks = tokensOf(site);
    const fused = toks[0] && PRONOUN_CONTRACTION.exec(toks[0].text);
    if (fused) return { start: toks[0]!.start, end: toks[0]!.start + fused[1]!.length };
    for (let k = 1; k < toks.length; k++) {
      if (!isVerbAt(toks, k)) continue;
      const left = toks.slice(0, k);
      return hasContent(left) ? { start: site.span.start, end: left[left.length - 1]!.end } : 'none';
    }
    return null;
  },
};

export const speakerFunctionWord: SpeakerPhraseRule = {
  id: 'speaker-function-word',
  description: 'A function word alone ("There", "Despite", "Meanwhile") is no speaker.',
  examples: {
    match: ['[[S Despite]] brewing the lager, Foster’s said it would sell the brand.'],
    noMatch: ['[[S Foster’s]] said it would sell the brand.'],
  },
  apply: (site) => {
    const toks = tokensOf(site);
    return toks.length === 1 && FUNCTION_WORDS_ALONE.has(toks[0]!.lower) ? 'none' : null;
  },
};

export const speakerIsAnEvent: SpeakerPhraseRule = {
  id: 'speaker-an-event',
  description:
    'An event or an occasion ("The summit", "the meeting", "The explosion") happens but does not speak: no speaker.',
  examples: {
    match: ['[[S The summit]] agreed to streamline asylum rules.'],
    noMatch: [
      '[[S The summit’s hosts]] agreed to streamline asylum rules.',
      '[[S The section of the debate]] showed the rules were clear.',
      'They heard [[S the summit from Iraqi leader Iyad Allawi]] urge calm.',
    ],
  },
  apply: (site) => {
    const toks = tokensOf(site).filter((t) => /^[\p{L}\p{N}]/u.test(t.text));
    // The head is the last word before a prepositional phrase ("the section of the debate" → section).
    const pp = toks.findIndex((t, i) => i > 0 && PHRASE_OPENING_PREPOSITIONS.has(t.lower));
    const last = toks[(pp > 0 ? pp : toks.length) - 1];
    if (!last || !isLower(last) || PRONOUNS.has(last.lower)) return null;
    // "the summit from Iraqi leader Iyad Allawi": a name in the phrase may be who spoke.
    if (toks.slice(1).some((t) => !isLower(t))) return null;
    return EVENT_NOUNS.has(last.lower) ? 'none' : null;
  },
};

/** Applied in order, each to what the ones before left (trimmed or none). */
export const SPEAKER_PHRASE_RULES: readonly SpeakerPhraseRule[] = [
  speakerCutAtVerb,
  speakerLeadingPreposition,
  speakerTrailingFunctionWord,
  speakerFunctionWord,
  speakerIsAnEvent,
];

/** The speaker phrase after every rule (null: no speaker in it); `trace` collects the rules that applied. */
export function trimSpeakerPhrase(text: string, span: Span, trace?: Set<string>): Span | null {
  let current = span;
  for (const rule of SPEAKER_PHRASE_RULES) {
    const effect = rule.apply({ text, span: current });
    if (effect === null) continue;
    trace?.add(rule.id);
    if (effect === 'none') return null;
    current = effect;
  }
  return current;
}
