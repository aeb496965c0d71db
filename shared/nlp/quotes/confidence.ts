// Calibrated confidence for quotes and their speakers: how often a quote of this kind (its type and the
// rule or model that made it) matches an annotated quote, and how often a speaker resolved this way is the
// annotated source. The rates come from PolNeAR dev (scripts/calibrate-quotes.ts: histogram binning by
// kind, smoothed towards the broader kind), data the attribution tagger was not trained on; the core only
// looks them up.
import type { Quote } from '../../domain/schema.js';

/** Rates by key, from the most specific key to the most general ('*'); written by the calibration script. */
export interface ConfidenceTables {
  quote: Record<string, number>;
  speaker: Record<string, number>;
}

type QuoteLike = Pick<Quote, 'type' | 'cue' | 'speaker' | 'via'>;

/** What made the quote: its first rule or model ("rule:clause-final-cue", "model:stage2"). */
const origin = (q: QuoteLike) => q.via?.[0] ?? 'none';

/**
 * Whether the speaker came from outside its own sentence: the previous quote's, or the sentence before's
 * subject (' inherited'), or an earlier quote's paragraphs away (' inherited-far').
 */
const inherited = (q: QuoteLike): string => {
  const via = q.via ?? [];
  if (via.includes('rule:continues-earlier-speaker')) return ' inherited-far';
  return via.some(
    (v) =>
      v === 'rule:continues-previous-speaker' ||
      v === 'rule:continues-quotation-before' ||
      v === 'rule:speaker-of-sentence-before',
  )
    ? ' inherited'
    : '';
};

/** The keys a quote's content rate is looked up under, most specific first. */
export function quoteKeys(q: QuoteLike): string[] {
  const kind = `${q.type} ${origin(q)}`;
  return [`${kind} ${q.speaker.resolution}`, kind, origin(q), q.type, '*'];
}

/** The keys a speaker's rate is looked up under, most specific first. */
export function speakerKeys(q: QuoteLike): string[] {
  const how = `${q.speaker.resolution} ${q.cue ? 'cue' : 'no-cue'}${inherited(q)}`;
  return [`${how} ${q.type}`, how, q.speaker.resolution, '*'];
}

/** The rate under the first key the table has (the most specific), looking no further. */
function lookUp(table: Record<string, number>, keys: string[]): number | undefined {
  for (const k of keys) {
    const p = table[k];
    if (p !== undefined) return p;
  }
  return undefined;
}

/** Sets `confidence` on each quote and its speaker (left unset without tables). */
export function addConfidence<Q extends QuoteLike & Pick<Quote, 'confidence'>>(
  quotes: Q[],
  tables: ConfidenceTables | undefined,
): Q[] {
  if (!tables) return quotes;
  for (const q of quotes) {
    const content = lookUp(tables.quote, quoteKeys(q));
    const speaker = lookUp(tables.speaker, speakerKeys(q));
    if (content !== undefined) q.confidence = round(content);
    if (speaker !== undefined) q.speaker.confidence = round(speaker);
  }
  return quotes;
}

const round = (p: number) => Math.round(p * 1000) / 1000;
