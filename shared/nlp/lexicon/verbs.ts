// Reporting verbs: the SFU GenderGapTracker list plus additions, their inflections, which of them cue
// reported speech on their own, and which class of attribution each makes. No maintained npm package
// lists English reporting verbs by class, so these are written here once.
import { SFU_QUOTE_VERBS } from './sfu-quote-verbs.js';
import { words } from './words.js';

/** Regular inflections of a verb: base, 3rd person, past, gerund (e-drop and consonant doubling as listed). */
export function inflect(base: string, past?: string, ing?: string): string[] {
  const s = /(s|sh|ch|x|z)$/.test(base)
    ? `${base}es`
    : /[^aeiou]y$/.test(base)
      ? `${base.slice(0, -1)}ies`
      : `${base}s`;
  const ed =
    past ??
    (base.endsWith('e') ? `${base}d` : /[^aeiou]y$/.test(base) ? `${base.slice(0, -1)}ied` : `${base}ed`);
  const g = ing ?? (base.endsWith('e') && !base.endsWith('ee') ? `${base.slice(0, -1)}ing` : `${base}ing`);
  return [base, s, ed, g];
}

/** Manner of speaking: "Protesters chanted “What curfew?”", "“Get out!” he shouted" — only ever speech. */
export const MANNER_OF_SPEAKING = [
  'shout',
  'yell',
  'scream',
  'whisper',
  'chant',
  'scoff',
  'mutter',
  'murmur',
];

// Reporting verbs the SFU list lacks (British spellings included).
const EXTRA_BASES = words(`
  emphasize emphasise stress ask urge recall contend maintain allege observe
  remark reiterate concede complain boast vow promise pledge caution counter
  joke muse recount answer lament charge hint underline underscore agree
  believe acknowledge predict announce assert confirm declare suggest warn
  speculate conclude testify estimate propose demand threaten object complain
  criticise reveal explain add note insist argue claim state report`);

// Irregular and listed forms (inflect() would get these wrong, or only some forms cue).
const IRREGULAR_FORMS = words(`
  deny denies denied denying quip quips quipped quipping admit admitted
  say says said saying tell tells told telling write writes wrote writing
  think thinks thought thinking reply replies replied replying retort retorted
  forecast forecasts tweet tweets tweeted posted acknowledged pointed went`);

/** Every form of every reporting verb ("said", "argues", "warning", "tweeted"). */
export const CUE_VERBS: ReadonlySet<string> = new Set([
  ...SFU_QUOTE_VERBS,
  ...[...EXTRA_BASES, ...MANNER_OF_SPEAKING].flatMap((v) => inflect(v)),
  ...IRREGULAR_FORMS,
]);

/**
 * Verbs that mark reported speech on their own ("…, he said."; "She argued the plan…"). Others in the
 * lexicon (report, present, describe…) are also nouns or have non-speech senses, so they cue only before
 * "that" or in the inverted/trailing position right after a quotation.
 */
const STRONG_BASES = [
  ...MANNER_OF_SPEAKING,
  ...words(`
    say tell add state note explain argue claim insist emphasize emphasise stress warn acknowledge admit
    announce assert confirm declare reply respond write tweet predict suggest contend maintain recall
    complain concede deny conclude exclaim observe remark reiterate urge ask allege caution counter quip
    joke retort vow boast lament answer testify reveal agree continue comment mention highlight underline
    underscore clarify proclaim reassure assure believe think`),
];
const STRONG_IRREGULAR = words(`
  said says saying told tells wrote writes replied replies denied denies quipped admitted thought thinks
  testified testifies clarified clarifies`);
const STRONG_FORMS = new Set([...STRONG_BASES.flatMap((b) => inflect(b)), ...STRONG_IRREGULAR]);

