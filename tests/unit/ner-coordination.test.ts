// Span reshaping after decoding: coordinated organisations split, designators and bracketed capitals taken
// in, months / years / "X-based" dropped from a name's start.
import { describe, expect, it } from 'vitest';
import type { LabelledSpan } from '../../shared/nlp/ml/spans.js';
import {
  mayReshape,
  reshapeSpans,
  splitCoordinated,
  taggedNames,
} from '../../shared/nlp/ner/coordination.js';
import { defaultModels } from '../../shared/adapters/models/index.js';
import { recognizeEntities } from '../../shared/nlp/ner/index.js';
import { splitSentences } from '../../shared/nlp/segment.js';

const words = (s: string): string[] => s.split(' ');
const span = (label: string, start: number, end: number): LabelledSpan => ({ label, start, end });
const texts = (w: string[], spans: readonly LabelledSpan[] | null): string[] =>
  (spans ?? []).map((s) => `${s.label} ${w.slice(s.start, s.end).join(' ')}`);
const none = new Map<string, number>();

describe('splitCoordinated', () => {
  it('cuts an organisation span at a comma between two names', () => {
    const w = words('firms including Mobil , Shell and Caltex');
    expect(splitCoordinated(w, span('ORG', 2, 5), none)).toEqual([
      [2, 3],
      [4, 5],
    ]);
  });

  it("keeps a firm's partners and designators together", () => {
    expect(splitCoordinated(words('Goldman , Sachs & Co'), span('ORG', 0, 5), none)).toHaveLength(1);
    expect(splitCoordinated(words('Ferris , Baker Watts , Inc.'), span('ORG', 0, 6), none)).toHaveLength(1);
  });

  it('cuts at "and" only when one side is a name of its own in the article', () => {
    const sentences = [words('Mercantile and Commerce did not return calls .'), words('Commerce said .')];
    const spans = [[span('ORG', 0, 3)], [span('ORG', 0, 1)]];
    expect(splitCoordinated(sentences[0]!, spans[0]![0]!, taggedNames(sentences, spans))).toEqual([
      [0, 1],
      [2, 3],
    ]);
    const sec = words('the Securities and Exchange Commission said');
    expect(splitCoordinated(sec, span('ORG', 1, 5), none)).toHaveLength(1);
  });

  it('leaves other types alone', () => {
    expect(splitCoordinated(words('Trinidad and Tobago'), span('LOC', 0, 3), none)).toHaveLength(1);
  });
});

describe('reshapeSpans', () => {
  it('takes a corporate designator into the name, as an organisation', () => {
    const w = words('said Pirelli SpA chairman Marco');
    expect(mayReshape(w, span('PER', 1, 2))).toBe(true);
    expect(texts(w, reshapeSpans(w, [span('PER', 1, 2)], none))).toEqual(['ORG Pirelli SpA']);
  });

  it("takes a club's bracketed capital in", () => {
    const w = words('Obilic 2 Zeleznik ( B ) 0');
    expect(texts(w, reshapeSpans(w, [span('ORG', 0, 1), span('ORG', 2, 3)], none))).toEqual([
      'ORG Obilic',
      'ORG Zeleznik ( B )',
    ]);
  });

  it('drops a month, a year or "X-based" at the start of a name', () => {
    const w = words('at the July FOMC meeting , the 1979 Democracy Wall movement and Ohio-based KeyCorp');
    const reshaped = reshapeSpans(w, [span('ORG', 2, 4), span('ORG', 7, 10), span('PER', 12, 14)], none);
    expect(texts(w, reshaped)).toEqual(['ORG FOMC', 'ORG Democracy Wall', 'ORG KeyCorp']);
  });

  it('keeps first names that are months and years of events', () => {
    const w = words('Jan Siemerink won the 1998 World Cup');
    expect(reshapeSpans(w, [span('PER', 0, 2), span('MISC', 4, 7)], none)).toBeNull();
  });

  it('returns null when nothing changes', () => {
    const w = words('Mobil said on Monday');
    expect(reshapeSpans(w, [span('ORG', 0, 1)], none)).toBeNull();
  });
});

describe('through the recogniser', () => {
  const { ner } = defaultModels();
  const found = (text: string) =>
    recognizeEntities(ner, text, splitSentences(text)).map((m) => `${m.type} ${m.text}`);

  it('gives coordinated firms a span each, keeps a designator and leaves a month out of a name', () => {
    expect(found('Oil firms including Mobil, Shell and Caltex raised prices on Monday.')).toEqual(
      expect.arrayContaining(['ORGANIZATION Mobil', 'ORGANIZATION Shell', 'ORGANIZATION Caltex']),
    );
    expect(found('Shares of Pirelli SpA rose 3 percent in Milan.')).toContain('ORGANIZATION Pirelli SpA');
    const fomc = found('Analysts expect the July FOMC meeting to hold rates.');
    expect(fomc).toContain('ORGANIZATION FOMC');
    expect(fomc).not.toContain('ORGANIZATION July FOMC');
  });
});
