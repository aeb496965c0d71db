// Who a lone quotation belongs to — a quotation with no reporting verb next to it that the attribution
// rules recognise. Its own sentence comes first: a name after it ("…?” Vitter demanded.", "…,” Senate
// Majority Leader Mitch McConnell, R-Ky., said Tuesday.") or the subject of the clause that introduces it
// ("President Obama is rolling out a new message: “…”"). Only when its sentence names nobody does it
// continue the speaker of the quote before (resolve.ts, newsroom convention).
import type { Span } from '../../../domain/schema.js';
import {
  ADJUNCT_STARTS,
  AUXILIARIES,
  CLAUSE_OPENERS,
  DETERMINERS,
  PASSIVE_BE,
  POSSESSIVE_DETERMINERS,
  PREPOSITIONS_BEFORE_NAME,
  PRONOUNS,
  SPEAKER_CUE_BETWEEN,
  SPEAKER_PHRASE_DETERMINERS,
  VERB_GROUP_WORDS,
  isCueVerb,
  isGerundCue,
  wordCueClass,
} from '../../lexicon/index.js';
import type { Draft, QuoteDoc } from '../draft.js';
import { firstHolding, quotationWordsAt } from '../span-index.js';
import { antecedentOf, npBackward, npForward, subjectBeforeInterruption, type Range } from '../phrases.js';
import { isAbbrevDot, isCap, isWord, lowerAt, spanOf, textAt, type Tok } from '../tokens.js';
import type { Rule } from './rule.js';

/** Who speaks a lone quotation, as its own sentence names them ("who", with its antecedent, for a relative pronoun). */
export interface OwnSpeaker {
  speaker: Span;
  antecedent?: Span;
  /** A cue closing the sentence the quotation runs on into: the quote is mixed, up to `contentEnd`. */
  runOn?: { cue: Span; contentEnd: number };
}

/** A lone quotation's own sentence: the words before its opening mark and after its closing mark. */
export interface OwnSentenceSite {
  doc: QuoteDoc;
  /** Tokens from the sentence start (or the previous quotation) to the opening mark. */
  lead: Tok[];
  /** Tokens from the closing mark to the sentence end (or the next quotation). */
  trail: Tok[];
  /**
   * The quotation ends its sentence ("…here.” Senator Portman said."): the trail is the next sentence,
   * which names the quotation's speaker less surely than a lead that introduces it.
   */
  trailIsNextSentence?: boolean;
  /**
   * The quotation opens its sentence right after another quotation of its paragraph ("“A,” she said.
   * “B.”"): it continues that quotation, whatever the next sentence says.
   */
  followsQuotation?: boolean;
  /** For a quotation that follows another: the rest of that quotation's sentence ("…,” said X, a farmer.). */
  attributionBefore?: Tok[] | null;
}

/** A reporting verb or any verb the cue classes list ("demanded", "insisted", "hoped"). */
const isReportingWord = (t: Tok | undefined): boolean =>
  t !== undefined && !isCap(t) && (isCueVerb(t.lower) || wordCueClass(t.lower) !== null);

/** A finite verb group after a subject: past adverbs ("still", "recently"), an auxiliary, an -ed/-s form or a reporting verb. */
function verbAt(toks: readonly Tok[], i: number): boolean {
  // An auxiliary right after the subject is its verb group ("I had to change"), whatever follows it.
  if (AUXILIARIES.has(lowerAt(toks, i)) && !isCap(toks[i])) return true;
  let j = i;
  while (j < i + 2 && (SPEAKER_CUE_BETWEEN.has(lowerAt(toks, j)) || /^\p{Ll}+ly$/u.test(textAt(toks, j))))
    j++;
  const t = toks[j];
  // Not a noun after its determiner ("the plan", "a chorus").
  if (!t || !isWord(t) || isCap(t) || PREPOSITIONS_BEFORE_NAME.has(t.lower)) return false;
  if (DETERMINERS.has(lowerAt(toks, j - 1))) return false;
  // An -s form is a verb after a name ("Blige sings"), not after a determiner ("a chorus").
  const afterName = isCap(toks[i - 1]) && !DETERMINERS.has(lowerAt(toks, i - 1));
  return (
    AUXILIARIES.has(t.lower) ||
    lowerAt(toks, j + 1) === 'back' ||
    /\p{Ll}ed$/u.test(t.text) ||
    (afterName && /\p{Ll}s$/u.test(t.text)) ||
    isReportingWord(t)
  );
}

/** Past a parenthesis ("(R-Ohio)") and an apposition set off by commas ("…, an oversight panel member,"). */
function pastInterruptions(toks: readonly Tok[], i: number): number {
  if (textAt(toks, i) === '(') {
    const close = toks.findIndex((t, j) => j > i && j < i + 10 && t.text === ')');
    if (close > i) i = close + 1;
  }
  if (textAt(toks, i) !== ',') return i;
  const next = toks.findIndex((t, j) => j > i && j < i + 16 && t.text === ',');
  return next > i ? next + 1 : i;
}

/**
 * A name (a run of capitalised words and initials: "Senate Majority Leader Mitch McConnell") or a personal
 * pronoun at token i; a possessive name takes the noun it owns ("Scott's niece").
 */
