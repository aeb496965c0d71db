// Closed-class words the quote rules and the speaker resolver test: determiners, auxiliaries,
// prepositions, conjunctions, adverbs and time words. Written once here, by what they are.
import { words } from './words.js';

/** Articles ("the", "a", "an"). */
export const ARTICLES = words('the a an');

/** Determiners and quantifiers that open a description of someone ("the source", "some officials", "his aide"). */
export const DETERMINERS = words(`
  the a an another one this that these those some several many two three his her their its our other most
  few both all`);
/**
 * The determiners that let a speaker phrase of lowercase words stand ("the spokesman", "several
 * officials"); demonstratives, "our", "few" and "all" not (yet) among them.
 */
export const SPEAKER_PHRASE_DETERMINERS = words(
  'the a an another one some several many two three his her their its other both most',
);
/** Object pronouns: an addressee of one word ("told him the plan was dead"). */
export const OBJECT_PRONOUNS = words('him her them us me you');
/** Pronouns that open a clause as its subject ("told the BBC he would stay"). */
export const SUBJECT_PRONOUNS = words('he she they we i it there');

/** Possessive determiners. */
export const POSSESSIVE_DETERMINERS = words('his her its their our my your');

/** Auxiliaries (finite and non-finite forms of be, have, do and the modals). */
export const AUXILIARIES = words(
  'is are was were be been has have had will would could can may might should must did does do',
);
/** Forms of "be" that make a passive ("is dubbed"). */
export const PASSIVE_BE = words('is are was were be been being');
/** Auxiliaries and adverbs between a subject and a progressive or participle cue ("is now demanding"). */
export const PROGRESSIVE_AUXILIARIES = words('is are was were been be has have had also now still');
/** Auxiliaries and adverbs of a verb group ("has repeatedly warned", "had already said"). */
export const VERB_GROUP_WORDS = words(`
  has have had is are was were will would could should may might must also already repeatedly previously
  recently since often again later now still never always once then`);
/** Verbs after "that" that make it a pronoun subject ("say that will not happen"). */
export const THAT_AS_SUBJECT = words(
  "will would was is has had can could should may might must does did won't wouldn't isn't wasn't",
);

/** Adverbs and auxiliaries allowed between a speaker and the cue ("he also said", "Smith has repeatedly argued"). */
export const SPEAKER_CUE_BETWEEN = words(`
  also then later later, previously repeatedly recently once again further reportedly has had have would will
  had earlier first last yesterday today tonight finally subsequently immediately quickly simply flatly
  publicly privately firmly bluntly angrily frequently often always never still again has since`);
/** Parenthetical adverbs set off by commas between a subject and its verb ("Forbes, however, says"). */
export const PARENTHETICAL_ADVERBS = words(
  'however meanwhile though too also instead nonetheless nevertheless moreover meantime',
);

/** Words that end a speaker noun phrase when scanning away from the cue. */
export const NOUN_PHRASE_STOPS = words(`
  that which who whom whose and but or nor so because if when while as although though than to is are was
  were be been being has have had do does did will would can could should may might must not it there here
  what how why where by into after before during about over under since until up out also just even only
  then now this these those said says say told adding no yes however meanwhile including like`);
/** Words allowed inside a speaker noun phrase ("Bank of England", "Sky's", "AT&T"). */
export const NOUN_PHRASE_INNER = words("of for at in from with on ’s 's - &");
/** Words that start an adjunct after a name, ending the name ("said Smith at …", "said Smith on Monday"). */
export const ADJUNCT_STARTS = words(`
  at in on during after before to while when from last this earlier late via by through over with
  yesterday today tuesday monday wednesday thursday friday saturday sunday`);
