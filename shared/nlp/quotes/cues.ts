import { SFU_QUOTE_VERBS } from './quote-verbs.js';

/** Regular inflections of a verb: base, 3rd person, past, gerund (e-drop and consonant doubling as listed). */
function inflect(base: string, past?: string, ing?: string): string[] {
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

// Manner of speaking: "Protesters chanted “What curfew?”", "“Get out!” he shouted" — only ever speech.
const MANNER_OF_SPEAKING = ['shout', 'yell', 'scream', 'whisper', 'chant', 'scoff', 'mutter', 'murmur'];

// Reporting verbs the SFU list lacks (British spellings included).
const EXTRA_VERBS = [
  ...[
    'emphasize',
    'emphasise',
    'stress',
    'ask',
    'urge',
    'recall',
    'contend',
    'maintain',
    'allege',
    'observe',
  ],
  ...[
    'remark',
    'reiterate',
    'concede',
    'complain',
    'boast',
    'vow',
    'promise',
    'pledge',
    'caution',
    'counter',
  ],
  ...['joke', 'muse', 'recount', 'answer', 'lament', 'charge', 'hint', 'underline', 'underscore', 'agree'],
  ...['believe', 'acknowledge', 'predict', 'announce', 'assert', 'confirm', 'declare', 'suggest', 'warn'],
  ...['speculate', 'conclude', 'testify', 'estimate', 'propose', 'demand', 'threaten', 'object', 'complain'],
  ...['criticise', 'reveal', 'explain', 'add', 'note', 'insist', 'argue', 'claim', 'state', 'report'],
  ...MANNER_OF_SPEAKING,
].flatMap((v) => inflect(v));
const IRREGULAR = [
  ...['deny', 'denies', 'denied', 'denying', 'quip', 'quips', 'quipped', 'quipping', 'admit', 'admitted'],
  ...[
    'say',
    'says',
    'said',
    'saying',
    'tell',
    'tells',
    'told',
    'telling',
    'write',
    'writes',
    'wrote',
    'writing',
  ],
  ...[
    'think',
    'thinks',
    'thought',
    'thinking',
    'reply',
    'replies',
    'replied',
    'replying',
    'retort',
    'retorted',
  ],
  ...['forecast', 'forecasts', 'tweet', 'tweets', 'tweeted', 'posted', 'acknowledged', 'pointed', 'went'],
];

export const CUE_VERBS: ReadonlySet<string> = new Set([...SFU_QUOTE_VERBS, ...EXTRA_VERBS, ...IRREGULAR]);

/**
 * Verbs that mark reported speech on their own ("…, he said."; "She argued the plan…"). Others in
 * the lexicon (report, state, present, describe, think…) are also nouns or have non-speech senses,
 * so they cue only before "that" or in the inverted/trailing position right after a quotation.
 */
const STRONG_BASES = [
  ...MANNER_OF_SPEAKING,
  'say',
  'tell',
  'add',
  'state',
  'note',
  'explain',
  'argue',
  'claim',
  'insist',
  'emphasize',
  'emphasise',
  'stress',
  'warn',
  'acknowledge',
  'admit',
  'announce',
  'assert',
  'confirm',
  'declare',
  'reply',
  'respond',
  'write',
  'tweet',
  'predict',
  'suggest',
  'contend',
  'maintain',
  'recall',
  'complain',
  'concede',
  'deny',
  'conclude',
  'exclaim',
  'observe',
  'remark',
  'reiterate',
  'urge',
  'ask',
  'allege',
  'caution',
  'counter',
  'quip',
  'joke',
  'retort',
  'vow',
  'boast',
  'lament',
  'answer',
  'testify',
  'reveal',
  'agree',
  'continue',
  'comment',
  'mention',
  'highlight',
  'underline',
  'underscore',
  'clarify',
  'proclaim',
  'reassure',
  'assure',
  'stress',
  'believe',
  'think',
];
const STRONG_FORMS = new Set(
  STRONG_BASES.flatMap((b) => {
    const forms = inflect(b);
    return forms;
  }).concat([
    'said',
    'says',
    'saying',
    'told',
    'tells',
    'wrote',
    'writes',
    'replied',
    'replies',
    'denied',
    'denies',
    'quipped',
    'admitted',
    'thought',
    'thinks',
    'testified',
    'testifies',
    'clarified',
    'clarifies',
  ]),
);
// Nouns that share a form with a cue ("the states", "reports", "comments").
const NOUN_LIKE = new Set([
  'states',
  'reports',
  'comments',
  'notes',
  'claims',
  'thought',
  'warning',
  'saying',
  'answer',
  'answers',
  'counter',
  'charge',
  'charges',
  'promise',
  'promises',
  'report',
  'state',
  'present',
  'estimate',
  'estimates',
  'finding',
  'findings',
  'remarks',
  'remark',
  'comment',
  'note',
  'claim',
  'object',
  'demand',
  'demands',
  'pledge',
  'pledges',
  'tweet',
  'tweets',
  'writing',
  'thinking',
  'continued',
  'continuing',
]);

export function isCueVerb(lower: string): boolean {
  return CUE_VERBS.has(lower);
}

export function isStrongCue(lower: string): boolean {
  return STRONG_FORMS.has(lower) && !NOUN_LIKE.has(lower);
}

/** Gerund cues that continue the previous speaker: "…,” Lukashenko said, adding that …". */
export function isGerundCue(lower: string): boolean {
  return lower.endsWith('ing') && CUE_VERBS.has(lower);
}

/** Objects that may sit between "told" and its content, part of the cue ("told reporters"). */
export const TELL_OBJECTS =
  /^(reporters|journalists|the press|the media|lawmakers|supporters|the crowd|the audience|an audience|a crowd|listeners|viewers|senators|delegates|students|voters)\b/i;
