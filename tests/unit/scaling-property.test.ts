// Issue 13, "linear time": every stage of the core keeps its time per KB bounded on random and
// adversarial text. fast-check draws a recipe of text pieces (ordinary prose, long runs without spaces,
// unbalanced quotation marks, many short lines, initials, ellipses, deep HTML nesting, random characters);
// the same recipe is built at a small and at a ten times larger size (runs ten times longer, repeats ten
// times more), and the larger must cost less than 25 times the CPU of the smaller: linear is ~10,
// quadratic ~100. A ratio of CPU times over equal-work windows (linear-time.ts), so a loaded machine
// slows both sides alike. Each stage is timed alone, on inputs the earlier stages prepared untimed.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ArticleError } from '../../shared/app/errors.js';
import { defaultModels } from '../../shared/adapters/models/index.js';
import type { Statement } from '../../shared/domain/schema.js';
import { decodeArticle } from '../../shared/ingest/index.js';
import { flattenDeepMarkup, MAX_HTML_DEPTH } from '../../shared/ingest/html.js';
import { loadLinkedom } from '../../shared/ingest/lazy.js';
import { firstNameGender, linkEntities, recognizeEntities } from '../../shared/nlp/ner/index.js';
import { analyzeArticle } from '../../shared/nlp/pipeline.js';
import { extractQuotes, findQuotationsDetailed } from '../../shared/nlp/quotes/index.js';
import { splitParagraphs, splitSentences } from '../../shared/nlp/segment.js';
import { buildStatements } from '../../shared/nlp/statements.js';
import { tokenize } from '../../shared/nlp/tokenize.js';
import { cpuGrowth } from './linear-time.js';
import { plainArticle } from './plain-article.js';

const models = defaultModels();
const FACTOR = 10;
/** Linear is ~10 and quadratic ~100 at a tenfold input; 25 leaves a loaded 2-core machine room. */
const GROWTH_LIMIT = 25;

// ---- the text generator -------------------------------------------------------------------------

const SENTENCES = [
  'The city council approved the new harbour plans on Tuesday, Mayor Anna Berg said. ',
  '“This is a good day for the port,” Berg told reporters. ',
  'Mr. J. R. Smith of the U.S. Department of Trade said growth was 3.5% in 2024... ',
  'Then he left… ',
  '"We will see," said Prof. A. B. Jones, adding that talks with the E.U. would continue. ',
  'Shares in Acme Corp. rose 4p to 120p on the London Stock Exchange. ',
];

/** A piece of text that grows with `size` (characters): a run grows longer, a unit repeats more often. */
type Piece = (size: number) => string;

const repeatTo = (unit: string, size: number) => unit.repeat(Math.max(1, Math.ceil(size / unit.length)));

const piece: fc.Arbitrary<Piece> = fc.oneof(
  // ordinary prose, the sentences in a drawn order
  fc.shuffledSubarray(SENTENCES, { minLength: 1 }).map(
    (s): Piece =>
      (size) =>
        repeatTo(s.join(''), size),
  ),
  // long runs without a space: letters, initials-like "a.", URL-like paths, digits with separators
  fc.constantFrom('x', 'a.', 'A.', 'ab/', '1,000.', '-', 'Ab.').map(
    (unit): Piece =>
      (size) =>
        ` ${repeatTo(unit, size)} `,
  ),
  // unbalanced quotation marks, alone or opening quotations that never close
  fc.constantFrom('“', '"', "'", '‘', '« ', '“He said ', '"No, ', '‘Yes’ and “no ').map(
    (unit): Piece =>
      (size) =>
        repeatTo(unit, size),
  ),
  // many short lines and blank-line paragraphs
  fc.constantFrom('word\n', 'A.\n', '\n\n', 'Smith:\n', '- item\n', '“\n').map(
    (unit): Piece =>
      (size) =>
        repeatTo(unit, size),
  ),
  // initials and abbreviations, ellipses, capitalised runs
  fc.constantFrom('J. ', 'U.S. ', 'Mr. ', '... ', '…', '. . . ', 'Anna Berg ', 'Bank Of The United ').map(
    (unit): Piece =>
      (size) =>
        `${repeatTo(unit, size)}said. `,
  ),
  // random characters from the marks the stages treat specially
  fc
    .string({
      unit: fc.constantFrom(...'aZ .,;:!?…“”‘’"\'()[]-—\n\t0123456789AJM'.split('')),
      minLength: 1,
      maxLength: 40,
    })
    .map(
      (unit): Piece =>
        (size) =>
          repeatTo(unit, size),
    ),
);

