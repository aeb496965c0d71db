// Results lines after decoding: score lines' sides are clubs (or two national teams), a ranking row's
// team after a driver's bracketed country is an organisation.
import { describe, expect, it } from 'vitest';
import type { LabelledSpan } from '../../shared/nlp/ml/spans.js';
import {
  clubsOnStandingsLine,
  isStandingsLine,
  mayBeResultsLine,
  reshapeResultsLine,
  scoreLineClubs,
  scoreLineSides,
} from '../../shared/nlp/ner/tables.js';

const words = (s: string): string[] => s.split(' ');
const span = (label: string, start: number, end: number): LabelledSpan => ({ label, start, end });
const texts = (w: string[], spans: readonly LabelledSpan[] | null): string[] =>
  (spans ?? []).map((s) => `${s.label} ${w.slice(s.start, s.end).join(' ')}`);
const COUNTRIES = new Set(['ethiopia', 'uganda', 'monaco']);
const isCountry = (w: readonly string[], a: number, b: number): boolean =>
  COUNTRIES.has(w.slice(a, b).join(' ').toLowerCase());

describe('scoreLineSides', () => {
  it('finds the two sides of a score line', () => {
    expect(scoreLineSides(words('Sale 31 Wasps 33'))).toEqual([
      [0, 1],
      [2, 3],
    ]);
    expect(scoreLineSides(words("Currie 45 Heriot 's F.P. 5"))).toEqual([
      [0, 1],
      [2, 5],
    ]);
    expect(scoreLineSides(words('Zemun 1 Rad ( B ) 0'))).toEqual([
      [0, 1],
      [2, 6],
    ]);
  });

  it('takes no dates, prose, times or standings for a score line', () => {
    expect(scoreLineSides(words('Aug 27 Aug 26'))).toBeNull();
    expect(scoreLineSides(words('Leeds won 2 to 1'))).toBeNull();
    expect(scoreLineSides(words('Rad ( B ) 4 1 1 2 2 3 4'))).toBeNull();
    expect(scoreLineSides(words('Leeds 2'))).toBeNull();
    expect(scoreLineSides(words('Leeds 2 Chelsea 1.5'))).toBeNull();
    expect(scoreLineSides(words('2 Leeds 2 Chelsea'))).toBeNull();
  });
});

describe('reshapeResultsLine', () => {
  it("makes a score line's sides one club span each", () => {
    const w = words("Currie 45 Heriot 's F.P. 5");
    const r = reshapeResultsLine(w, [span('PER', 0, 1), span('ORG', 2, 3), span('ORG', 4, 5)], isCountry);
    expect(texts(w, r)).toEqual(['ORG Currie', "ORG Heriot 's F.P."]);
    const jed = words('Jed-Forest 17 Watsonians 54');
    expect(texts(jed, reshapeResultsLine(jed, [span('ORG', 2, 3)], isCountry))).toEqual([
      'ORG Jed-Forest',
      'ORG Watsonians',
    ]);
  });

  it('keeps two countries places, and a country playing a club a club', () => {
    const w = words('Ethiopia 1 Uganda 1');
    expect(texts(w, reshapeResultsLine(w, [span('LOC', 0, 1), span('ORG', 2, 3)], isCountry))).toEqual([
      'LOC Ethiopia',
      'LOC Uganda',
    ]);
    const m = words('Guingamp 2 Monaco 1');
    expect(texts(m, reshapeResultsLine(m, [span('ORG', 0, 1), span('LOC', 2, 3)], isCountry))).toEqual([
      'ORG Guingamp',
      'ORG Monaco',
    ]);
  });

  it('returns null when the spans are already right', () => {
    const w = words('Sale 31 Wasps 33');
    expect(reshapeResultsLine(w, [span('ORG', 0, 1), span('ORG', 2, 3)], isCountry)).toBeNull();
  });

  it("types a ranking row's team after the driver's country as an organisation", () => {
    const w = words('1. Alex Zanardi ( Italy ) , Reynard Honda , 53.980');
    const spans = [span('PER', 1, 3), span('LOC', 4, 5), span('PER', 7, 9)];
    expect(mayBeResultsLine(w, spans)).toBe(true);
    expect(texts(w, reshapeResultsLine(w, spans, isCountry))).toEqual([
      'PER Alex Zanardi',
      'LOC Italy',
      'ORG Reynard Honda',
    ]);
    const cycling = words('2. Tony Rominger ( Switzerland ) Mapei 12');
    expect(
      texts(
        cycling,
        reshapeResultsLine(cycling, [span('PER', 1, 3), span('LOC', 4, 5), span('PER', 6, 7)], isCountry),
      ),
    ).toEqual(['PER Tony Rominger', 'LOC Switzerland', 'ORG Mapei']);
  });

  it('leaves lists of people and rows without a result alone', () => {
    const golf = words('Nick Faldo ( Britain ) , John Cook , Steve Jones');
    const spans = [span('PER', 0, 2), span('LOC', 3, 4), span('PER', 6, 8), span('PER', 9, 11)];
    expect(reshapeResultsLine(golf, spans, isCountry)).toBeNull();
    const noPerson = words('Rome ( Italy ) Mapei 12');
    expect(
      reshapeResultsLine(noPerson, [span('LOC', 0, 1), span('LOC', 2, 3), span('PER', 4, 5)], isCountry),
    ).toBeNull();
    const odd = words('1. Alex Zanardi ( Italy ) , Reynard Honda 53.980');
    expect(
      reshapeResultsLine(odd, [span('PER', 1, 3), span('LOC', 4, 5), span('PER', 7, 9)], isCountry),
    ).toBeNull();
    expect(mayBeResultsLine(words('John Smith said'), [span('PER', 0, 2)])).toBe(false);
  });
});

