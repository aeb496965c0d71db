// The document-level label-consistency step: one name keeps one type in one article unless its own
// evidence is strong, strong local cues outweigh the tagger, table lines neither vote nor take votes.
import { describe, expect, it } from 'vitest';
import { harmoniseTypes, type TypedSpan } from '../../shared/nlp/ner/consistency.js';
import { NER_LABELS } from '../../shared/nlp/ner/tagger.js';

const words = (s: string): string[] => s.split(' ');

/** A span over words[start, end) labelled `label`, with emission scores per type (PER, ORG, LOC, MISC). */
function span(
  label: string,
  start: number,
  end: number,
  scores: [number, number, number, number],
): TypedSpan {
  const typeScores = Float32Array.from(scores);
  const sorted = [...scores].sort((a, b) => b - a);
  return { label, start, end, typeScores, margin: sorted[0]! - sorted[1]! };
}

describe('harmoniseTypes', () => {
  it('gives a weakly typed mention the type its name has, confidently, elsewhere in the article', () => {
    const sentences = [
      words('Pirelli said profits rose .'),
      words('Pirelli shares fell .'),
      words('Pirelli won .'),
    ];
    const spans = [
      [span('ORG', 0, 1, [0, 40, 0, 0])],
      [span('ORG', 0, 1, [0, 35, 0, 0])],
      [span('PER', 0, 1, [12, 8, 0, 0])], // the tagger barely preferred PER here
    ];
    expect(harmoniseTypes(sentences, spans, NER_LABELS)).toBe(1);
    expect(spans.flat().map((s) => s.label)).toEqual(['ORG', 'ORG', 'ORG']);
    // The relabelled mention's margin is the new type's lead: negative, so its confidence drops.
    expect(spans[2]![0]!.margin).toBeLessThan(0);
  });

  it('leaves a name alone when all its mentions agree and no cue speaks', () => {
    const sentences = [words('Smith said .'), words('Smith left .')];
    const spans = [[span('PER', 0, 1, [20, 5, 0, 0])], [span('PER', 0, 1, [15, 10, 0, 0])]];
    expect(harmoniseTypes(sentences, spans, NER_LABELS)).toBe(0);
  });

  it('keeps a mention whose own evidence is strong against a weak majority', () => {
    const sentences = [words('Jordan said .'), words('Jordan said .'), words('Jordan is a country .')];
    const spans = [
      [span('PER', 0, 1, [6, 0, 4, 0])],
      [span('PER', 0, 1, [6, 0, 4, 0])],
      [span('LOC', 0, 1, [0, 0, 60, 0])],
    ];
    harmoniseTypes(sentences, spans, NER_LABELS);
    expect(spans[2]![0]!.label).toBe('LOC');
  });

  it('types a name listed with two organisations an organisation, unless it is a place or a full name', () => {
    const sentences = [
      words('Google , Yahoo and Microsoft offer search .'),
      words('Yahoo said profits rose .'),
      words('TUI , Lufthansa and France agreed .'),
      words('Google , Microsoft and John Peel spoke .'),
    ];
    const spans = [
      [span('ORG', 0, 1, [0, 30, 0, 0]), span('PER', 2, 3, [12, 8, 0, 0]), span('ORG', 4, 5, [0, 30, 0, 0])],
      [span('PER', 0, 1, [14, 8, 0, 0])],
      [span('ORG', 0, 1, [0, 30, 0, 0]), span('ORG', 2, 3, [0, 30, 0, 0]), span('LOC', 4, 5, [0, 8, 12, 0])],
      [span('ORG', 0, 1, [0, 30, 0, 0]), span('ORG', 2, 3, [0, 30, 0, 0]), span('PER', 4, 6, [12, 8, 0, 0])],
    ];
    const isPlace = (ws: readonly string[], a: number, b: number) => ws.slice(a, b).join(' ') === 'France';
    const isFirstName = (w: string) => w === 'John';
    harmoniseTypes(sentences, spans, NER_LABELS, undefined, isPlace, isFirstName);
    // The list's evidence is the name's: its other mention becomes an organisation too.
    expect(spans.map((list) => list.map((s) => s.label))).toEqual([
      ['ORG', 'ORG', 'ORG'],
      ['ORG'],
      ['ORG', 'ORG', 'LOC'],
      ['ORG', 'ORG', 'PER'],
    ]);
  });

  it('reads a list with a comma before its "and" ("NTL , and Renault") as a list', () => {
    const sentences = [words('Vodafone , NTL , and Renault paid .')];
    const spans = [
      [span('ORG', 0, 1, [0, 30, 0, 0]), span('ORG', 2, 3, [0, 30, 0, 0]), span('PER', 5, 6, [12, 8, 0, 0])],
    ];
    harmoniseTypes(sentences, spans, NER_LABELS);
    expect(spans[0]!.map((s) => s.label)).toEqual(['ORG', 'ORG', 'ORG']);
  });

  it('takes "retailers such as X", "firms like X" and "X.com" for an organisation, not a place', () => {
    const sentences = [
      words('retailers such as Amazon grew .'),
      words('Amazon . com holds a patent .'),
      words('Blinkx rose . firms like Blinkx grew .'),
      words('firms such as France gained .'),
    ];
    const spans = [
      [span('LOC', 3, 4, [0, 8, 12, 0])],
      [span('LOC', 0, 1, [0, 8, 12, 0])],
      [span('LOC', 0, 1, [0, 8, 12, 0]), span('LOC', 5, 6, [0, 8, 12, 0])],
      [span('LOC', 3, 4, [0, 8, 12, 0])],
    ];
    const isPlace = (ws: readonly string[], a: number, b: number) => ws.slice(a, b).join(' ') === 'France';
    harmoniseTypes(sentences, spans, NER_LABELS, undefined, isPlace);
    expect(spans.map((list) => list.map((s) => s.label))).toEqual([
      ['ORG'],
      ['ORG'],
      ['ORG', 'ORG'],
      ['LOC'],
    ]);
  });

  it('takes "research firm X" for an organisation, not a place or a person\'s full name', () => {
    const sentences = [
      words('research firm Gartner said .'),
      words('Gartner said sales rose .'),
      words('the giant US deficit grew .'),
      words('the consultancy Jeanne-Marie Gescher founded .'),
    ];
    const spans = [
      [span('LOC', 2, 3, [0, 8, 12, 0])],
      [span('LOC', 0, 1, [0, 8, 12, 0])],
      [span('LOC', 2, 3, [0, 8, 12, 0])],
      [span('PER', 2, 4, [12, 8, 0, 0])],
    ];
    const isPlace = (ws: readonly string[], a: number, b: number) => ws.slice(a, b).join(' ') === 'US';
    const isFirstName = (w: string) => w === 'Jeanne-Marie';
    harmoniseTypes(sentences, spans, NER_LABELS, undefined, isPlace, isFirstName);
    expect(spans.map((list) => list.map((s) => s.label))).toEqual([['ORG'], ['ORG'], ['LOC'], ['PER']]);
  });

  it('follows a strong cue: a company designator makes the name an organisation', () => {
    const sentences = [words('Magna Inc. said .'), words('Magna rose .')];
    const spans = [[span('ORG', 0, 1, [5, 6, 0, 0])], [span('PER', 0, 1, [9, 5, 0, 0])]];
    harmoniseTypes(sentences, spans, NER_LABELS);
    expect(spans.flat().map((s) => s.label)).toEqual(['ORG', 'ORG']);
  });

  it('does not let a table line vote or take votes (a city is a team in a standings table)', () => {
    const sentences = [
      words('Leeds 3 1 0 2 4 5'),
      words('Leeds 2 2 0 0 6 2'),
      words('He lives in Leeds .'),
      words('Leeds is a city .'),
    ];
    const spans = [
      [span('ORG', 0, 1, [0, 30, 5, 0])],
      [span('ORG', 0, 1, [0, 30, 5, 0])],
      [span('LOC', 3, 4, [0, 8, 10, 0])],
      [span('LOC', 0, 1, [0, 5, 20, 0])],
    ];
    harmoniseTypes(sentences, spans, NER_LABELS);
    expect(spans.flat().map((s) => s.label)).toEqual(['ORG', 'ORG', 'LOC', 'LOC']);
  });
});
