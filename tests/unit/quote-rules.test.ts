// Every quote rule's examples: the rule applies somewhere in each `match` text and nowhere in each
// `noMatch` text. The extractor runs on the rules alone (no tagger: the examples do not depend on a
// trained model) unless a rule's examples are about the tagger's output; the filters of the tagger's proposals see the proposal marked in the example.
import { describe, expect, it } from 'vitest';
import { CANDIDATE_RULES, type CandidateRule } from '../../shared/nlp/quotes/rules/filters.js';
import { allRules } from '../../shared/nlp/quotes/rules/index.js';
import type { AnyRule } from '../../shared/nlp/quotes/rules/rule.js';
import {
  PLURAL_DESCRIPTION_RULES,
  REFERENT_KIND_RULES,
  addresseeNotAntecedent,
} from '../../shared/nlp/quotes/rules/pronoun-agreement.js';
import {
  SPEAKER_PHRASE_RULES,
  type SpeakerPhraseRule,
} from '../../shared/nlp/quotes/rules/speaker-phrase.js';
import { markedCandidate, parseMarks } from './quote-rule-candidates.js';
import { nerEntities, quotesOf } from './quotes-of.js';

const rules = allRules();
const candidateRules = new Set<AnyRule>(CANDIDATE_RULES as readonly AnyRule[]);
/** Speaker-phrase rules see the speaker phrase marked [[S …]] in their examples. */
const speakerPhraseRules = new Set<AnyRule>(SPEAKER_PHRASE_RULES as readonly AnyRule[]);
/** Pronoun agreement is about what the names are: its examples also run with the NER's entities. */
const entityRules = new Set<AnyRule>([
  ...REFERENT_KIND_RULES,
  addresseeNotAntecedent,
  ...PLURAL_DESCRIPTION_RULES,
] as readonly AnyRule[]);

/** Whether the rule applies to an example: a filter of the tagger's proposals to the marked proposal, another rule anywhere in the text. */
const applies = (rule: AnyRule, text: string): boolean => {
  if (candidateRules.has(rule)) return (rule as CandidateRule).apply(markedCandidate(text)) !== null;
  if (speakerPhraseRules.has(rule)) {
    const { text: plain, spans } = parseMarks(text);
    return (rule as SpeakerPhraseRule).apply({ text: plain, span: spans.get('S')! }) !== null;
  }
  const trace = new Set<string>();
  quotesOf(text, [], rule.examples.withTagger === true, trace);
  // Pronoun agreement, about what names are: with the NER's entities too.
  if (entityRules.has(rule)) quotesOf(text, nerEntities(text), rule.examples.withTagger === true, trace);
  return trace.has(rule.id);
};

describe('quote rules', () => {
  it('have unique ids and a one-line description', () => {
    expect(new Set(rules.map((r) => r.id)).size).toBe(rules.length);
    for (const r of rules) {
      expect(r.id).toMatch(/^[a-z][a-z0-9-]+$/);
      expect(r.description.length).toBeGreaterThan(10);
      expect(r.description).not.toMatch(/\n/);
    }
  });

  it('each have an example they apply to', () => {
    expect(rules.filter((r) => r.examples.match.length === 0).map((r) => r.id)).toEqual([]);
  });

  describe.each(rules.map((r) => [r.id, r] as const))('%s', (_id, rule) => {
    it.each(rule.examples.match.map((t) => [t]))('applies to %j', (text) => {
      expect(applies(rule, text)).toBe(true);
    });
    it.each(rule.examples.noMatch.map((t) => [t]))('leaves %j alone', (text) => {
      expect(applies(rule, text)).toBe(false);
    });
  });
});

describe('quote provenance', () => {
  it('names the rule that made each quote, and the tagger stage for its additions', () => {
    const text =
      '“We are proud of this bridge,” said Mayor Alice Brown.\n\nShe added that the work would finish in May.';
    const quotes = quotesOf(text);
    expect(quotes.map((q) => q.via)).toEqual([['rule:inverted-after-quotation'], ['rule:speaker-cue-that']]);
  });

  it('records that a quote continues the previous speaker', () => {
    const quotes = quotesOf(
      '“We are proud,” Mayor Alice Brown said.\n\n“The bridge will carry ten thousand cars a day.”',
    );
    expect(quotes[1]!.via).toEqual(['rule:lone-quotation', 'rule:continues-previous-speaker']);
  });
});