describe('clubs of score lines on standings lines', () => {
  const sentences = [
    words('Zemun 1 Rad ( B ) 0'),
    words('Ethiopia 1 Uganda 1'),
    words('Rad ( B ) 4 1 1 2 2 3 4'),
    words('Proleter ( Z ) 4 0 1 3 2 9 1'),
  ];
  const spans = [
    [span('ORG', 0, 1), span('ORG', 2, 6)],
    [span('LOC', 0, 1), span('LOC', 2, 3)],
    [span('PER', 0, 1), span('LOC', 2, 3)],
    [],
  ];

  it("collects the ORG sides of the article's score lines", () => {
    expect(scoreLineClubs(sentences, spans)).toEqual([['zemun'], ['rad', '(', 'b', ')']]);
  });

  it('makes a span starting a club that club, as an organisation', () => {
    const clubs = scoreLineClubs(sentences, spans);
    expect(isStandingsLine(sentences[2]!)).toBe(true);
    expect(isStandingsLine(sentences[0]!)).toBe(false);
    expect(texts(sentences[2]!, clubsOnStandingsLine(sentences[2]!, spans[2]!, clubs))).toEqual([
      'ORG Rad ( B )',
    ]);
  });

  it('tags an untagged club and leaves the rest alone', () => {
    const clubs = [['proleter', '(', 'z', ')'], ['zemun']];
    const w = sentences[3]!;
    expect(texts(w, clubsOnStandingsLine(w, [], clubs))).toEqual(['ORG Proleter ( Z )']);
    const right = words('Zemun 4 3 1 0 9 2 10');
    expect(clubsOnStandingsLine(right, [span('ORG', 0, 1)], clubs)).toBeNull();
    const other = words('Obilic 4 3 1 0 9 2 10');
    expect(clubsOnStandingsLine(other, [span('PER', 0, 1)], clubs)).toBeNull();
    expect(clubsOnStandingsLine(words('Zemun beat Rad'), [span('LOC', 0, 1)], clubs)).toBeNull();
    expect(clubsOnStandingsLine(right, [span('LOC', 0, 1)], [])).toBeNull();
    // A longer span than the club stays as it is; a club overlapping a later span is not added.
    expect(clubsOnStandingsLine(right, [span('ORG', 0, 2)], clubs)).toBeNull();
    const overlap = words('Proleter ( Z ) 4 0 1 3 2 9 1');
    expect(clubsOnStandingsLine(overlap, [span('LOC', 2, 3)], clubs)).toBeNull();
  });
});