/** Forms of reporting verbs that are as often nouns ("the states", "reports", "comments"). */
const NOUN_LIKE = words(`
  states reports comments notes claims thought warning saying answer answers counter charge charges
  promise promises report state present estimate estimates finding findings remarks remark comment note
  claim object demand demands pledge pledges tweet tweets writing thinking continued continuing`);

/** A reporting verb's form that is as often a noun ("reports", "comments"): it marks no new utterance alone. */
export function isNounLikeCue(lower: string): boolean {
  return NOUN_LIKE.has(lower);
}

export function isCueVerb(lower: string): boolean {
  return CUE_VERBS.has(lower);
}

/** A reporting verb that cues reported speech on its own. */
export function isStrongCue(lower: string): boolean {
  return STRONG_FORMS.has(lower) && !NOUN_LIKE.has(lower);
}

/** Gerund cues that continue the previous speaker: "…,” Lukashenko said, adding that …". */
export function isGerundCue(lower: string): boolean {
  return lower.endsWith('ing') && CUE_VERBS.has(lower);
}

/** A strong reporting verb in a finite form ("said", "argues"), not an infinitive ("… and ask them"). */
export function isFiniteCue(lower: string): boolean {
  return isStrongCue(lower) && (/(ed|s)$/.test(lower) || IRREGULAR_FINITE.has(lower));
}
const IRREGULAR_FINITE = words('said told wrote thought');

/** Forms of "tell". */
export const TELL_FORMS = words('told tells tell telling');
/** Verbs whose addressee may stand between them and what was said ("told one of his aides that …"). */
export const ADDRESSEE_VERBS = words('told tell tells telling informed assured reminded warned');
/** Verbs that introduce a quotation after their object ("told reporters: “…”", "urged them: “…”"). */
export const OBJECT_BEFORE_QUOTE_VERBS = words(
  'told tells tell telling asked asks reminded informed assured warned urged',
);
/** Forms of "read" that attribute a written text's words right after a quotation ("…,” the letter reads). */
export const READ_FORMS = words('read reads');
/** Forms of "point" that take "out" as part of the cue ("pointed out"). */
export const POINT_FORMS = words('point points pointed pointing');

/** Objects that may sit between "told" and its content, part of the cue ("told reporters"). */
export const TELL_OBJECTS =
  /^(reporters|journalists|the press|the media|lawmakers|supporters|the crowd|the audience|an audience|a crowd|listeners|viewers|senators|delegates|students|voters)\b/i;

/** Verbs that characterise someone or something in the speaker's words: "called it “a disgrace”". */
export const CHARACTERIZING_VERB =
  /^(?:accus(?:e|es|ed|ing)|call(?:s|ed|ing)?|describ(?:e|es|ed|ing)|label(?:s|ed|led|ing|ling)?|brand(?:s|ed|ing)?|dub(?:s|bed|bing)?|denounc(?:e|es|ed|ing))$/;

/** Verbs that liken what they speak of to a quoted phrase ("likened the rules to “…”"). */
export const LIKENING_VERB = /^(?:liken(?:s|ed|ing)?|compar(?:e|es|ed|ing))$/;
/** Forms of "use" that name a quoted term after "the phrase" ("has used the phrase “…”"). */
export const USE_VERB = /^(?:use|uses|used|using)$/;
/** Words in -ed that are no past forms ("a retired general" is one; "red", "hundred", "sacred" are not verbs). */
export const NOT_PAST_ED =
  /^(?:red|bed|shed|need|seed|speed|creed|breed|greed|feed|weed|hundred|naked|sacred|wicked)$/;

/** Reporting verbs as title-case headlines write them ("Lindsey Graham Says …"). */
export const HEADLINE_CUE = /^(Says|Say|Said|Tells|Warns|Claims|Insists|Argues|Admits|Predicts|Vows|Urges)$/;

/** Participles that open a question put to someone ("Asked whether …, X replied"): the asker is not named. */
export const QUESTIONED_PARTICIPLE = /^(Asked|Told|Pressed|Questioned|Quizzed)\b/;
