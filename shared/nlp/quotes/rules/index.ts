// Every quote rule, by family (for the examples test, listings and the rules hash).
import { continuesEarlierSpeaker, continuesPreviousSpeaker, continuesQuotationBefore } from '../resolve.js';
import { leadingRules, trailingRules } from '../attribution.js';
import { ACCORDING_TO_RULES, REPORTING_VERB_RULES } from '../reported.js';
import { characterizingCue } from './characterizing-cue.js';
import { OWN_SENTENCE_RULES, quotationRunsOnToAttribution, speakerOfSentenceBefore } from './continuation.js';
import { CANDIDATE_RULES, UNATTRIBUTED_FILTERS, quotedTitle } from './filters.js';
import {
  PLURAL_DESCRIPTION_RULES,
  REFERENT_KIND_RULES,
  addresseeNotAntecedent,
} from './pronoun-agreement.js';
import { SPEAKER_PHRASE_RULES } from './speaker-phrase.js';
import { characterizingVerb, loneQuotation, quotedHeading, transcriptLabel } from './quotation-marks.js';
import {
  addingAfterQuotation,
  headlineSaysAtEnd,
  headlineSpeakerSays,
  thinkTankIsNoCue,
} from './reported-speech.js';
import type { AnyRule } from './rule.js';
import { splitQuoteMerge, splitQuoteSecondPart } from './split-quotes.js';

export type { Rule, AnyRule, RuleExamples } from './rule.js';

/** All rules, in no particular order (each family's order is where it is applied). */
export function allRules(): readonly AnyRule[] {
  const rules = [
    ...trailingRules(),
    ...leadingRules(),
    transcriptLabel,
    loneQuotation,
    quotedHeading,
    splitQuoteSecondPart,
    addingAfterQuotation,
    ...REPORTING_VERB_RULES,
    ...ACCORDING_TO_RULES,
    thinkTankIsNoCue,
    headlineSpeakerSays,
    headlineSaysAtEnd,
    characterizingVerb,
    characterizingCue,
    ...CANDIDATE_RULES,
    ...OWN_SENTENCE_RULES,
    speakerOfSentenceBefore,
    quotationRunsOnToAttribution,
    continuesQuotationBefore,
    continuesPreviousSpeaker,
    continuesEarlierSpeaker,
    ...UNATTRIBUTED_FILTERS,
    quotedTitle,
    splitQuoteMerge,
    ...REFERENT_KIND_RULES,
    addresseeNotAntecedent,
    ...PLURAL_DESCRIPTION_RULES,
    ...SPEAKER_PHRASE_RULES,
  ] as readonly AnyRule[];
  return rules;
}
