// The evaluation harness's own logic (scripts/eval/…): no corpus needed.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { calibration } from '../../scripts/eval/calibration.js';
import { cueClass, goldQuoteType, mentionKind } from '../../scripts/eval/classify.js';
import { checkFloors, type FloorsFile, raiseFloors, valueAt } from '../../scripts/eval/floors.js';
import { match, wordSet } from '../../scripts/eval/matching.js';
import { parsePolnearPart, polnearPartSpec, polnearTexts } from '../../scripts/eval/polnear-corpus.js';
import { meanSd } from '../../scripts/eval-cv.js';

describe('PolNeAR parts', () => {
  const dir = mkdtempSync(join(tmpdir(), 'segeval-polnear-'));
  mkdirSync(join(dir, 'text'));
  const names = Array.from({ length: 23 }, (_, i) => `doc-${String(i).padStart(2, '0')}.txt`);
  for (const n of names.slice().reverse()) writeFileSync(join(dir, 'text', n), '');

  it('splits the held-out tenth (every 10th text in name order) from the other nine tenths', () => {
    expect(polnearTexts(dir, 'heldout')).toEqual(['doc-00.txt', 'doc-10.txt', 'doc-20.txt']);
    expect(polnearTexts(dir, 'rest')).toHaveLength(20);
    expect(polnearTexts(dir, 'all')).toEqual(names);
  });

  it('makes cross-validation folds that cover every text once, each the complement of its training part', () => {
    const folds = [0, 1, 2, 3, 4].map((k) => polnearTexts(dir, parsePolnearPart(`fold:${k}/5`)));
    expect(folds.flat().sort()).toEqual(names);
    for (let k = 0; k < 5; k++) {
      const rest = polnearTexts(dir, parsePolnearPart(`except:${k}/5`));
      expect([...rest, ...folds[k]!].sort()).toEqual(names);
      expect(rest.filter((n) => folds[k]!.includes(n))).toEqual([]);
    }
  });

  it('reads and writes part specs, and refuses bad ones', () => {
    for (const spec of ['all', 'heldout', 'rest', 'fold:2/5', 'except:0/5'])
      expect(polnearPartSpec(parsePolnearPart(spec))).toBe(spec);
    expect(() => parsePolnearPart('fold:5/5')).toThrow(/bad PolNeAR part/);
    expect(() => parsePolnearPart('tenth')).toThrow(/bad PolNeAR part/);
  });
});

describe('matching', () => {
  it('pairs gold and predicted quotes one to one by word Dice >= 0.5, best first', () => {
    const text = 'one two three four five six seven eight';
    const w = (a: number, b: number) => wordSet(text, [{ start: a, end: b }]);
    // gold 0: "one two three four"; gold 1: "five six seven eight"
    const gold = [w(0, 18), w(19, 40)];
    // pred 0 overlaps gold 0 by 3 of 4 words; pred 1 is "two" alone (Dice 0.4); pred 2 is gold 1 exactly.
    const pred = [w(4, 18), w(4, 7), w(19, 40)];
    expect(match(gold, pred).sort()).toEqual([
      [0, 0],
      [1, 2],
    ]);
  });
});

describe('breakdown categories', () => {
  it('classifies speaker mentions', () => {
    expect(mentionKind('Sen. Ted Cruz (R-Texas)')).toBe('name');
    expect(mentionKind('The New York Times')).toBe('name');
    expect(mentionKind('he')).toBe('pronoun');
    expect(mentionKind('who')).toBe('pronoun');
    expect(mentionKind('a spokesman for Trump')).toBe('description');
    expect(mentionKind('Clinton aides')).toBe('description');
    expect(mentionKind(null)).toBe('none');
  });

  it('classifies cues (provisional lists)', () => {
    expect(cueClass('said')).toBe('speech');
    expect(cueClass('told reporters')).toBe('speech');
    expect(cueClass('according to')).toBe('speech');
    expect(cueClass('shouted')).toBe('manner');
    expect(cueClass('believes')).toBe('belief');
    expect(cueClass('planned')).toBe('intention');
    expect(cueClass('invited')).toBe('action');
    expect(cueClass(null)).toBe('none');
  });

  it('types gold contents by their quotation marks', () => {
    const text = '“We will win,” he said that the plan is “a disaster” and that it failed.';
    expect(goldQuoteType(text, [{ start: 0, end: 14 }])).toBe('direct');
    expect(goldQuoteType(text, [{ start: 23, end: 52 }])).toBe('mixed');
    expect(goldQuoteType(text, [{ start: 57, end: 71 }])).toBe('indirect');
  });
});

