// Firms whose name has a possessive in it: "Boatmen 's Bancshares Inc." joined, "Boatmen 's" keeps its "'s".
import { describe, expect, it } from 'vitest';
import type { LabelledSpan } from '../../shared/nlp/ml/spans.js';
import {
  joinPossessiveFirms,
  mayBePossessiveFirm,
  possessiveFirms,
} from '../../shared/nlp/ner/possessive.js';

const words = (s: string): string[] => s.split(' ');
const span = (label: string, start: number, end: number): LabelledSpan => ({ label, start, end });
const texts = (w: string[], spans: readonly LabelledSpan[] | null): string[] =>
  (spans ?? []).map((s) => `${s.label} ${w.slice(s.start, s.end).join(' ')}`);

describe('possessive firm names', () => {
  const sentences = [
    words("the acquisition of Boatmen 's Bancshares Inc. by NationsBank Corp."),
    words("Boatmen 's was the prize"),
    words("a bid for Boatmen 's stock"),
  ];
  const spans = [
    [span('ORG', 3, 4), span('ORG', 5, 7), span('ORG', 8, 10)],
    [span('ORG', 0, 1)],
    [span('ORG', 3, 4)],
  ];

  it('finds firms written with their possessive and generic firm words', () => {
    expect(possessiveFirms(sentences, spans)).toEqual(new Set(['boatmen']));
    expect(mayBePossessiveFirm(sentences[1]!, spans[1]!)).toBe(true);
    expect(mayBePossessiveFirm(words('Boatmen said'), [span('ORG', 0, 1)])).toBe(false);
  });

  it('joins the full name and gives the short form its possessive', () => {
    const firms = possessiveFirms(sentences, spans);
    expect(texts(sentences[0]!, joinPossessiveFirms(sentences[0]!, spans[0]!, firms))).toEqual([
      "ORG Boatmen 's Bancshares Inc.",
      'ORG NationsBank Corp.',
    ]);
    expect(texts(sentences[1]!, joinPossessiveFirms(sentences[1]!, spans[1]!, firms))).toEqual([
      "ORG Boatmen 's",
    ]);
    expect(texts(sentences[2]!, joinPossessiveFirms(sentences[2]!, spans[2]!, firms))).toEqual([
      "ORG Boatmen 's",
    ]);
  });

  it("leaves a firm's subsidiary, other firms and articles without a full name alone", () => {
    const daimler = words("Daimler 's Mercedes-Benz AG said");
    const dSpans = [span('ORG', 0, 1), span('ORG', 2, 4)];
    expect(possessiveFirms([daimler], [dSpans]).size).toBe(0);
    const mixed = words("Unilever 's Holdings Lipton Inc");
    expect(possessiveFirms([mixed], [[span('ORG', 0, 1), span('ORG', 2, 5)]]).size).toBe(0);
    expect(possessiveFirms([words("Pirelli 's shares")], [[span('ORG', 0, 1)]]).size).toBe(0);
    const firms = new Set(['boatmen']);
    expect(joinPossessiveFirms(daimler, dSpans, firms)).toBeNull();
    expect(joinPossessiveFirms(words("Boatmen 's"), [span('PER', 0, 1)], firms)).toBeNull();
    expect(joinPossessiveFirms(words("Boatmen 's"), [span('ORG', 0, 1)], new Set())).toBeNull();
  });
});
