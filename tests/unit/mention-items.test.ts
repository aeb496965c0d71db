// Mention items are index entries (issue 14): no text, under one write unit whatever the article says;
// the statements and quotes they stand for come from the article's result (mentionBody), and items
// written by design v2 (texts copied in) still give their quote counts.
import { describe, expect, it } from 'vitest';
import {
  buildMentionItems,
  mentionBody,
  parseMention,
  type DecidedEntity,
} from '../../shared/adapters/dynamodb/mention-items.js';
import { itemSize, WRITE_UNIT_BYTES } from '../../shared/adapters/dynamodb/item-size.js';
import { compressJson } from '../../shared/adapters/dynamodb/result-codec.js';
import type { Analysis } from '../../shared/nlp/pipeline.js';

const said = 'the plant will close and every worker will be paid in full, '.repeat(80);
const s0 = `Anna Petrova said ${said}in Minsk.`;
const s1 = 'Petrova added that Minsk would recover.';
const text = `${s0}\n\n${s1}`;
const start1 = s0.length + 2;

const analysis: Analysis = {
  article: { id: 'art_1', title: 'Plant', text, contentHash: 'h', language: 'en', publishedAt: null },
  statements: [
    { id: 'art_1:s0', index: 0, text: s0, start: 0, end: s0.length },
    { id: 'art_1:s1', index: 1, text: s1, start: start1, end: start1 + s1.length },
  ],
  quotes: [
    {
      id: 'art_1:q0',
      type: 'indirect',
      text: said,
      start: 18,
      end: 18 + said.length,
      statementIndex: 0,
      cue: { text: 'said', start: 13, end: 17 },
      speaker: {
        mention: 'Anna Petrova',
        start: 0,
        end: 12,
        name: 'Anna Petrova',
        entityId: 'art_1:e0',
        resolution: 'name',
      },
    },
  ],
  entities: [
    {
      id: 'art_1:e0',
      type: 'PERSON',
      name: 'Anna Petrova',
      aliases: ['Petrova'],
      mentions: [
        { text: 'Anna Petrova', start: 0, end: 12, statementIndex: 0 },
        { text: 'Petrova', start: start1, end: start1 + 7, statementIndex: 1 },
      ],
    },
    {
      id: 'art_1:e1',
      type: 'LOCATION',
      name: 'Minsk',
      aliases: [],
      mentions: [{ text: 'Minsk', start: start1 + 19, end: start1 + 24, statementIndex: 1 }],
    },
  ],
};

const decided: DecidedEntity[] = [
  {
    entity: analysis.entities[0]!,
    decision: { identityId: 'per.anna-petrova', key: 'petrova', name: 'Anna Petrova', outcome: 'new' },
  },
  {
    entity: analysis.entities[1]!,
    decision: { identityId: 'loc.minsk', key: 'minsk', name: 'Minsk', outcome: 'new' },
  },
];

const items = buildMentionItems(analysis, decided, { date: '2026-01-01', version: 'pv-1' });
const itemOf = (key: string) => items.find((i) => i.pk === `NAME#${key}`)!;
const fileOf = () => ({ key: '', identityId: '', name: '' });

describe('mention items', () => {
  it('are one write unit each, whatever the quotes and statements say, and hold no text', () => {
    expect(items.map((i) => i.pk).sort()).toEqual(['NAME#minsk', 'NAME#petrova']);
    for (const item of items) {
      expect(itemSize(item)).toBeLessThanOrEqual(WRITE_UNIT_BYTES);
      expect(JSON.stringify(item)).not.toContain('worker');
    }
    expect(itemOf('petrova')).toMatchObject({ quoteCount: 1, version: 'pv-1', articleId: 'art_1' });
    expect(itemOf('minsk')).toMatchObject({ quoteCount: 0 });
  });

  it('stand for the statements that name their entities and the quotes they said, from the result', () => {
    const petrova = parseMention(itemOf('petrova'));
    const body = mentionBody(petrova, analysis, fileOf);
    expect(body.statements.map((s) => s.index)).toEqual([0, 1]);
    expect(body.statements[0]!.text).toBe(s0);
    expect(body.quotes).toEqual([
      expect.objectContaining({ n: 0, by: 'per.anna-petrova', text: said, cue: 'said', statementIndex: 0 }),
    ]);
    expect(petrova.entities[0]).toMatchObject({ statements: [0, 1], quotes: 1, mentions: 2 });

    const minsk = parseMention(itemOf('minsk'));
    const about = mentionBody(minsk, analysis, fileOf);
    expect(about.statements.map((s) => s.index)).toEqual([1]);
    expect(about.quotes).toEqual([]);
  });

  it('read the quote counts of a design v2 item from the quotes it carried', () => {
    const { quoteCount: _q, ...current } = itemOf('petrova');
    const entities = (current.entities as Array<Record<string, unknown>>).map(({ quotes: _n, ...e }) => e);
    const quotes = [{ n: 0, by: 'per.anna-petrova', text: 'x' }];
    const plain = parseMention({ ...current, entities, body: { statements: [], quotes } });
    expect(plain.entities[0]!.quotes).toBe(1);
    const compressed = parseMention({
      ...current,
      entities,
      bodyBr: compressJson({ statements: [], quotes }),
    });
    expect(compressed.entities[0]!.quotes).toBe(1);
    expect(parseMention({ ...current, entities }).entities[0]!.quotes).toBeUndefined();
  });
});
