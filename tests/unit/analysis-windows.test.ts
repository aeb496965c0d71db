// Issue 13, "bounded memory": a very long article is tagged and its quotes extracted in windows of whole
// paragraphs, so that what each window needs is let go before the next. The windows are cut where a
// reference scan says (never inside a quotation or statement); each window's result is what the window
// alone, analysed as a document of its own, gives; and however long the text, no single call of the
// tagger or the quote extractor sees more than a window and one paragraph of it.
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { defaultModels } from '../../shared/adapters/models/index.js';
import type { Entity, Span, Statement } from '../../shared/domain/schema.js';
import { firstNameGender, linkEntities } from '../../shared/nlp/ner/index.js';
import { recognizeWithTagger, sentenceWindows } from '../../shared/nlp/ner/recognize.js';
import { NerTagger } from '../../shared/nlp/ner/tagger.js';
import { extractQuotes, findQuotationsDetailed } from '../../shared/nlp/quotes/index.js';
import { SpeakerResolver } from '../../shared/nlp/quotes/speakers.js';
import { entitiesByWindow, quoteWindows } from '../../shared/nlp/quotes/windows.js';
import { splitParagraphs, splitSentences } from '../../shared/nlp/segment.js';
import { buildStatements } from '../../shared/nlp/statements.js';

const models = defaultModels();

// ---- where windows are cut ----------------------------------------------------------------------

/** Paragraphs in text order with gaps between them, and spans over them (some across paragraphs). */
const layout = fc
  .array(fc.tuple(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 3 })), {
    minLength: 1,
    maxLength: 40,
  })
  .chain((sizes) => {
    const paragraphs: Span[] = [];
    let at = 0;
    for (const [length, gap] of sizes) {
      paragraphs.push({ start: at, end: at + length });
      at += length + gap;
    }
    const length = at;
    const span = fc
      .tuple(fc.nat({ max: length - 1 }), fc.integer({ min: 1, max: 120 }))
      .map(([start, n]): Span => ({ start, end: Math.min(length, start + n) }));
    const sorted = fc
      .array(span, { maxLength: 12 })
      .map((spans) => spans.sort((a, b) => a.start - b.start || a.end - b.end));
    return fc.record({
      text: fc.constant('x'.repeat(length)),
      paragraphs: fc.constant(paragraphs),
      unsplittable: fc.array(sorted, { maxLength: 2 }),
      maxChars: fc.integer({ min: 1, max: length + 10 }),
    });
  });

/** The reference: at each paragraph start, in order, scan every span to see whether a cut is allowed. */
function referenceWindows(
  text: string,
  paragraphs: readonly Span[],
  unsplittable: readonly (readonly Span[])[],
  maxChars: number,
): Span[] {
  if (text.length < maxChars) return [{ start: 0, end: text.length }];
  const crosses = (at: number) => unsplittable.some((list) => list.some((s) => s.start < at && at < s.end));
  const out: Span[] = [];
  let start = 0;
  for (const p of paragraphs) {
    if (p.start - start >= maxChars && !crosses(p.start)) {
      out.push({ start, end: p.start });
      start = p.start;
    }
  }
  out.push({ start, end: text.length });
  return out;
}