/** A recipe: one to four pieces, each given an equal share of the size. */
const recipe = fc.array(piece, { minLength: 1, maxLength: 4 });

const build = (pieces: Piece[], size: number) =>
  pieces.map((p) => p(Math.ceil(size / pieces.length))).join('');

// ---- the stages ------------------------------------------------------------------------------

const doc = plainArticle;

/** What the quote extractor takes, prepared by the stages before it (untimed). */
function quoteInput(text: string) {
  const paragraphs = splitParagraphs(text);
  const sentences = splitSentences(text);
  const quotations = findQuotationsDetailed(text, paragraphs);
  const statements: Statement[] = buildStatements(text, sentences, quotations).map((s, index) => ({
    ...s,
    id: `s${index}`,
    index,
  }));
  const mentions = recognizeEntities(models.ner, text, sentences);
  const entities = linkEntities(models.ner, text, mentions, {
    publishedAt: null,
    statementIndexAt: () => 0,
  }).map((e, i) => ({ ...e, id: `e${i}` }));
  return { text, sentences, statements, entities, quotations, paragraphs };
}

const utf8 = (text: string) => new TextEncoder().encode(text);

/**
 * Asserts that `stage` on the recipe built at `size` and at FACTOR × `size` grows less than GROWTH_LIMIT.
 * `prepare` turns the text into the stage's input (untimed).
 */
function assertBoundedGrowth<T>(
  name: string,
  stage: (input: T) => unknown,
  prepare: (text: string) => T,
  size: number,
  numRuns: number,
  examples: Piece[][] = [],
) {
  fc.assert(
    fc.property(recipe, (pieces) => {
      const growth = cpuGrowth(
        stage,
        prepare(build(pieces, size)),
        prepare(build(pieces, FACTOR * size)),
        FACTOR,
        { rounds: 2, limit: GROWTH_LIMIT },
      );
      if (growth >= GROWTH_LIMIT) {
        throw new Error(`${name}: ${growth.toFixed(1)}× the CPU for ${FACTOR}× the text`);
      }
    }),
    { numRuns, examples: examples.map((e) => [e]) },
  );
}

// The cases issue 13 named, always run besides the drawn ones.
const ADVERSARIAL: Piece[][] = [
  [(n) => 'x'.repeat(n)],
  [(n) => repeatTo('“', n)],
  [(n) => repeatTo('word\n', n)],
  [(n) => repeatTo('J. ', n) + 'Smith said.'],
  [(n) => repeatTo('Wait... then… ', n)],
  [(n) => repeatTo(SENTENCES.join(''), n)],
];

