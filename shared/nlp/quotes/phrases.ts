// Phrase finders the quote rules share: speaker noun phrases before and after a cue, the cue phrase
// itself, relative-pronoun antecedents, verb groups and time adjuncts. Token indices throughout.
import type { TextSpan } from '../../domain/schema.js';
import {
  ADJUNCT_STARTS,
  ARTICLES,
  NOUN_PHRASE_INNER,
  NOUN_PHRASE_STOPS,
  PARENTHETICAL_ADVERBS,
  POINT_FORMS,
  PREPOSITIONS_BEFORE_NAME,
  PRONOUNS,
  SPEAKER_CUE_BETWEEN,
  SPEAKER_PHRASE_DETERMINERS,
  TELL_FORMS,
  TELL_OBJECTS,
  TIME_ADVERBS,
  TIME_PHRASE_STARTS,
  TIME_WORDS,
  VERB_GROUP_WORDS,
  isCueVerb,
  isStrongCue,
} from '../lexicon/index.js';
import { isAbbrevDot, isCap, isWord, lowerAt, spanText, textAt, type Tok } from './tokens.js';

/** Token range [start, end). */
export type Range = [number, number];

/**
 * A phrase of lowercase words only must be a description ("the source") or a bare plural ("officials");
 * with a capital it may be anything name-like.
 */
function isSpeakerLike(toks: readonly Tok[], s: number, e: number): boolean {
  const words = toks.slice(s, e);
  return (
    words.some(isCap) ||
    SPEAKER_PHRASE_DETERMINERS.has(words[0]!.lower) ||
    /s$/.test(words[words.length - 1]!.lower)
  );
}

/** Skips adverbs and auxiliaries and a parenthesis ("Sen. Claire McCaskill (D-Mo.) said") left of `end`. */
function lastSpeakerToken(toks: readonly Tok[], end: number, limit: number): number {
  let i = end - 1;
  while (i >= limit && SPEAKER_CUE_BETWEEN.has(toks[i]!.lower)) i--;
  if (i >= limit && toks[i]!.text === ')') {
    let j = i - 1;
    while (j >= limit && j > i - 10 && toks[j]!.text !== '(') j--;
    if (j >= limit && toks[j]!.text === '(') i = j - 1;
  }
  return i;
}

/** Whether token j (scanning left from the phrase's last token i) still belongs to the phrase. */
function continuesBackward(toks: readonly Tok[], j: number, i: number, limit: number): boolean {
  const t = toks[j]!;
  // (A noun that is also a cue may head the phrase: "the World Bank report said".)
  const nounHead = j === i && !isStrongCue(t.lower);
  if (isWord(t) && !NOUN_PHRASE_STOPS.has(t.lower) && (nounHead || !(isCueVerb(t.lower) && !isCap(t))))
    return true;
  return (
    isAbbrevDot(toks, j) ||
    ((t.lower === "'s" || t.lower === '’s' || t.text === '-' || t.text === '&') && j > limit)
  );
}

/** Speaker noun phrase ending right before toks[end] (exclusive), scanning left. Null if none. */
export function npBackward(toks: readonly Tok[], end: number, limit: number): Range | null {
  const i = lastSpeakerToken(toks, end, limit);
  const npEnd = i + 1;
  if (i < limit) return null;
  if (PRONOUNS.has(toks[i]!.lower) || toks[i]!.lower === 'it') return [i, npEnd];
  let j = i;
  while (j >= limit && continuesBackward(toks, j, i, limit)) j--;
  let s = j + 1;
  // Prepositions cannot start the phrase.
  while (s < npEnd && NOUN_PHRASE_INNER.has(toks[s]!.lower)) s++;
  if (s >= npEnd || npEnd - s > 9) return null;
  if (!isSpeakerLike(toks, s, npEnd)) return null;
  if (NOUN_PHRASE_INNER.has(toks[npEnd - 1]!.lower)) return null;
  return [s, npEnd];
}

