// The stored form of one analysis: compact JSON (the article text once; statement, quote and mention
// texts only where they are not the slice of the text their offsets name; ids derived, not stored)
// compressed with brotli. A BBC article takes ~1.9 KB (2 write units) this way, against ~11 KB of
// plain JSON. Versioned by `f` so that the format can change without a migration of old items.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { brotliCompressSync, brotliDecompressSync, constants, createBrotliCompress } from 'node:zlib';
import { entityId, quoteId, statementId } from '../../domain/ids.js';
import type { Entity, EntityMention, Quote, Statement } from '../../domain/schema.js';
import type { Analysis } from '../../nlp/pipeline.js';
import type { PipelineVersion, SourceRef } from '../../app/ports.js';
import type { InputFormat } from '../../domain/schema.js';

export interface ResultMeta {
  pipelineVersion: PipelineVersion;
  processedAt: string;
  format: InputFormat;
  source: SourceRef;
  /** Keys ("pk\nsk") of the mention items this version wrote: what replacing it must clean up. */
  indexKeys?: string[];
}

export interface StoredAnalysis {
  analysis: Analysis;
  meta: ResultMeta;
}

const FORMAT = 1;

type CompactStatement =
  [number, number] | [number, number, string | null] | [number, number, string | null, string];
type CompactMention = [number, number, number] | [number, number, number, string];
type CompactQuote = Omit<Quote, 'id' | 'text' | 'speaker'> & {
  text?: string;
  speaker: Omit<Quote['speaker'], 'entityId'> & { entityId: number | null };
};
type CompactEntity = Omit<Entity, 'id' | 'mentions'> & { mentions: CompactMention[] };

interface CompactAnalysis {
  f: number;
  meta: ResultMeta;
  article: Omit<Analysis['article'], 'id'>;
  statements: CompactStatement[];
  quotes: CompactQuote[];
  entities: CompactEntity[];
}

const entityIndexOf = (id: string | null) => {
  if (!id) return null;
  const n = Number(id.slice(id.lastIndexOf(':e') + 2));
  return Number.isInteger(n) ? n : null;
};

type Slice = (start: number, end: number) => string;

const compactStatement =
  (slice: Slice) =>
  (s: Statement): CompactStatement => {
    const kind = s.kind ?? null;
    if (s.text !== slice(s.start, s.end)) return [s.start, s.end, kind, s.text];
    return kind ? [s.start, s.end, kind] : [s.start, s.end];
  };

const compactQuote =
  (slice: Slice) =>
  ({ id: _q, text: quoteText, speaker, ...rest }: Quote): CompactQuote => ({
    ...rest,
    ...(quoteText === slice(rest.start, rest.end) ? {} : { text: quoteText }),
    speaker: { ...speaker, entityId: entityIndexOf(speaker.entityId) },
  });

const compactEntity =
  (slice: Slice) =>
  ({ id: _e, mentions, ...rest }: Entity): CompactEntity => ({
    ...rest,
    mentions: mentions.map((m): CompactMention =>
      m.text === slice(m.start, m.end)
        ? [m.start, m.end, m.statementIndex]
        : [m.start, m.end, m.statementIndex, m.text],
    ),
  });

export function compactAnalysis(analysis: Analysis, meta: ResultMeta): CompactAnalysis {
  const { article, statements, quotes, entities } = analysis;
  const text = article.text;
  const slice = (start: number, end: number) => text.slice(start, end);
  const { id: _id, ...articleRest } = article;
  return {
    f: FORMAT,
    meta,
    article: articleRest,
    statements: statements.map(compactStatement(slice)),
    quotes: quotes.map(compactQuote(slice)),
    entities: entities.map(compactEntity(slice)),
  };
}

/** Characters of JSON in one piece of compactJsonPieces (about). */
const PIECE_CHARS = 64 * 1024;

/** A string's JSON in pieces, as JSON.stringify writes it whole (no surrogate pair is cut). */
function* stringPieces(value: string): Generator<string> {
  if (value.length <= PIECE_CHARS) {
    yield JSON.stringify(value);
    return;
  }
  yield '"';
  for (let at = 0; at < value.length;) {
    let end = Math.min(value.length, at + PIECE_CHARS);
    const last = value.charCodeAt(end - 1);
    if (end < value.length && last >= 0xd800 && last <= 0xdbff) end--;
    yield JSON.stringify(value.slice(at, end)).slice(1, -1);
    at = end;
  }
  yield '"';
}

/** Elements of an array in one piece (a quote's JSON is a few hundred characters). */
const ARRAY_PIECE_ITEMS = 128;

/** An array's JSON in pieces of ARRAY_PIECE_ITEMS elements, each compacted as it is written. */
function* arrayPieces<T, C>(items: readonly T[], compact: (item: T) => C): Generator<string> {
  yield '[';
  for (let at = 0; at < items.length; at += ARRAY_PIECE_ITEMS) {
    const json = JSON.stringify(items.slice(at, at + ARRAY_PIECE_ITEMS).map(compact));
    yield (at > 0 ? ',' : '') + json.slice(1, -1);
  }
  yield ']';
}