describe('calibration', () => {
  it('has no error when each bin is right as often as it is confident', () => {
    const judged = [
      ...Array.from({ length: 10 }, (_, i) => ({ confidence: 0.85, correct: i < 8 || i === 9 })),
      ...Array.from({ length: 10 }, (_, i) => ({ confidence: 0.35, correct: i < 3 || i === 9 })),
    ];
    // 9 of 10 right at 0.85, 4 of 10 at 0.35: |0.9 - 0.85| and |0.4 - 0.35| weigh half each.
    const c = calibration(judged)!;
    expect(c.ece).toBeCloseTo(0.05, 10);
    expect(c.bins[8]).toMatchObject({ count: 10, accuracy: 0.9 });
    expect(c.bins[3]).toMatchObject({ count: 10, accuracy: 0.4 });
    expect(c.bins.filter((b) => b.count)).toHaveLength(2);
  });

  it('puts a confidence of 1 in the last bin, and reports nothing without confidences', () => {
    expect(calibration([{ confidence: 1, correct: true }])!.bins[9]!.count).toBe(1);
    expect(calibration([])).toBeNull();
  });
});

describe('quality gate floors', () => {
  const summary = { quotes: { polnear: { f1: 0.753 } }, entities: { sample: { pass: true } } };
  const floors = (): FloorsFile => ({
    floors: {
      'quotes.polnear.f1': { what: 'dev F1', floor: 0.751, margin: 0.002 },
      'entities.sample.pass': { what: 'sample', floor: 1, margin: 0 },
    },
  });

  it('reads values by path, booleans as 1 and 0', () => {
    expect(valueAt(summary, 'quotes.polnear.f1')).toBe(0.753);
    expect(valueAt(summary, 'entities.sample.pass')).toBe(1);
    expect(valueAt(summary, 'quotes.heldout.f1')).toBeNull();
  });

  it('fails a measure under its floor or missing', () => {
    expect(checkFloors(summary, floors()).every((c) => c.ok)).toBe(true);
    const worse = { quotes: { polnear: { f1: 0.75 } }, entities: { sample: { pass: false } } };
    expect(checkFloors(worse, floors()).map((c) => c.ok)).toEqual([false, false]);
    expect(checkFloors({}, floors()).map((c) => c.value)).toEqual([null, null]);
  });

  it('raises floors to value minus margin, never lowers them', () => {
    const f = floors();
    expect(raiseFloors({ quotes: { polnear: { f1: 0.76 } } }, f)).toEqual(['quotes.polnear.f1']);
    expect(f.floors['quotes.polnear.f1']!.floor).toBe(0.758);
    expect(raiseFloors({ quotes: { polnear: { f1: 0.7 } } }, f)).toEqual([]);
    expect(f.floors['quotes.polnear.f1']!.floor).toBe(0.758);
  });
});

describe('cross-validation summary', () => {
  it('gives the mean and the sample standard deviation', () => {
    expect(meanSd([0.7, 0.72, 0.74])).toEqual({
      mean: expect.closeTo(0.72, 10),
      sd: expect.closeTo(0.02, 10),
      n: 3,
    });
    expect(meanSd([0.7])).toEqual({ mean: 0.7, sd: 0, n: 1 });
  });
});