function nameOrPronounAt(toks: readonly Tok[], i: number): Range | null {
  if (PRONOUNS.has(lowerAt(toks, i))) return [i, i + 1];
  // A sentence-initial determiner before a common noun ("The plan was …") is no name; "The Times" is.
  if (DETERMINERS.has(lowerAt(toks, i)) && !isCap(toks[i + 1])) return null;
  let j = i;
  while (j < toks.length && (isCap(toks[j]) || (j > i && isAbbrevDot(toks, j)))) j++;
  if (j > i && /['’]s$/.test(textAt(toks, j - 1)) && isWord(toks[j]) && !verbAt(toks, j)) j++;
  return j > i ? [i, j] : null;
}

/**
 * A description set off from the name it describes, then a verb: "the White House spokesman, Josh
 * Earnest, said" — the name speaks. The description opens with a determiner or a capitalised word and
 * holds no verb; the name is capitalised and a reporting verb follows it.
 */
function nameAfterDescription(trail: readonly Tok[], i: number): Range | null {
  const comma = trail.findIndex((t, k) => k > i && k < i + 9 && t.text === ',');
  if (comma < 0 || !(DETERMINERS.has(lowerAt(trail, i)) || isCap(trail[i]))) return null;
  const description = trail.slice(i, comma);
  if (description.some((t) => !isWord(t) || isReportingWord(t) || AUXILIARIES.has(t.lower))) return null;
  const name = nameOrPronounAt(trail, comma + 1);
  if (!name || PRONOUNS.has(lowerAt(trail, name[0])) || textAt(trail, name[1]) !== ',') return null;
  // A reporting verb, not any verb: "The plan, Project Delta, was approved" says nothing.
  const v = name[1] + 1;
  return verbAt(trail, v) && (isReportingWord(trail[v]) || isReportingWord(trail[v + 1])) ? name : null;
}

/** A name the phrase finder stops inside ("French President FranÃ§ois Hollande said"): back from the verb. */
function nameBackFromVerb(trail: readonly Tok[], i: number): Range | null {
  const verb = trail.findIndex((t, k) => k > i && k < i + 10 && isReportingWord(t));
  const before = verb > 0 ? npBackward(trail, verb, i) : null;
  if (!before || !isCap(trail[before[0]])) return null;
  // Not a determiner alone before a noun that is also a cue ("The plan was …").
  if (DETERMINERS.has(lowerAt(trail, before[1] - 1))) return null;
  return trail.slice(i, verb).every((t) => isCap(t) || !isWord(t)) ? before : null;
}

/** A name (or a name after a reporting verb) and a verb opening `trail`: the quotation's speaker. */
function nameAfterQuotation(trail: readonly Tok[]): OwnSpeaker | null {
  // A verb that introduces the next quotation ("…” Kenteris's lawyer said: “…”) speaks that one.
  if (textAt(trail, trail.length - 1) === ':') return null;
  let i = 0;
  while (/^[,—–-]$/.test(textAt(trail, i))) i++;
  // Verb first: "… said 9/11 widow Terry Strada."
  if (isReportingWord(trail[i])) {
    for (let j = i + 1; j < Math.min(trail.length, i + 7); j++) {
      if (/^[.,;:!?]$/.test(trail[j]!.text)) break;
      const np = isCap(trail[j]) ? npForward(trail, j, trail.length) : null;
      if (np) return { speaker: spanOf(trail, np) };
    }
    return null;
  }
  const described = nameAfterDescription(trail, i);
  if (described) return { speaker: spanOf(trail, described) };
  const np = nameOrPronounAt(trail, i);
  const v = np ? pastInterruptions(trail, np[1]) : -1;
  // What a name owns speaks only through a reporting verb ("Scott's niece shouted", not "Ruddock's
  // assessment was").
  const owned = np !== null && /['’]s$/.test(textAt(trail, np[1] - 2));
  if (np && verbAt(trail, v) && (!owned || isReportingWord(trail[v]))) return { speaker: spanOf(trail, np) };
  const back = nameBackFromVerb(trail, i);
  return back ? { speaker: spanOf(trail, back) } : null;
}

export const nameAfterLoneQuotation: Rule<OwnSentenceSite, OwnSpeaker> = {
  id: 'name-after-lone-quotation',
  description:
    'A name and a verb closing a quotation’s own sentence speak it, set off or not: “…,” Senator Vitter demanded.',
  examples: {
    match: [
      '“Our assumption is that the veto will be overridden,” Senate Majority Leader Mitch McConnell, R-Ky., said Tuesday.',
      '“We will never stop,” insisted 9/11 widow Terry Strada.',
      '“We will act soon,” the White House spokesman, Josh Earnest, told reporters.',
    ],
    noMatch: [
      '“Why is this not proof enough?” The hearing went on for hours.',
      '“He is a young man with a big future.” Ruddock’s assessment was shared by the coach.',
      '“The same goes for Thanou.” Kenteris’s lawyer, Gregory Ioannidis, said: “The decision exonerates him.”',
      '“We will act soon.” The plan, Project Delta, was approved in May.',
    ],
  },
  apply: ({ trail, trailIsNextSentence }) => (trailIsNextSentence ? null : nameAfterQuotation(trail)),
};

export const cueClosingQuotationSentence: Rule<OwnSentenceSite, OwnSpeaker> = {
  id: 'cue-closing-quotation-sentence',
  description:
    'A name or pronoun and a reporting verb closing the sentence a quotation runs on into speak it, the run-on words included (a mixed quote): “…” for criminal behavior, she said.',
  examples: {
    // A run-on clause the rules report on their own joins the quotation earlier (quotation-runs-on-to-attribution).
    match: ['“The only way Wall Street will change is jail time” for sure, she said.'],
    noMatch: [
      '“The only way Wall Street will change is jail time” for criminal behavior, she left the room.',
      '“We are seeing real people now.” But providers need to do more, he said.',
    ],
  },
  apply: ({ doc, trail }) => {
    // Only a quotation that does not end its own sentence runs on ("…at home.” But …, he said." does not).
    const first = trail[0];
    if (!first || /[.!?]['"”’]?\s*$/.test(doc.text.slice(Math.max(0, first.start - 3), first.start)))
      return null;
    let end = trail.length;
    if (/^[.!?]$/.test(textAt(trail, end - 1))) end--;
    // The last clause: a comma, the speaker, the verb and at most two words ("said Tuesday").
    const comma = trail.findLastIndex((t, k) => k < end && t.text === ',');
    if (comma < 1 || end - comma > 8) return null;
    const np = nameOrPronounAt(trail, comma + 1);
    if (!np || !isReportingWord(trail[np[1]]) || end - np[1] > 3) return null;
    if (!trail.slice(np[1] + 1, end).every((t) => isWord(t) && !isReportingWord(t))) return null;
    // The words the quotation runs on into are part of what was said (a mixed quote).
    const runOn = isWord(trail[0])
      ? { cue: spanOf(trail, [np[1], np[1] + 1]), contentEnd: trail[comma - 1]!.end }
      : undefined;
    return { speaker: spanOf(trail, np), ...(runOn ? { runOn } : {}) };
  },
};

/** A verb form after a quotation: a reporting word, or a lowercase past (-ed) or present (-s) form ("begins"). */
const isVerbForm = (t: Tok | undefined): boolean =>
  isReportingWord(t) || (t !== undefined && isWord(t) && !isCap(t) && /\p{Ll}{2}(?:ed|s)$/u.test(t.text));

/**
 * A description opening the trail up to its reporting verb: "the Florida senator and Republican candidate
 * said", "an angry Hollande retaliated", "an intelligence source, who was not authorized to speak, said".
 */
function descriptionBeforeVerb(trail: readonly Tok[], i: number): Range | null {
  const opener = lowerAt(trail, i);
  if (
    !SPEAKER_PHRASE_DETERMINERS.has(opener) &&
    !DETERMINERS.has(opener) &&
    !POSSESSIVE_DETERMINERS.has(opener)
  )
    return null;
  for (let j = i + 1; j < Math.min(trail.length, i + 10); j++) {
    const t = trail[j]!;
    if (isReportingWord(t) || (j > i + 1 && !isCap(t) && /\p{Ll}{2}ed$/u.test(t.text) && isVerbEnd(trail, j)))
      return withoutAdverbs(trail, i, j);
    // An apposition or relative clause set off by commas ("an intelligence source, who …, said").
    if (t.text === ',') {
      const past = pastInterruptions(trail, j);
      if (past > j && isReportingWord(trail[past])) return [i, j];
      // A comma between adjectives ("the bespectacled, 71-year-old diplomat").
      if (!isWord(trail[j + 1])) return null;
      continue;
    }
    if (!isWord(t) && !/^[-&'’]|['’]s$/.test(t.text) && !isAbbrevDot(trail, j)) return null;
    if (PRONOUNS.has(t.lower) || AUXILIARIES.has(t.lower)) return null;
  }
  return null;
}

/** The phrase [i, j) without the adverbs closing it ("my father often" → "my father"). */
function withoutAdverbs(toks: readonly Tok[], i: number, j: number): Range {
  let end = j;
  while (
    end > i + 1 &&
    (VERB_GROUP_WORDS.has(lowerAt(toks, end - 1)) || /^\p{Ll}+ly$/u.test(textAt(toks, end - 1)))
  )
    end--;
  return [i, end];
}

/** The verb at j ends the clause or is followed by an adverbial, not a noun it modifies. */
const isVerbEnd = (toks: readonly Tok[], j: number): boolean => {
  const next = toks[j + 1];
  return !next || !isWord(next) || PREPOSITIONS_BEFORE_NAME.has(next.lower) || ADJUNCT_STARTS.has(next.lower);
};

/** Whether the quotation before `trail` closes with a comma inside its marks ("…,” she said"). */
const closedByComma = (doc: QuoteDoc, trail: readonly Tok[]): boolean => {
  const first = trail[0];
  return first !== undefined && /,['"”’]{1,2}\s*$/.test(doc.text.slice(first.start - 4, first.start));
};

/**
 * A reporting verb after a name and what describes it: appositions set off by commas ("Cecelia Purner,
 * 67, a retired representative in Allentown, Pa., said") or an "of" phrase ("Jeffrey Lewis of the James
 * Martin Center for Nonproliferation Studies wrote"). Its index, or -1.
 */
function reportingVerbAfterName(trail: readonly Tok[], from: number): number {
  let ofPhrase = true;
  for (let k = from; k < Math.min(trail.length, from + 30); k++) {
    const t = trail[k]!;
    if (isReportingWord(t)) return ofPhrase || textAt(trail, k - 1) === ',' ? k : -1;
    // A sentence end, not an abbreviation's dot ("Pa.,").
    if (/^[.!?;:]$/.test(t.text) && !isAbbrevDot(trail, k) && textAt(trail, k + 1) !== ',') return -1;
    if (!(isCap(t) || /^(?:of|the|for|at|and|&)$/.test(t.lower))) ofPhrase = false;
  }
  return -1;
}

/** The speaker in the attribution after a comma-closed quotation: verb first, a description or a name. */
function speakerAfterComma(trail: readonly Tok[]): OwnSpeaker | null {
  // Verb first: "…,” begins a scripted message that …", "…,” remembered Roy Verley, …".
  if (isVerbForm(trail[0]) && !AUXILIARIES.has(lowerAt(trail, 0))) {
    const np = npForward(trail, 1, trail.length);
    return np ? { speaker: spanOf(trail, np) } : null;
  }
  const described = descriptionBeforeVerb(trail, 0);
  if (described) return { speaker: spanOf(trail, described) };
  // A name and any verb: "…,” Bennett shot a glance at the crowd."
  const name = isCap(trail[0]) ? nameOrPronounAt(trail, 0) : null;
  if (!name) return null;
  if (reportingVerbAfterName(trail, name[1]) > 0) return { speaker: spanOf(trail, name) };
  const verb = trail[pastInterruptions(trail, name[1])];
  const isVerb =
    verb !== undefined &&
    isWord(verb) &&
    !isCap(verb) &&
    !PREPOSITIONS_BEFORE_NAME.has(verb.lower) &&
    !CLAUSE_OPENERS.has(verb.lower) &&
    !DETERMINERS.has(verb.lower) &&
    !/^(?:and|or|but|nor)$/.test(verb.lower);
  return isVerb ? { speaker: spanOf(trail, name) } : null;
}

export const speakerAfterCommaQuotation: Rule<OwnSentenceSite, OwnSpeaker> = {
  id: 'speaker-after-comma-quotation',
  description:
    'A quotation closed by a comma runs on into its attribution: the name or description and the verb after it speak it, in either order: “…,” an angry Hollande retaliated.',
  examples: {
    match: [
      '“France will always be France,” an angry Hollande retaliated.',
      '“It is all free stuff,” Bennett shot a glance at the crowd.',
      '“We live in a hard world,” my father often said.',
      '“Please do not touch the protester,” begins a scripted message that precedes all rallies.',
      '“From Day One, I made climate the top priority,” the bespectacled, 71-year-old diplomat said in an interview.',
      '“I just do not think she has been truthful,” Cecelia Purner, 67, a retired representative in Allentown, Pa., said.',
    ],
    noMatch: [
      '“It is all free stuff,” Bennett and the crowd went home.',
      '“We will win the state,” the crowd in the hall was loud.',
    ],
  },
  apply: ({ doc, trail, trailIsNextSentence }) =>
    trailIsNextSentence || !closedByComma(doc, trail) ? null : speakerAfterComma(trail),
};

/** "According to Limbaugh, “…”", "Said Ellis: “…”": the name after the cue that opens the lead. */
function openingCueName(lead: readonly Tok[]): Range | null {
  const at = lowerAt(lead, 0) === 'according' && lowerAt(lead, 1) === 'to' ? 2 : -1;
  if (at > 0) return npForward(lead, at, lead.length - 1);
  if (isCap(lead[0]) && isCueVerb(lead[0]!.lower)) return npForward(lead, 1, lead.length - 1);
  return null;
}

/** Whether a verb follows the phrase ending at token i, directly or past a parenthesis or an apposition. */
function verbAfter(toks: readonly Tok[], i: number): number {
  if (verbAt(toks, i)) return i;
  const past = pastInterruptions(toks, i);
  // After an apposition any verb will do ("Steven Rosenthal, a tax lawyer, recently put it").
  const t = toks[past];
  return past !== i && isWord(t) && !isCap(t) && !PREPOSITIONS_BEFORE_NAME.has(t!.lower) ? past : -1;
}

/** Words that may open a subject: a pronoun, a determiner ("the piece", "my mother") or a capitalised word. */
function opensSubject(t: Tok | undefined): boolean {
  if (!t || !isWord(t)) return false;
  const l = t.lower;
  if (PREPOSITIONS_BEFORE_NAME.has(l) || CLAUSE_OPENERS.has(l) || ADJUNCT_STARTS.has(l) || l === 'that')
    return false;
  return PRONOUNS.has(l) || DETERMINERS.has(l) || POSSESSIVE_DETERMINERS.has(l) || isCap(t);
}

/** A participle opening an adjunct, not a subject: "Recalling that moment, …", "Speaking to the BBC, …". */
function opensAdjunct(lead: readonly Tok[], c: number): boolean {
  const next = lowerAt(lead, c + 1);
  return (
    /^\p{Lu}\p{Ll}+ing$/u.test(textAt(lead, c)) &&
    (DETERMINERS.has(next) || PREPOSITIONS_BEFORE_NAME.has(next) || ADJUNCT_STARTS.has(next))
  );
}

/** A subject starting at token c and the index of its verb: "The New York businessman says", "I laughed". */
function subjectAt(lead: readonly Tok[], c: number, end: number): { np: Range; verb: number } | null {
  if (!opensSubject(lead[c]) || opensAdjunct(lead, c)) return null;
  if (PRONOUNS.has(lowerAt(lead, c))) {
    const verb = verbAfter(lead, c + 1);
    return verb > 0 ? { np: [c, c + 1], verb } : null;
  }
  for (let e = c + 1; e < Math.min(end, c + 9); e++) {
    const verb = verbAfter(lead, e);
    if (verb > 0) return { np: [c, e], verb };
    const t = lead[e]!;
    // A subject holds no pronoun and no preposition but "of" ("A chorus of prominent Republicans").
    const inner =
      t.lower === 'of' || isAbbrevDot(lead, e) || /^['’]s$/.test(t.lower) || /^[-&]$/.test(t.text);
    if (!inner && (!isWord(t) || PRONOUNS.has(t.lower) || PREPOSITIONS_BEFORE_NAME.has(t.lower))) return null;
  }
  return null;
}

/** "…, Patti LaBelle and Stevie Wonder, who joked of the museum, “…”": the relative pronoun, for its antecedent. */
function relativeSubject(lead: readonly Tok[]): number {
  for (let i = lead.length - 2; i > 0; i--) {
    if (lowerAt(lead, i) === 'who' && textAt(lead, i - 1) === ',') return i;
    if (/^[,;:]$/.test(textAt(lead, i))) return -1;
  }
  return -1;
}

/**
 * The subject of the lead's last clause: clauses start at the lead's start and after commas and dashes
 * (past an opening "as", "when" …); a clause that starts with a preposition or a participle has none.
 */
function lastSubject(lead: readonly Tok[]): Range | null {
  const end = lead.length - 1;
  let found: Range | null = null;
  let reporting: Range | null = null;
  for (let c = 0; c < end; c++) {
    if (c > 0 && !/^[,—–-]$/.test(textAt(lead, c - 1))) continue;
    // "…, that I had to change my answer:": the clause's subject follows "that".
    const opener = lowerAt(lead, c);
    const at = CLAUSE_OPENERS.has(opener) || opener === 'that' ? c + 1 : c;
    const subject = subjectAt(lead, at, end);
    if (!subject) continue;
    found = subject.np;
    if (reportsAt(lead, subject.verb)) reporting = subject.np;
    c = subject.verb; // an apposition inside the subject opens no clause
  }
  // The subject of a reporting verb ("Clinton initially said in the spring, when the story broke, “…”"),
  // else the last clause's.
  return reporting ?? found;
}

/** A reporting word in the verb group at `verb` ("said", "had said", "initially said", "shot back"). */
const reportsAt = (toks: readonly Tok[], verb: number): boolean =>
  toks.slice(verb, verb + 3).some((t) => isReportingWord(t) || t.lower === 'back');

/** A lead ending in a participle cue after a comma ("Trump walked onto the stage, chanting") without the cue. */
function withoutParticipleCue(lead: Tok[]): Tok[] {
  const last = lead[lead.length - 1];
  return last && isGerundCue(last.lower) && textAt(lead, lead.length - 2) === ',' ? lead.slice(0, -1) : lead;
}

export const subjectBeforeLoneQuotation: Rule<OwnSentenceSite, OwnSpeaker> = {
  id: 'subject-before-lone-quotation',
  description:
    'The subject of the clause that introduces a quotation with a colon, comma or dash speaks it: President Obama has a new message: “…”.',
  examples: {
    match: [
      'With the vote near, President Obama is rolling out a new and personal message: “It is about me.”',
      'According to Limbaugh, “She would have no time to say anything positive at all.”',
      'The singers included Patti LaBelle and Stevie Wonder, who joked of the museum, “It is about time.”',
      'He laughed: “It is about me.”',
      'Trump walked onto the stage, chanting “U-S-A! U-S-A!”',
      'She became so upset, and drove so erratically, that I had to change my answer: “Of course I believe it.”',
      'Recalling that moment, David Axelrod, who was chief strategist for Obama, said of Sanders: “The question is, will he do the same?”',
    ],
    noMatch: ['The plan, in short: “Build the bridge before the winter comes.”'],
  },
  apply: (site) => {
    const lead = withoutParticipleCue(site.lead);
    if (lead.length < 3 || !/^[,:—–-]$/.test(lead[lead.length - 1]!.text)) return null;
    const relative = relativeSubject(lead);
    if (relative > 0) {
      const antecedent = antecedentOf(lead, relative);
      return antecedent
        ? { speaker: spanOf(lead, [relative, relative + 1]), antecedent: spanOf(lead, antecedent) }
        : null;
    }
    const np = openingCueName(lead) ?? lastSubject(lead);
    return np ? { speaker: spanOf(lead, np) } : null;
  },
};

/** A lone quotation that opens a sentence, with the sentence before it in the same paragraph. */
export interface SentenceBeforeSite {
  /** Tokens of the sentence before, which holds no quotation. */
  before: Tok[];
}

/** The subject of the first reporting verb of a sentence: "…, Lawrence B. Cummings, called him a master …". */
function subjectOfReportingVerb(toks: readonly Tok[]): Range | null {
  // Not a passive ("is predicted to grow") and not "according to", whose name follows it.
  const k = toks.findIndex(
    (t, i) => i > 0 && isReportingWord(t) && t.lower !== 'according' && !PASSIVE_BE.has(lowerAt(toks, i - 1)),
  );
  if (k < 0) return null;
  let end = k;
  const between = (t: string) =>
    SPEAKER_CUE_BETWEEN.has(t) || AUXILIARIES.has(t) || /^\p{Ll}+(?:ly|n['’]t)$/u.test(t);
  while (end > 1 && between(lowerAt(toks, end - 1))) end--;
  // A name set off before its verb by the comma closing an apposition ("partner at Lenox, Lawrence B. Cummings, called").
  if (textAt(toks, end - 1) === ',') end--;
  const np = npBackward(toks, end, 0);
  // A pronoun points back at someone already quoted: the previous speaker rule takes it.
  return np && isCap(toks[np[0]]) && !PRONOUNS.has(lowerAt(toks, np[0])) ? np : null;
}

export const speakerOfSentenceBefore: Rule<SentenceBeforeSite, OwnSpeaker> = {
  id: 'speaker-of-sentence-before',
  description:
    'A lone quotation right after a sentence in which someone named reports or characterises something is theirs: X called him a master. “…”',
  examples: {
    match: [
      'His former partner, Lawrence Cummings, called him a master at deals. “He showed again and again an ability to close them.”',
    ],
    noMatch: ['The company closed in March. “He showed again and again an ability to close deals.”'],
  },
  apply: ({ before }) => {
    const np = subjectOfReportingVerb(before);
    return np ? { speaker: spanOf(before, np) } : null;
  },
};

/** Words of a verb group before its reporting verb: "goes on to say", "went on to add", "then". */
const inVerbGroup = (t: Tok | undefined): boolean =>
  t !== undefined &&
  (VERB_GROUP_WORDS.has(t.lower) ||
    /^(?:to|on|go|goes|went|going)$/.test(t.lower) ||
    (/^\p{Ll}+ly$/u.test(t.text) && !isCap(t)));

/**
 * The subject of the last reporting verb of a lead, found back from the verb: "The email goes on to say:",
 * "At the bottom it reads,", "James Zogby, a superdelegate from the District, said:".
 */
function subjectOfLastCue(lead: readonly Tok[]): Range | null {
  const end = lead.length - 1;
  let k = end - 1;
  // A reporting verb, or a verb with "back" ("Hillary shot back,").
  while (k > 0 && k >= end - 8 && !isReportingWord(lead[k]) && lowerAt(lead, k + 1) !== 'back') k--;
  if (k < 1 || k < end - 8 || PASSIVE_BE.has(lowerAt(lead, k - 1))) return null;
  let v = k;
  while (v > 1 && inVerbGroup(lead[v - 1])) v--;
  const np = subjectBeforeInterruption(lead, v) ?? npBackward(lead, v, 0);
  // A subject, not the object of a preposition ("in mid-sentence to announce").
  return np && !PREPOSITIONS_BEFORE_NAME.has(lowerAt(lead, np[0] - 1)) ? np : null;
}

export const subjectOfCueBeforeQuotation: Rule<OwnSentenceSite, OwnSpeaker> = {
  id: 'subject-of-cue-before-quotation',
  description:
    'The subject of the reporting verb that closes a quotation’s lead speaks it, found back from the verb: The email goes on to say: “…”',
  examples: {
    match: [
      'The email goes on to say: “Trump wants to write racism into our law books.”',
      'Then she added warily: “There is always something that can come at you.”',
      'But as The Hill pointed out, “The report is not the same as a tax return.”',
    ],
    noMatch: ['The editor stopped me in mid-sentence to announce, “And there goes the franchise.”'],
  },
  apply: ({ lead }) => {
    if (lead.length < 3 || !/^[,:—–-]$/.test(lead[lead.length - 1]!.text)) return null;
    const np = subjectOfLastCue(lead);
    return np ? { speaker: spanOf(lead, np) } : null;
  },
};

/** A label of capitalised words opening the lead before a colon ("OK Gov Fallin:"), or null. */
function labelBeforeColon(lead: readonly Tok[]): Range | null {
  const colon = lead.findIndex((t, k) => k < 6 && t.text === ':');
  if (colon < 1) return null;
  const words = lead.slice(0, colon);
  return words.every((t, k) => isCap(t) || isAbbrevDot(lead, k)) ? [0, colon] : null;
}

export const speakerLabelInHeadline: Rule<OwnSentenceSite, OwnSpeaker> = {
  id: 'speaker-label-in-headline',
  description:
    'A name opening a quotation’s sentence before a colon, as headlines label a speaker, speaks it when the article names them again: Reid: ‘Never underestimate Trump’',
  examples: {
    match: [
      'Reid: ‘Never, ever, ever underestimate Trump’\n\nSenate Minority Leader Harry Reid said on Wednesday that he was worried.',
      'Cruz: Trump Would Put Liberals On Court, ‘I Fear The Same Thing Is True’ for Rubio\n\nSenator Ted Cruz said on Wednesday that he was worried.',
    ],
    noMatch: [
      'Update: ‘Never, ever, ever underestimate Trump’\n\nSenate Minority Leader Harry Reid said on Wednesday that he was worried.',
    ],
  },
  apply: ({ doc, lead, trail }) => {
    const label = labelBeforeColon(lead);
    if (!label) return null;
    // Someone the article names again after the label's sentence: not "Update:" or "Note:".
    const name = lead[label[1] - 1]!.text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const after = (trail[trail.length - 1] ?? lead[lead.length - 1]!).end;
    return new RegExp(`\\b${name}\\b`, 'u').test(doc.text.slice(after))
      ? { speaker: spanOf(lead, label) }
      : null;
  },
};

/** A parenthesis closing a phrase at `end` ("Rep. Trey Gowdy (R-S.C.)"): where it opens, else `end`. */
export function beforeParenthesis(toks: readonly Tok[], end: number): number {
  if (textAt(toks, end - 1) !== ')') return end;
  let i = end - 2;
  while (i > 0 && i > end - 10 && textAt(toks, i) !== '(') i--;
  return textAt(toks, i) === '(' ? i : end;
}

export const nameAfterDashBeforeColon: Rule<OwnSentenceSite, OwnSpeaker> = {
  id: 'name-after-dash-before-colon',
  description:
    'A name alone between a dash (or "from") and the colon that introduces a quotation speaks it, as news digests write: Pollsters agree - Carl Bialik: “…”',
  examples: {
    match: [
      'Pollsters agree - Carl Bialik: “One of the biggest lessons was a simple one.”',
      'What that means for this year - More from Jones: “The partisanship of the state is a starting point.”',
      'Rep. Trey Gowdy (R-S.C.): “The records were never in the system at all.”',
    ],
    noMatch: ['Pollsters agree - on everything: “One of the biggest lessons was a simple one.”'],
  },
  apply: ({ lead }) => {
    const colon = lead.length - 1;
    if (colon < 1 || lead[colon]!.text !== ':') return null;
    const end = beforeParenthesis(lead, colon);
    let i = end;
    while (i > 0 && (isCap(lead[i - 1]) || isAbbrevDot(lead, i - 1))) i--;
    if (i === end) return null;
    // Set off from what comes before: a dash or "from", or the lead's start for two words or more (a
    // name, not "Update:").
    const before = lowerAt(lead, i - 1);
    return (i === 0 && end - i >= 2) || /^[—–-]$/.test(before) || before === 'from'
      ? { speaker: spanOf(lead, [i, end]) }
      : null;
  },
};

export const nameBeforeColon: Rule<OwnSentenceSite, OwnSpeaker> = {
  id: 'name-before-colon',
  description:
    'A name right before the colon that introduces a quotation, as headlines write it, speaks it: Her advice to graduates, Loretta Lynch: ‘Be the voice …’',
  examples: {
    match: ['Her advice to graduates, Loretta Lynch: ‘Be the voice that people hear.’'],
    noMatch: [
      'The plan, in short: “Build the bridge before the winter comes.”',
      'Jeb Bush broke it down for the Dutch newspaper NRC Handelsblad: “The image was wrong from the start.”',
    ],
  },
  apply: ({ lead }) => {
    const colon = lead.length - 1;
    if (colon < 2 || lead[colon]!.text !== ':') return null;
    let i = colon;
    while (i > 0 && (isCap(lead[i - 1]) || isAbbrevDot(lead, i - 1))) i--;
    // Not the object of a preposition ("said of Mr. Rubio:", "told the newspaper NRC Handelsblad:").
    const before = lowerAt(lead, i - 1);
    if (before !== 'from' && (PREPOSITIONS_BEFORE_NAME.has(before) || isNounBeforeName(lead, i))) return null;
    // Two capitalised words at least ("Loretta Lynch"), or the whole lead.
    return colon - i >= 2 || (i === 0 && colon > 0) ? { speaker: spanOf(lead, [i, colon]) } : null;
  },
};

/** A lowercase noun before a name that it describes ("the Dutch newspaper NRC Handelsblad"): an object. */
const isNounBeforeName = (lead: readonly Tok[], i: number): boolean =>
  i > 1 && isWord(lead[i - 1]) && !isCap(lead[i - 1]) && DETERMINERS.has(lowerAt(lead, i - 3));

/** The capitalised words (two or more) right before token `end`: a name ("Mitt Romney"). */
function nameEndingAt(lead: readonly Tok[], end: number): Range | null {
  let i = end;
  while (i > 0 && (isCap(lead[i - 1]) || isAbbrevDot(lead, i - 1))) i--;
  return end - i >= 2 ? [i, end] : null;
}

export const nameBeforeDash: Rule<OwnSentenceSite, OwnSpeaker> = {
  id: 'name-before-dash',
  description:
    'A name right before the dash that sets off a quotation speaks it, not the clause’s subject: …, including Mitt Romney -- “It is disqualifying.” --',
  examples: {
    match: [
      'A chorus of Republicans said so, including the former candidate Mitt Romney -- “It is disqualifying for a nominee.” -- and others.',
    ],
    noMatch: [
      'President Obama has a new message -- “It is about me and my legacy.”',
      'He has seemed supportive of Mr. Trump -- “a completely different man to me, which was a shock.”',
    ],
  },
  apply: ({ lead }) => {
    let end = lead.length;
    while (end > 0 && /^[—–-]$/.test(lead[end - 1]!.text)) end--;
    if (end === lead.length || end < 2) return null;
    const np = nameEndingAt(lead, end);
    // The name is set in the clause, not its subject ("Mitt Romney --" after "including the candidate").
    // Not the object of a preposition either ("supportive of Mr. Trump --").
    const before = lowerAt(lead, np ? np[0] - 1 : -1);
    if (!np || np[0] === 0 || /^[,:]$/.test(before) || PREPOSITIONS_BEFORE_NAME.has(before)) return null;
    return { speaker: spanOf(lead, np) };
  },
};

export const asSpeakerPutIt: Rule<OwnSentenceSite, OwnSpeaker> = {
  id: 'as-speaker-put-it',
  description:
    'The idiom "as X put it" before a quotation names its speaker: As Vulture put it, “Hello, it is the Biebs.”',
  examples: {
    match: [
      'As Vulture put it, “Hello, it is the Biebs.”',
      'But at the time, as anti-terrorist prosecutor Marc Trevidic put it, “apart from the wrong crowd, there was not much to complain about.”',
    ],
    noMatch: ['As the votes were put in the box, “the count began at once.”'],
  },
  apply: ({ lead }) => {
    // "… as <speaker> put(s) it [this way] ,|:" closing the lead.
    let end = lead.length;
    if (/^[,:]$/.test(textAt(lead, end - 1))) end--;
    while (end > 0 && /^(?:this|that|way|so|bluntly|simply|best)$/.test(lowerAt(lead, end - 1))) end--;
    if (lowerAt(lead, end - 1) !== 'it' || !/^puts?$/.test(lowerAt(lead, end - 2))) return null;
    const verb = end - 2;
    let as = verb - 1;
    while (as >= 0 && as > verb - 30 && lowerAt(lead, as) !== 'as') as--;
    if (as < 0 || lowerAt(lead, as) !== 'as' || as + 1 >= verb) return null;
    // The name before its apposition ("As Akhil Amar, professor of law at Yale, put it").
    const comma = lead.findIndex((t, k) => k > as && k < verb && t.text === ',');
    return { speaker: spanOf(lead, [as + 1, comma > as + 1 ? comma : verb]) };
  },
};

export const askedBySpeaker: Rule<OwnSentenceSite, OwnSpeaker> = {
  id: 'asked-by-speaker',
  description:
    'A question put to someone "by" a named asker is the asker\'s: Sanders was asked by host Bill Maher, “Are you tired of the emails?”',
  examples: {
    match: [
      'Sanders was asked by host Bill Maher, who backs him, “Are you tired of hearing about the emails?”',
    ],
    noMatch: ['Sanders was asked to leave by the host, “and he did so at once without a word.”'],
  },
  apply: ({ lead }) => {
    const by = lead.findIndex((t, k) => t.lower === 'by' && lowerAt(lead, k - 1) === 'asked');
    if (by < 1 || !/^[,:]$/.test(textAt(lead, lead.length - 1))) return null;
    const np = npForward(lead, by + 1, lead.length - 1);
    return np ? { speaker: spanOf(lead, nameInDescription(lead, np)) } : null;
  },
};

/** The name at the end of a description ("host Bill Maher" → "Bill Maher"), else the whole phrase. */
function nameInDescription(toks: readonly Tok[], [a, b]: Range): Range {
  let i = b;
  while (i > a && isCap(toks[i - 1])) i--;
  return i < b ? [i, b] : [a, b];
}

export const nameInSentenceAfterQuotation: Rule<OwnSentenceSite, OwnSpeaker> = {
  id: 'name-in-sentence-after-quotation',
  description:
    'A quotation that ends its sentence, with nothing introducing it, is spoken by the name and verb opening the next sentence: “…?” Vitter demanded.',
  examples: {
    match: [
      '“Why is this not proof enough?” Senator David Vitter demanded.',
      '“We are done here.” Senator Rob Portman (R-Ohio) said.',
      '“We are done here.” Senator Rob Portman still insisted it was over.',
      '“This is a big year for us!” Scott’s niece, state Del. Marcia “Cia” Price, shouted to the crowd.',
    ],
    noMatch: [
      '“He is a young man with a big future.” Ruddock’s assessment was shared by the coach.',
      'He adds that Muslims have two choices: “You either leave or you fight.” Al-Awlaki extols Nidal Hasan.',
      '“It is a sad day,” Cruz told reporters. “This is the consequence.” John Kasich agreed with him.',
    ],
  },
  apply: ({ trail, trailIsNextSentence, followsQuotation }) =>
    trailIsNextSentence && !followsQuotation ? nameAfterQuotation(trail) : null,
};

export const attributionOfQuotationBefore: Rule<OwnSentenceSite, OwnSpeaker> = {
  id: 'attribution-of-quotation-before',
  description:
    'A quotation that opens its sentence after a comma-closed quotation of its paragraph is spoken by that quotation’s attribution: “…,” said Jon Favreau, a speechwriter. “…”',
  examples: {
    match: [
      'The address “was a response to the malaise,” said Jon Favreau, the former speechwriter. “People never elect a pessimist.”',
      'Teachers are “looking to the ticket,” NEA President Lily Eskelsen García said. “That has got to scare an educator.”',
      'The plans are “profoundly irresponsible,” White House press secretary Josh Earnest said. “It leaves me speechless.”',
    ],
    noMatch: [
      'The address was “a response to the malaise.” Jon Favreau left. “People never elect a pessimist.”',
    ],
  },
  apply: ({ doc, attributionBefore }) =>
    attributionBefore && closedByComma(doc, attributionBefore)
      ? (subjectOfOpeningCue(attributionBefore) ??
        nameAfterQuotation(attributionBefore) ??
        speakerAfterComma(attributionBefore))
      : null,
};

/** The phrase before the first reporting verb when it opens the clause: "White House press secretary Josh Earnest said". */
function subjectOfOpeningCue(toks: readonly Tok[]): OwnSpeaker | null {
  const k = toks.findIndex((t, i) => i < 12 && isReportingWord(t));
  const np = k > 0 ? npBackward(toks, k, 0) : null;
  return np && np[0] === 0 && isCap(toks[0]) ? { speaker: spanOf(toks, np) } : null;
}

/**
 * The rules for a lone quotation's own sentence, in the order they are tried: what closes the sentence,
 * then what introduces the quotation, then (for a quotation that ends its sentence) the next sentence.
 */
export const OWN_SENTENCE_RULES: readonly Rule<OwnSentenceSite, OwnSpeaker>[] = [
  nameAfterLoneQuotation,
  cueClosingQuotationSentence,
  speakerAfterCommaQuotation,
  nameBeforeDash,
  asSpeakerPutIt,
  askedBySpeaker,
  nameAfterDashBeforeColon,
  subjectBeforeLoneQuotation,
  nameBeforeColon,
  subjectOfCueBeforeQuotation,
  speakerLabelInHeadline,
  attributionOfQuotationBefore,
  nameInSentenceAfterQuotation,
];

/** A lone quotation and the reported speech right after it in its sentence. */
export interface RunOnSite {
  doc: QuoteDoc;
  quote: Draft;
  next: Draft;
}

export const quotationRunsOnToAttribution: Rule<RunOnSite, true> = {
  id: 'quotation-runs-on-to-attribution',
  description:
    'A quotation opening its sentence that runs on, lowercase, into a clause its attribution closes is one mixed quote: “Boots on the ground” would be appropriate, Carson said.',
  examples: {
    match: [
      '"Boots on the ground" would be appropriate, Republican candidate Ben Carson said after the attacks.',
      '"He can assert it, but it seems extremely unlikely" that Sanders can win, said Steve Elmendorf, a strategist.',
    ],
    noMatch: [
      '"Boots on the ground," Ben Carson said after the attacks.',
      'Carson called it "boots on the ground" and said it would be appropriate.',
    ],
  },
  apply: ({ doc, quote, next }) => {
    if (quote.type !== 'direct' || !quote.unattributed || quote.speakerSpan) return null;
    if (next.type === 'direct' || !next.speakerSpan || next.start < quote.end) return null;
    // Only the closing mark between them, and the clause runs on in lowercase.
    if (!/^[”"’'»]{1,2}[ \t]+\p{Ll}/u.test(doc.text.slice(quote.end, next.start + 1))) return null;
    const q = doc.quotations[quotationWordsAt(doc.quotations, quote.start)];
    const sentence = q && doc.sentences[firstHolding(doc.sentences, q.start)];
    // The quotation opens its sentence: nothing before it but an opening parenthesis or space.
    return q && sentence && !doc.text.slice(sentence.start, q.start).trim() ? true : null;
  },
};