/** Whether token j (scanning right from `start`) still belongs to the phrase. */
function continuesForward(toks: readonly Tok[], j: number, start: number, limit: number): boolean {
  const t = toks[j]!;
  if (isWord(t) && !NOUN_PHRASE_STOPS.has(t.lower) && !ADJUNCT_STARTS.has(t.lower)) return true;
  const nextCap = j + 1 < limit && isCap(toks[j + 1]);
  // "Bank of England", "director of the FBI".
  if (
    NOUN_PHRASE_INNER.has(t.lower) &&
    j > start &&
    (nextCap || (j + 1 < limit && SPEAKER_PHRASE_DETERMINERS.has(toks[j + 1]!.lower)))
  )
    return true;
  if (isAbbrevDot(toks, j) && nextCap) return true;
  // A plural possessive: "Sky Networks' Sophie Turner Laing".
  return /^['’]$/.test(t.text) && j > start && /s$/.test(toks[j - 1]!.text) && nextCap;
}

/** Speaker noun phrase starting at toks[start] (inverted "said Lukashenko", "according to X"). */
export function npForward(toks: readonly Tok[], start: number, limit: number): Range | null {
  if (start >= limit) return null;
  if (PRONOUNS.has(toks[start]!.lower)) return [start, start + 1];
  let j = start;
  while (j < limit && continuesForward(toks, j, start, limit)) j++;
  while (j > start && NOUN_PHRASE_INNER.has(toks[j - 1]!.lower)) j--;
  if (j === start || j - start > 9) return null;
  return isSpeakerLike(toks, start, j) ? [start, j] : null;
}

/**
 * The subject before a relative clause or apposition that ends right before the verb at `c`:
 * "Ms Dunwoody, who chairs the committee, says: …", "Mr Reed, a spokesman for the ministry, said: …".
 */
export function subjectBeforeInterruption(toks: readonly Tok[], c: number): Range | null {
  if (textAt(toks, c - 1) !== ',') return null;
  for (let j = c - 2; j > 0 && j > c - 25; j--) {
    const t = toks[j]!;
    if (/^[.;:!?"“”]$/.test(t.text)) return null;
    if (t.text !== ',') continue;
    const subject = npBackward(toks, j, 0);
    // The interruption must open with a relative pronoun or a determiner/lowercase noun phrase.
    const opener = toks[j + 1];
    if (!subject || !opener || !/^(who|which|a|an|the|whose)$/i.test(opener.text)) return null;
    return subject;
  }
  return null;
}

/** A name set off from its verb by a stray comma: "Gov. John Kasich (R-OH), said, “…”". */
export function nameBeforeStrayComma(toks: readonly Tok[], c: number): Range | null {
  if (textAt(toks, c - 1) !== ',') return null;
  const np = npBackward(toks, c - 1, 0);
  if (!np) return null;
  // Not the object of a preposition ("In Ohio, said, …" has no subject).
  return isCap(toks[np[0]]) &&
    isCap(toks[np[1] - 1]) &&
    !PREPOSITIONS_BEFORE_NAME.has(lowerAt(toks, np[0] - 1))
    ? np
    : null;
}

/** The subject before a parenthetical adverb: "Forbes, however, says that …". */
export function subjectBeforeAdverb(toks: readonly Tok[], k: number): Range | null {
  if (textAt(toks, k - 1) !== ',' || textAt(toks, k - 3) !== ',') return null;
  if (!PARENTHETICAL_ADVERBS.has(toks[k - 2]!.lower)) return null;
  return npBackward(toks, k - 3, 0);
}

/** A one-word phrase that is never a speaker: an article, or a sentence-opening participle ("Addressing"). */
export function isNonSpeakerWord(word: string): boolean {
  return ARTICLES.has(word.toLowerCase()) || /^\p{Lu}\p{Ll}+ing$/u.test(word);
}

/** The noun phrase a relative pronoun at toks[w] stands for: "Gwyneth Dunwoody" in "…, Gwyneth Dunwoody, who …". */
export function antecedentOf(toks: readonly Tok[], w: number): Range | null {
  // Set off by a comma or a dash: "Gerry Conlon - who was wrongly convicted - said".
  return w > 1 && /^[,—–-]$/.test(toks[w - 1]!.text) ? npBackward(toks, w - 1, 0) : null;
}

/** Where the verb group of the verb at `k` starts, past auxiliaries and adverbs ("has repeatedly warned"). */
export function verbGroupStart(toks: readonly Tok[], k: number): number {
  let verbAt = k;
  while (verbAt > 1 && VERB_GROUP_WORDS.has(toks[verbAt - 1]!.lower)) verbAt--;
  return verbAt;
}

/** Past a time adjunct at token `c`: "said on Thursday (that) …", "said yesterday …", "reported last week." */
export function afterTimeAdjunct(toks: readonly Tok[], c: number): number {
  if (TIME_ADVERBS.has(lowerAt(toks, c))) return c + 1;
  if (TIME_PHRASE_STARTS.has(lowerAt(toks, c)) && TIME_WORDS.has(lowerAt(toks, c + 1))) {
    c += 2;
    // "on Wednesday night", "last Friday morning".
    while (TIME_WORDS.has(lowerAt(toks, c))) c++;
  }
  return c;
}

/** End of the cue phrase at token k: "said", "went on to say", "told reporters", "pointed out". */
export function cueEnd(toks: readonly Tok[], k: number): number {
  const l = toks[k]!.lower;
  const n1 = lowerAt(toks, k + 1);
  if (l === 'went' && n1 === 'on')
    return lowerAt(toks, k + 2) === 'to' && isWord(toks[k + 3]) ? k + 4 : k + 2;
  if (POINT_FORMS.has(l) && n1 === 'out') return k + 2;
  if (TELL_FORMS.has(l)) {
    const rest = toks
      .slice(k + 1, k + 4)
      .map((t) => t.text)
      .join(' ');
    const m = TELL_OBJECTS.exec(rest);
    if (m) return k + 1 + m[0].split(' ').length;
  }
  return k + 1;
}

/** The cue phrase at token k. */
export function cueSpan(text: string, toks: readonly Tok[], k: number): TextSpan {
  return spanText(text, toks[k]!.start, toks[cueEnd(toks, k) - 1]!.end);
}
