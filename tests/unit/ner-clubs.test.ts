// A town right before a role word or (in a sports report) "'s" and a person is the person's club.
import { describe, expect, it } from 'vitest';
import { clubsBeforePlayers } from '../../shared/nlp/ner/clubs.js';
import type { TypedSpan } from '../../shared/nlp/ner/consistency.js';

const LABELS = ['PER', 'ORG', 'LOC', 'MISC'];
const words = (s: string): string[] => s.split(' ');
const span = (label: string, start: number, end: number, scores: number[] = []): TypedSpan => ({
  label,
  start,
  end,
  typeScores: Float32Array.from(scores),
  margin: 10,
});
const TOWNS = new Set(['sunderland', 'birmingham', 'boston']);
const isTown = (w: readonly string[], a: number, b: number): boolean =>
  TOWNS.has(w.slice(a, b).join(' ').toLowerCase());

describe('clubsBeforePlayers', () => {
  it('makes a town before a role and a player an organisation, with a lowered margin', () => {
    const sentences = [words('through Sunderland forward Niall Quinn and Ian Harte')];
    const spans = [[span('LOC', 1, 2, [0, 4, 9, 0]), span('PER', 3, 5), span('PER', 6, 8)]];
    expect(clubsBeforePlayers(sentences, spans, LABELS, isTown, false)).toBe(1);
    expect(spans[0]![0]!.label).toBe('ORG');
    expect(spans[0]![0]!.margin).toBe(-5);
  });

  it('reads "\'s" before a player as a club only in a sports report', () => {
    const sentences = [words("Birmingham 's Gary Breen was selected")];
    const spans = [[span('LOC', 0, 1), span('PER', 2, 4)]];
    expect(clubsBeforePlayers(sentences, spans, LABELS, isTown, false)).toBe(0);
    expect(clubsBeforePlayers(sentences, spans, LABELS, isTown, true)).toBe(1);
    expect(spans[0]![0]!.label).toBe('ORG');
    expect(spans[0]![0]!.margin).toBe(10);
  });

  it('leaves countries, places without a player and other types alone', () => {
    const sentences = [
      words("France 's Zinedine Zidane"),
      words('In Boston , Mike Stanley singled'),
      words('Boston manager said'),
      words("Boston 's Fenway Park"),
      words('Sunderland forward Niall Quinn'),
    ];
    const spans = [
      [span('LOC', 0, 1), span('PER', 2, 4)],
      [span('LOC', 1, 2), span('PER', 3, 5)],
      [span('LOC', 0, 1)],
      [span('LOC', 0, 1), span('LOC', 2, 4)],
      [span('ORG', 0, 1), span('PER', 2, 4)],
    ];
    expect(clubsBeforePlayers(sentences, spans, LABELS, isTown, true)).toBe(0);
    expect(clubsBeforePlayers([words('Boston')], [], LABELS, isTown, true)).toBe(0);
  });
});