describe('each stage of the core: CPU per KB stays bounded on random and adversarial text', () => {
  it('ingest: decoding text and Markdown', () => {
    // A text without letters is rejected (NO_TEXT): that takes time too, and is timed the same way.
    const decode = (bytes: Uint8Array) => {
      try {
        return decodeArticle(bytes);
      } catch (err) {
        if (err instanceof ArticleError) return err.code;
        throw err;
      }
    };
    assertBoundedGrowth('decodeArticle', decode, utf8, 4_000, 3, [
      [(n) => `# Title\n\n${repeatTo('**bold** [a link](https://x.org) and > quote\n', n)}`],
      ...ADVERSARIAL,
    ]);
  });

  it('ingest: HTML nested deeper than any page, flattened at a fixed depth', () => {
    const nested = (depth: number) =>
      `<html><body>${'<div><span>'.repeat(depth)}<p>Anna Berg said the port would open.</p>${'</span></div>'.repeat(depth)}</body></html>`;
    const small = nested(500);
    const large = nested(FACTOR * 500);
    const text = decodeArticle(utf8(large), { fileName: 'a.html' }).text;
    expect(text).toContain('Anna Berg said the port would open.');
    expect(
      cpuGrowth(
        (html: Uint8Array) => decodeArticle(html, { fileName: 'a.html' }),
        utf8(small),
        utf8(large),
        FACTOR,
        {
          rounds: 2,
          limit: GROWTH_LIMIT,
        },
      ),
    ).toBeLessThan(GROWTH_LIMIT);
  });

  it('ingest: HTML with unclosed and interleaved tags', () => {
    const html = (pieces: Piece[]) => (n: number) =>
      utf8(
        `<html><body>${repeatTo('<p>Berg said <b>no <i>way</b> then</i>. <div>', n)}${build(pieces, n)}</body></html>`,
      );
    fc.assert(
      fc.property(recipe, (pieces) => {
        const make = html(pieces);
        const growth = cpuGrowth(
          (bytes: Uint8Array) => decodeArticle(bytes, { fileName: 'a.html' }),
          make(2_000),
          make(FACTOR * 2_000),
          FACTOR,
          { rounds: 2, limit: GROWTH_LIMIT },
        );
        expect(growth).toBeLessThan(GROWTH_LIMIT);
      }),
      { numRuns: 2 },
    );
  });

  it('segmentation: paragraphs and sentences', () => {
    assertBoundedGrowth(
      'splitSentences',
      (text: string) => (splitParagraphs(text), splitSentences(text)),
      (t) => t,
      8_000,
      4,
      ADVERSARIAL,
    );
  });

  it('tokenisation', () => {
    assertBoundedGrowth(
      'tokenize',
      (text: string) => tokenize(text),
      (t) => t,
      8_000,
      4,
      ADVERSARIAL,
    );
  });

  it('quotation marks and quote extraction', () => {
    assertBoundedGrowth(
      'findQuotations',
      (text: string) => findQuotationsDetailed(text, splitParagraphs(text)),
      (t) => t,
      8_000,
      3,
      ADVERSARIAL,
    );
    assertBoundedGrowth(
      'extractQuotes',
      (input: ReturnType<typeof quoteInput>) =>
        extractQuotes({
          ...input,
          models: {
            attribution: models.attribution,
            firstNameGender: (name) => firstNameGender(models.ner, name),
          },
        }),
      quoteInput,
      2_000,
      2,
      ADVERSARIAL,
    );
  });

  it('named entities: recognition and linking', () => {
    assertBoundedGrowth(
      'recognizeEntities + linkEntities',
      ({ text, sentences }: { text: string; sentences: ReturnType<typeof splitSentences> }) =>
        linkEntities(models.ner, text, recognizeEntities(models.ner, text, sentences), {
          publishedAt: null,
          statementIndexAt: () => 0,
        }),
      (text) => ({ text, sentences: splitSentences(text) }),
      2_000,
      2,
      ADVERSARIAL,
    );
  });

  it('the whole core (analyzeArticle)', () => {
    assertBoundedGrowth(
      'analyzeArticle',
      (text: string) => analyzeArticle(doc(text), models),
      (t) => t,
      3_000,
      2,
      ADVERSARIAL,
    );
  });
});

describe('flattenDeepMarkup', () => {
  it('keeps the text and the block breaks of markup nested past the limit, and drops scripts', () => {
    const depth = MAX_HTML_DEPTH + 10;
    const html =
      `<html><body>${'<div>'.repeat(depth)}<p>One <b>two</b></p><script>x()</script><p>three<br>four</p>` +
      `${'</div>'.repeat(depth)}<p>after</p></body></html>`;
    const { document } = loadLinkedom().parseHTML(html) as unknown as {
      document: Parameters<typeof flattenDeepMarkup>[0] & {
        querySelectorAll(s: string): ArrayLike<{ textContent: string }>;
      };
    };
    flattenDeepMarkup(document);
    const paragraphs = Array.from(document.querySelectorAll('p')).map((p) => p.textContent);
    expect(paragraphs).toEqual(['One two', 'threefour', 'after']);
    expect(document.querySelectorAll('script')).toHaveLength(0);
    expect(document.querySelectorAll('br')).toHaveLength(1);
  });
});
