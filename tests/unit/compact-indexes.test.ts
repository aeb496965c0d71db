// Issue 13, bounded memory: the compact forms of per-document indexes answer exactly what the plain
// ones they replaced answered (a Map of arrays per word, an array per sentence).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lowerHashesOf } from '../../shared/nlp/ner/features.js';
import { lowerHashViews } from '../../shared/nlp/ner/tagger.js';
import { blankIndex } from '../../shared/nlp/quotes/speakers.js';

/** The index as it was built before: every offset after a blank, by its key, in text order. */
function plainBlankIndex(text: string): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const m of text.matchAll(/[ \t]([A-Za-z0-9_]*)/g)) {
    const at = m.index + 1;
    const key = m[1] || text.charAt(at);
    const list = out.get(key);
    if (list) list.push(at);
    else out.set(key, [at]);
  }
  return out;
}

const asMap = (text: string): Map<string, number[]> => {
  const { slots, starts, offsets } = blankIndex(text);
  return new Map([...slots].map(([key, s]) => [key, [...offsets.subarray(starts[s], starts[s + 1])]]));
};

describe('blankIndex (speaker resolution)', () => {
  it('groups the offsets after a blank by word, in text order', () => {
    const text = 'Mr Smith met Ms Smith.\tSmith said “no”, and  Jones  Smith-Jones 42 left.';
    expect(asMap(text)).toEqual(plainBlankIndex(text));
    // "Smith-Jones" is a place of Smith too: its key is the ASCII word run.
    expect(asMap(text).get('Smith')).toEqual([3, 16, 23, 52]);
  });

  it('answers as the map of arrays did, on random text past its first growth', () => {
    const word = fc.constantFrom('Smith', 'Jones', 'a', '42', '“', 'é', '', '-', '_x');
    const blank = fc.constantFrom(' ', '\t', '  ', '\n', ' \t');
    const text = fc
      .array(fc.tuple(word, blank), { minLength: 0, maxLength: 3000 })
      .map((parts) => parts.map(([w, b]) => w + b).join(''));
    fc.assert(
      fc.property(text, (t) => {
        expect(asMap(t)).toEqual(plainBlankIndex(t));
      }),
      { numRuns: 40 },
    );
  });
});

describe('lowerHashViews (NER)', () => {
  it('gives each sentence the hashes lowerHashesOf gives it, as views of one buffer', () => {
    const sentences = [['The', 'BBC', 'said'], [], ['Ángela', 'MERKEL', '.']];
    const views = lowerHashViews(sentences);
    expect(views.map((v) => [...v])).toEqual(sentences.map((s) => [...lowerHashesOf(s)]));
    expect(new Set(views.map((v) => v.buffer)).size).toBe(1);
  });
});
