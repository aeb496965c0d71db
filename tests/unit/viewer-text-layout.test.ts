// The viewer's text layout: statements cut into runs at quote and entity-mention boundaries.
import { describe, expect, it } from 'vitest';
import type { Quote } from '../../shared/domain/schema.js';
import {
  layoutArticle,
  quoteConfidence,
  quotesOf,
  speakerKey,
  type LayoutStatement,
} from '../../viewer/src/text-layout.js';

const TEXT = '“We are allies,” Lukashenko said. He met Putin in Moscow.\n\nTalks go on.';

function quote(start: number, end: number, extra: Partial<Quote> = {}): Quote {
  return {
    id: `q${start}`,
    type: 'direct',
    text: TEXT.slice(start, end),
    start,
    end,
    statementIndex: 0,
    cue: { text: 'said', start: 28, end: 32 },
    speaker: {
      mention: 'Lukashenko',
      start: 17,
      end: 27,
      name: 'Alexander Lukashenko',
      entityId: 'per.alexander-lukashenko',
      resolution: 'name',
    },
    ...extra,
  };
}

const statement = (
  index: number,
  start: number,
  end: number,
  rest: Partial<LayoutStatement> = {},
): LayoutStatement => ({
  index,
  start,
  end,
  text: TEXT.slice(start, end),
  quotes: [],
  entities: [],
  ...rest,
});

const lukashenko = {
  entityId: 'e1',
  name: 'Alexander Lukashenko',
  type: 'PERSON' as const,
  mentions: [{ start: 17, end: 27 }],
};
const moscow = {
  entityId: 'e2',
  name: 'Moscow',
  type: 'LOCATION' as const,
  mentions: [{ start: 50, end: 56 }],
};

describe('layoutArticle', () => {
  it('cuts a statement at quote and mention boundaries and keeps every character once', () => {
    const q = quote(1, 14);
    const blocks = layoutArticle([
      statement(0, 0, 33, { quotes: [q], entities: [lukashenko] }),
      statement(1, 34, 57, { entities: [moscow] }),
    ]);
    expect(blocks).toHaveLength(2);
    const [first, second] = blocks;
    expect(first!.runs.map((r) => [r.text, r.quote?.id ?? null, r.entity?.name ?? null])).toEqual([
      ['“', null, null],
      ['We are allies', 'q1', null],
      [',” ', null, null],
      ['Lukashenko', null, 'Alexander Lukashenko'],
      [' said.', null, null],
    ]);
    expect(second!.runs.map((r) => r.text).join('')).toBe('He met Putin in Moscow.');
    expect(second!.runs.find((r) => r.entity)?.text).toBe('Moscow');
    // One space between them: the same paragraph.
    expect(second!.paragraph).toBe(false);
  });

  it('starts a paragraph after a line break and cuts a quote over two statements in both', () => {
    const long = quote(37, 71);
    const blocks = layoutArticle([statement(1, 34, 57, { quotes: [long] }), statement(2, 59, 71)]);
    expect(blocks[1]!.paragraph).toBe(true);
    expect(blocks[0]!.runs.filter((r) => r.quote).map((r) => r.text)).toEqual(['met Putin in Moscow.']);
    expect(blocks[1]!.runs.map((r) => [r.text, r.quote?.id])).toEqual([['Talks go on.', 'q37']]);
  });

  it('marks only the quoted parts of a split quote, not the attribution between them', () => {
    const split = quote(1, 57, {
      parts: [
        { start: 1, end: 14 },
        { start: 37, end: 57 },
      ],
    });
    const [block] = layoutArticle([statement(0, 0, 57, { quotes: [split] })]);
    expect(block!.runs.filter((r) => r.quote).map((r) => r.text)).toEqual([
      'We are allies',
      'met Putin in Moscow.',
    ]);
  });

  it('puts an entity inside a quote in a run with both marks', () => {
    const q = quote(34, 57);
    const [block] = layoutArticle([statement(1, 34, 57, { quotes: [q], entities: [moscow] })]);
    expect(block!.runs.map((r) => [r.text, Boolean(r.quote), r.entity?.name ?? null])).toEqual([
      ['He met Putin in ', true, null],
      ['Moscow', true, 'Moscow'],
      ['.', true, null],
    ]);
  });
});

describe('quote helpers', () => {
  it('filters on the lower of the quote and speaker confidences, null when neither is known', () => {
    expect(quoteConfidence(quote(1, 14))).toBeNull();
    expect(quoteConfidence(quote(1, 14, { confidence: 0.9 }))).toBe(0.9);
    const q = quote(1, 14, { confidence: 0.9 });
    q.speaker.confidence = 0.4;
    expect(quoteConfidence(q)).toBe(0.4);
  });

  it('groups quotes by resolved identity, then by name, then as unresolved', () => {
    const q = quote(1, 14);
    expect(speakerKey(q)).toBe('per.alexander-lukashenko');
    expect(speakerKey({ ...q, speaker: { ...q.speaker, entityId: null } })).toBe('name:Alexander Lukashenko');
    expect(speakerKey({ ...q, speaker: { ...q.speaker, entityId: null, name: null } })).toBe('unresolved');
    expect(
      quotesOf([statement(1, 34, 57, { quotes: [quote(40, 50)] }), statement(0, 0, 33, { quotes: [q] })]).map(
        (x) => x.id,
      ),
    ).toEqual(['q1', 'q40']);
  });
});