/**
 * The JSON of compactAnalysis(analysis, meta) in pieces, exactly as JSON.stringify writes it whole, but
 * never all at once: a 5 MB article's JSON and its compact copy of every statement, quote and mention
 * were ~100 MB at their peak (issue 13, bounded memory).
 */
export function* compactJsonPieces(analysis: Analysis, meta: ResultMeta): Generator<string> {
  const { article, statements, quotes, entities } = analysis;
  const text = article.text;
  const slice = (start: number, end: number) => text.slice(start, end);
  const { id: _id, ...articleRest } = article;
  yield `{"f":${FORMAT},"meta":${JSON.stringify(meta)},"article":{`;
  let first = true;
  for (const [key, value] of Object.entries(articleRest)) {
    if (value === undefined) continue;
    yield `${first ? '' : ','}${JSON.stringify(key)}:`;
    first = false;
    if (typeof value === 'string') yield* stringPieces(value);
    else yield JSON.stringify(value);
  }
  yield '},"statements":';
  yield* arrayPieces(statements, compactStatement(slice));
  yield ',"quotes":';
  yield* arrayPieces(quotes, compactQuote(slice));
  yield ',"entities":';
  yield* arrayPieces(entities, compactEntity(slice));
  yield '}';
}

export function expandAnalysis(articleId: string, compact: CompactAnalysis): StoredAnalysis {
  if (compact.f !== FORMAT) throw new Error(`Unknown stored result format ${compact.f}.`);
  const text = compact.article.text;
  const statements: Statement[] = compact.statements.map(([start, end, kind, own], index) => ({
    id: statementId(articleId, index),
    index,
    text: own ?? text.slice(start, end),
    start,
    end,
    ...(kind ? { kind: kind as Statement['kind'] } : {}),
  }));
  const entities: Entity[] = compact.entities.map(({ mentions, ...rest }, i) => ({
    id: entityId(articleId, i),
    ...rest,
    mentions: mentions.map(([start, end, statementIndex, own]): EntityMention => ({
      text: own ?? text.slice(start, end),
      start,
      end,
      statementIndex,
    })),
  }));
  const quotes: Quote[] = compact.quotes.map(({ text: own, speaker, ...rest }, i) => ({
    id: quoteId(articleId, i),
    ...rest,
    text: own ?? text.slice(rest.start, rest.end),
    speaker: {
      ...speaker,
      entityId: speaker.entityId === null ? null : entityId(articleId, speaker.entityId),
    },
  }));
  return {
    analysis: { article: { id: articleId, ...compact.article }, statements, quotes, entities },
    meta: compact.meta,
  };
}

/** Brotli-compressed JSON of any value, at a middle quality: within 20 % of the smallest output at a
 * fraction of the CPU. */
export function compressJson(value: unknown): Uint8Array {
  const json = Buffer.from(JSON.stringify(value), 'utf8');
  return brotliCompressSync(json, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 6,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      [constants.BROTLI_PARAM_SIZE_HINT]: json.length,
    },
  });
}

export function decompressJson<T>(body: Uint8Array): T {
  return JSON.parse(brotliDecompressSync(body).toString('utf8')) as T;
}

/** Brotli of JSON written in pieces (streamed: neither the JSON nor its bytes are ever whole). */
export async function compressJsonPieces(pieces: Iterable<string>, sizeHint = 0): Promise<Uint8Array> {
  const out: Buffer[] = [];
  await pipeline(
    Readable.from(
      (function* () {
        for (const piece of pieces) yield Buffer.from(piece, 'utf8');
      })(),
    ),
    createBrotliCompress({
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 6,
        // A 256 KB window: the encoder's memory is ~7 MB on a 5 MB article, where the default 4 MB window
        // took ~48 MB and a 1 MB one ~20 MB (for 10 % and 9.5 % smaller output there). A news article's
        // compact JSON fits in 256 KB whole, so its output is as small as with any larger window.
        [constants.BROTLI_PARAM_LGWIN]: 18,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_SIZE_HINT]: sizeHint,
      },
    }),
    async (compressed: AsyncIterable<Buffer>) => {
      for await (const chunk of compressed) out.push(chunk);
    },
  );
  return Buffer.concat(out);
}

/** The stored form of an analysis: its compact JSON, brotli-compressed as it is written. */
export const encodeResult = (analysis: Analysis, meta: ResultMeta): Promise<Uint8Array> =>
  compressJsonPieces(compactJsonPieces(analysis, meta), analysis.article.text.length);

export const decodeResult = (articleId: string, body: Uint8Array): StoredAnalysis =>
  expandAnalysis(articleId, decompressJson<CompactAnalysis>(body));