describe('quote windows', () => {
  it('are cut at the first paragraph start past the window size that no quotation or statement crosses', () => {
    fc.assert(
      fc.property(layout, ({ text, paragraphs, unsplittable, maxChars }) => {
        const windows = quoteWindows({ text, paragraphs, unsplittable }, maxChars);
        expect(windows).toEqual(referenceWindows(text, paragraphs, unsplittable, maxChars));
        // They tile the text, each cut at a paragraph start.
        expect(windows[0]!.start).toBe(0);
        expect(windows[windows.length - 1]!.end).toBe(text.length);
        for (let k = 1; k < windows.length; k++) {
          expect(windows[k]!.start).toBe(windows[k - 1]!.end);
          expect(paragraphs.some((p) => p.start === windows[k]!.start)).toBe(true);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('give each window the entities mentioned in it, with those mentions, in the article’s order', () => {
    const entities = fc.array(
      fc
        .uniqueArray(fc.nat({ max: 300 }), { minLength: 1, maxLength: 8 })
        .map((starts) =>
          starts
            .sort((a, b) => a - b)
            .map((start) => ({ text: 'N', start, end: start + 1, statementIndex: 0 })),
        ),
      { maxLength: 10 },
    );
    const cuts = fc.uniqueArray(fc.integer({ min: 1, max: 300 }), { maxLength: 6 });
    fc.assert(
      fc.property(entities, cuts, (mentionLists, cutList) => {
        const bounds = [0, ...cutList.sort((a, b) => a - b), 302];
        const windows = bounds.slice(1).map((end, k): Span => ({ start: bounds[k]!, end }));
        const all: Entity[] = mentionLists.map((mentions, i) => ({
          id: `e${i}`,
          type: 'PERSON',
          name: `N${i}`,
          aliases: [],
          mentions,
        }));
        const expected = windows.map((w) =>
          all
            .map((e) => ({ ...e, mentions: e.mentions.filter((m) => m.start >= w.start && m.start < w.end) }))
            .filter((e) => e.mentions.length > 0),
        );
        const of = entitiesByWindow(all, windows);
        expect(windows.map((_, k) => of(k))).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });
});

// ---- a window's result is the window's own ---------------------------------------------------------

// Three short made-up articles; none opens with a headline the quote rules would read as a quote.
const ARTICLES = [
  `The city council approved the new harbour plans on Tuesday, Mayor Anna Berg said.

“This is a good day for the port. We waited ten years,” Berg told reporters.

Opposition leader Tom Hale said the costs had been underestimated by at least £4m.

Work on the first quay is expected to start in May and to last until 2027. Mr Hale added: “We will hold the council to every penny of it.”`,
  `Shares in Acme Corp rose sharply in London on Monday after the company reported record profits.

Chief executive Maria Lopez said the results showed the strategy was working. “We have turned the corner,” she said.

Analysts at Barclays said the outlook for the rest of the year remained uncertain, according to a note seen by Reuters.`,
  `The Prime Minister will visit Paris next week for talks with President Emmanuel Macron, Downing Street said.

A spokesman said the two leaders would discuss trade and security. “The relationship has never been stronger,” he said.

Critics said the visit was a distraction. “It is all show,” said Labour MP James Carter, who chairs the trade committee.`,
];

interface Prepared {
  text: string;
  sentences: ReturnType<typeof splitSentences>;
  paragraphs: Span[];
  quotations: ReturnType<typeof findQuotationsDetailed>;
  statements: Statement[];
  entities: Entity[];
}

function prepare(text: string, statementBase = 0): Prepared {
  const paragraphs = splitParagraphs(text);
  const sentences = splitSentences(text);
  const quotations = findQuotationsDetailed(text, paragraphs);
  const statements: Statement[] = buildStatements(text, sentences, quotations).map((s, i) => ({
    ...s,
    id: `s${statementBase + i}`,
    index: statementBase + i,
  }));
  const entities = linkEntities(models.ner, text, recognizeWithTagger(models.ner, text, sentences), {
    publishedAt: null,
    statementIndexAt: () => 0,
  }).map((e, i) => ({ ...e, id: `e${i}` }));
  return { text, sentences, paragraphs, quotations, statements, entities };
}

const quoteModels = {
  attribution: models.attribution,
  ...(models.quoteConfidence ? { confidence: models.quoteConfidence } : {}),
  firstNameGender: (name: string) => firstNameGender(models.ner, name),
  isPlace: (name: string) => models.ner.gazetteer?.isPlace(name) ?? false,
};

/** The articles run together (blank lines between), their spans, and a window size that cuts at each. */
function runTogether(order: number[]) {
  const blocks = order.map((i) => ARTICLES[i]!);
  const text = blocks.join('\n\n');
  const spans: Span[] = [];
  let at = 0;
  for (const b of blocks) {
    spans.push({ start: at, end: at + b.length });
    at += b.length + 2;
  }
  // Past every article's last paragraph start, within the shortest article's length.
  const maxChars = Math.max(...blocks.map((b) => b.lastIndexOf('\n\n') + 3));
  expect(maxChars).toBeLessThanOrEqual(Math.min(...blocks.map((b) => b.length)));
  return { blocks, text, spans, maxChars };
}

describe('an article read in windows', () => {
  const orders = fc.array(fc.integer({ min: 0, max: ARTICLES.length - 1 }), { minLength: 2, maxLength: 5 });

  it('has the entity mentions each window has alone, offsets moved by where it starts', () => {
    fc.assert(
      fc.property(orders, (order) => {
        const { blocks, text, spans, maxChars } = runTogether(order);
        const sentences = splitSentences(text);
        const windows = sentenceWindows(sentences, maxChars);
        expect(windows.map((w) => w[0]!.start)).toEqual(spans.map((s) => s.start));
        const windowed = recognizeWithTagger(models.ner, text, sentences, null, maxChars);
        const alone = blocks.flatMap((b, k) =>
          recognizeWithTagger(models.ner, b, splitSentences(b)).map((m) => ({
            ...m,
            start: m.start + spans[k]!.start,
            end: m.end + spans[k]!.start,
          })),
        );
        expect(alone.length).toBeGreaterThanOrEqual(3 * blocks.length);
        expect(windowed).toEqual(alone);
      }),
      { numRuns: 4 },
    );
  });

  it('has the quotes each window has alone, with the article’s offsets, statements and entities', () => {
    fc.assert(
      fc.property(orders, (order) => {
        const { blocks, text, spans, maxChars } = runTogether(order);
        const whole = prepare(text);
        const windows = quoteWindows(
          { text, paragraphs: whole.paragraphs, unsplittable: [whole.quotations, whole.statements] },
          maxChars,
        );
        expect(windows).toEqual(
          spans.map((s, k) => ({ start: s.start, end: spans[k + 1]?.start ?? text.length })),
        );
        const nameOf = new Map(whole.entities.map((e) => [e.id, e.name]));
        const windowed = extractQuotes({ ...whole, models: quoteModels }, maxChars).map((q) => ({
          ...q,
          speaker: { ...q.speaker, entityId: q.speaker.entityId && nameOf.get(q.speaker.entityId) },
        }));
        // Each article alone, with the whole text's entities (as the window sees them) and statements.
        let statementBase = 0;
        const alone = blocks.flatMap((b, k) => {
          const own = prepare(b, statementBase);
          statementBase += own.statements.length;
          const shift = spans[k]!.start;
          const names = new Map(own.entities.map((e) => [e.id, e.name]));
          return extractQuotes({ ...own, models: quoteModels }).map((q) => ({
            ...q,
            start: q.start + shift,
            end: q.end + shift,
            cue: q.cue && { ...q.cue, start: q.cue.start + shift, end: q.cue.end + shift },
            speaker: {
              ...q.speaker,
              start: q.speaker.start === null ? null : q.speaker.start + shift,
              end: q.speaker.end === null ? null : q.speaker.end + shift,
              entityId: q.speaker.entityId && names.get(q.speaker.entityId),
            },
            ...(q.parts
              ? { parts: q.parts.map((p) => ({ start: p.start + shift, end: p.end + shift })) }
              : {}),
          }));
        });
        expect(alone.filter((q) => q.speaker.entityId).length).toBeGreaterThanOrEqual(2 * blocks.length);
        expect(windowed).toEqual(alone);
        for (const q of windowed) expect(text.slice(q.start, q.end)).toContain(q.text.slice(0, 10));
      }),
      { numRuns: 4 },
    );
  });
});

// ---- no call sees more than a window --------------------------------------------------------------

const SENTENCES = [
  'The city council approved the new harbour plans on Tuesday, Mayor Anna Berg said. ',
  '“This is a good day for the port,” Berg told reporters. ',
  'Shares in Acme Corp. rose 4p to 120p on the London Stock Exchange. ',
  '"We will see," said Prof. A. B. Jones, adding that talks would continue. ',
];
/** Paragraphs of one to six drawn sentences, separated by blank lines or single line breaks. */
const longText = fc
  .array(
    fc.tuple(
      fc.array(fc.constantFrom(...SENTENCES), { minLength: 1, maxLength: 6 }),
      fc.constantFrom('\n\n', '\n'),
    ),
    { minLength: 60, maxLength: 120 },
  )
  .map((paragraphs) => paragraphs.map(([s, sep]) => s.join('').trim() + sep).join(''));

describe('a long article', () => {
  it('is never given to the tagger or the speaker resolver more than a window and a paragraph at a time', () => {
    const WINDOW = 2_000;
    fc.assert(
      fc.property(longText, (text) => {
        const prepared = prepare(text);
        const longestParagraph = Math.max(...prepared.paragraphs.map((p) => p.end - p.start));
        const tagDocument = vi.spyOn(NerTagger.prototype, 'tagDocument');
        recognizeWithTagger(models.ner, text, prepared.sentences, null, WINDOW);
        // The characters of the words each call tagged (no more than the text they came from).
        const tagged = tagDocument.mock.calls.map(([sentences]) =>
          sentences.reduce((n, words) => n + words.reduce((m, w) => m + w.length, 0), 0),
        );
        tagDocument.mockRestore();
        expect(tagged.length).toBeGreaterThan(text.length / (WINDOW + longestParagraph) - 1);
        for (const chars of tagged) expect(chars).toBeLessThan(WINDOW + longestParagraph);

        const resolve = vi.spyOn(SpeakerResolver.prototype, 'resolve');
        const quotes = extractQuotes({ ...prepared, models: quoteModels }, WINDOW);
        // The text of the document each speaker look-up was made in.
        const resolved = resolve.mock.contexts.map((r) => (r as { text: string }).text.length);
        resolve.mockRestore();
        expect(quotes.length).toBeGreaterThan(0);
        expect(resolved.length).toBeGreaterThan(0);
        for (const chars of resolved) expect(chars).toBeLessThanOrEqual(WINDOW + longestParagraph + 2);
      }),
      { numRuns: 3 },
    );
  });
});
