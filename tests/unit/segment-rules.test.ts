import { describe, expect, it } from 'vitest';
import { BOUNDARY_RULES } from '../../shared/nlp/segment/boundary-rules.js';
import { LINE_BREAK_RULES } from '../../shared/nlp/segment/line-rules.js';
import { splitSentences } from '../../shared/nlp/segment.js';

/** An example's text (without the `|` marks) and the sentences the marks say it holds. */
const parse = (example: string) => ({
  text: example.replaceAll('|', ''),
  sentences: example.split('|').map((s) => s.trim()),
});
const sentencesOf = (text: string) => splitSentences(text).map((s) => s.text);

/** Runs `fn` with `rule` taken out of `rules`, then puts it back. */
function without<R>(rules: R[], rule: R, fn: () => void): void {
  const i = rules.indexOf(rule);
  rules.splice(i, 1);
  try {
    fn();
  } finally {
    rules.splice(i, 0, rule);
  }
}

describe.each([
  ['sentence-boundary rule', BOUNDARY_RULES],
  ['line-break rule', LINE_BREAK_RULES],
] as const)('%s', (_kind, rules) => {
  describe.each(rules.map((r) => [r.id, r] as const))('%s', (_id, rule) => {
    it.each(rule.examples)('splits %j where marked', (example) => {
      const { text, sentences } = parse(example);
      expect(sentencesOf(text)).toEqual(sentences);
    });

    it('is needed: without it, one of its examples splits differently', () => {
      const changed: string[] = [];
      without<(typeof rules)[number]>(rules, rule, () => {
        for (const example of rule.examples) {
          const { text, sentences } = parse(example);
          if (JSON.stringify(sentencesOf(text)) !== JSON.stringify(sentences)) changed.push(example);
        }
      });
      expect(changed).not.toEqual([]);
    });
  });

  it('has unique ids and a description for each rule', () => {
    expect(new Set(rules.map((r) => r.id)).size).toBe(rules.length);
    for (const r of rules) expect(r.description.length).toBeGreaterThan(10);
  });
});