/** Prepositions of a short adjunct between a cue and a colon ("said in a statement:"). */
export const CUE_ADJUNCT_PREPOSITIONS = words('in on at during after before via through from to');
/** Prepositions whose object is not the subject of a following verb ("In Ohio, said, …"). */
export const PREPOSITIONS_BEFORE_NAME = words('in on at from to for with by of after before since');
/** Prepositions that start the modifier after a description's head noun ("a spokesman for the ministry"). */
export const HEAD_MODIFIER_PREPOSITIONS = words('of for at in from with to on under');
/** Prepositions that open a phrase, never a name or a description of someone ("of Netcraft"). */
export const PHRASE_OPENING_PREPOSITIONS = words('of for from at with by in on to about');
/** Words a tagger may wrongly take as a whole cue (a preposition or an article). */
export const NON_CUE_FUNCTION_WORDS: ReadonlySet<string> = new Set([
  ...PHRASE_OPENING_PREPOSITIONS,
  ...ARTICLES,
]);
/** Words a reported clause does not start with (particles and prepositions: "ahead in December"). */
export const NON_CONTENT_OPENERS = /^(from|ahead|over|off|up|out|down)\b/i;
/** Words a speaker phrase does not end with ("The owners of", "News of the"). */
export const SPEAKER_PHRASE_TAIL_WORDS = words('of for to in at the a an and by with from on');
/** A speaker phrase ending in one of those words. */
export const SPEAKER_PHRASE_TAILS = new RegExp(`\\b(?:${[...SPEAKER_PHRASE_TAIL_WORDS].join('|')})$`, 'i');
/** Function words that stand for no speaker on their own ("There", "Despite", "Meanwhile"). */
export const FUNCTION_WORDS_ALONE = words(`
  there here despite however meanwhile although though because if when while also just even only then
  now and but or so yet as than into after before during over under since until up out including
  like amid`);
/** Negated or contracted auxiliaries, also written without an apostrophe ("didn't", "I dont"). */
export const NEGATED_AUXILIARY =
  /^(?:\p{L}+n['’]t|dont|didnt|doesnt|cant|wont|isnt|wasnt|arent|havent|hasnt)$/u;
/** A pronoun fused with its auxiliary ("I've", "I'm", "we're"): the pronoun is group 1. */
export const PRONOUN_CONTRACTION = /^(i|we|they|he|she|you)['’](?:ve|m|re|s|d|ll)$/i;

/** Conjunctions that may open a clause after its attribution ("but", "and", "so", "yet"). */
export const CLAUSE_CONJUNCTIONS = words('but and so yet');
/** Words before a speaker phrase that still let it open its clause ("…, and he said that"). */
export const CLAUSE_OPENERS = words('and but so yet while because as when although though');
/** Words after an interrupting attribution that begin something else than the rest of the content. */
export const NOT_RESUMING_CONTENT = words(
  'according as in on at but and who which where when while because after before citing noting during',
);
/** Relative pronouns that open a clause about the subject ("Umbro, which …, said"). */
export const RELATIVE_PRONOUNS = words('which who whose');
/** Words that open an interruption after a subject ("Ms Dunwoody, who …, says"; "Mr Reed, a spokesman …, said"). */
export const INTERRUPTION_OPENERS = words('who which a an the whose');
/** Connectives between two quotations that start a second verb ("“What curfew?” and kept going"). */
export const SECOND_VERB_CONNECTIVE = /^\s*(?:,\s*)?(?:and|but|before|after|then|while|as)\b/;

/** Days of the week. */
export const WEEKDAYS = words('monday tuesday wednesday thursday friday saturday sunday');
/** Time words after "on", "last", "this" ("said on Monday", "last week"). */
export const TIME_WORDS: ReadonlySet<string> = new Set([
  ...WEEKDAYS,
  ...words('week month year night morning afternoon evening weekend'),
]);
/** Weekdays and the months that are no one's first name (not April, May, June, August): never a speaker. */
export const WEEKDAYS_AND_MONTHS: ReadonlySet<string> = new Set([
  ...WEEKDAYS,
  ...words('january february march july september october november december'),
]);
/** Adverbs of time that may follow a cue ("said yesterday that"). */
export const TIME_ADVERBS = words('yesterday today tonight recently earlier later');
/** Words that start a time phrase with a following time word ("on Monday", "last week"). */
export const TIME_PHRASE_STARTS = words('on last this late early');
/** A time phrase swept into a speaker phrase ("Last month the EU said …"). */
export const LEADING_TIME_PHRASE =
  /^(?:(?:last|next|this|earlier|later)\s+(?:week|month|year|night|morning|monday|tuesday|wednesday|thursday|friday|saturday|sunday)|yesterday|today|on\s+\p{Lu}\p{Ll}+day)\s+(?=\S)/iu;

/** Function words that keep a lowercase word before a name from being a title ("Bank of England"). */
export const NAME_FUNCTION_WORDS = words(
  'of at for from in on and or with to by the a an as than who which that whose nor but',
);
