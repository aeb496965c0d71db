// Calibrates the confidence of quotes and speakers (shared/nlp/quotes/confidence.ts) on PolNeAR dev, which
// the attribution tagger was not trained on: for every kind of quote (its type and the rule or model that
// made it) the share that matches an annotated quote, and for every way a speaker was found (resolution,
// cue or none, inherited) the share whose span is the annotated source. Histogram binning by kind; a kind
// seen rarely is pulled towards the broader kind (a Beta prior of weight PRIOR_WEIGHT).
//   npm run calibrate:quotes                       → shared/nlp/models/quote-confidence.json (+ reliability on dev)
//   npm run calibrate:quotes -- --measure heldout  reliability of the shipped rates on the held-out tenth of
//       train, with QUOTES_ATTRIBUTION_MODEL=<a model trained without it>; prints only the table and the ECE
//       (the held-out tenth is for measurement: no errors are shown).
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import type { Quote } from '../shared/domain/schema.js';
import {
  ATTRIBUTION_MODEL_FILE,
  QUOTE_CONFIDENCE_FILE,
  defaultModels,
  modelPath,
} from '../shared/adapters/models/index.js';
import { analyzeArticle } from '../shared/nlp/pipeline.js';
import { type ConfidenceTables, quoteKeys, speakerKeys } from '../shared/nlp/quotes/confidence.js';
import { repoRoot } from './attribution-manifest.js';
import { match, polnearAnnFiles, polnearTexts, readPolnearAnn, wordSet } from './eval-quotes.js';

const PRIOR_WEIGHT = 10;
const MIN_COUNT = 5;
const BINS = 10;

const opts = new Command()
  .option('--shared <dir>', 'the shared reference data', join(repoRoot, '../shared'))
  .option('--measure <split>', 'only measure the shipped rates on dev or heldout')
  .parse()
  .opts<{ shared: string; measure?: 'dev' | 'heldout' }>();

interface Judged {
  keys: string[];
  correct: boolean;
  confidence?: number | undefined;
}

/** Every predicted quote (right: it matches an annotated quote) and every matched speaker, of a split. */
function judge(split: 'dev' | 'heldout'): { quotes: Judged[]; speakers: Judged[]; documents: number } {
  const dir = join(opts.shared, `data/polnear/data/${split === 'dev' ? 'dev' : 'train'}`);
  const anns = polnearAnnFiles(dir);
  const models = opts.measure ? defaultModels() : { ...defaultModels(), quoteConfidence: undefined };
  const quotes: Judged[] = [];
  const speakers: Judged[] = [];
  const files = polnearTexts(dir, split === 'dev' ? 'all' : 'heldout').filter((f) => f.endsWith('.txt'));
  for (const f of files) {
    const ann = anns.get(f.replace(/\.txt$/, ''));
    if (!ann) continue;
    const text = readFileSync(join(dir, 'text', f), 'utf8');
    const gold = readPolnearAnn(readFileSync(join(dir, 'attributions', ann), 'utf8'));
    const doc = { text, title: null, language: 'en', publishedAt: null, format: 'text' } as const;
    const predicted: Quote[] = analyzeArticle(doc, models).quotes;
    const pairs = match(
      gold.map((a) => wordSet(text, a.content)),
      predicted.map((q) => wordSet(text, [q])),
    );
    const goldOf = new Map(pairs.map(([i, j]) => [j, i]));
    predicted.forEach((q, j) => {
      const i = goldOf.get(j);
      quotes.push({ keys: quoteKeys(q), correct: i !== undefined, confidence: q.confidence });
      const source = i === undefined ? null : gold[i]!.source;
      if (!source) return;
      const { start, end } = q.speaker;
      const right = start !== null && end !== null && source.some((s) => s.start < end && start < s.end);
      speakers.push({ keys: speakerKeys(q), correct: right, confidence: q.speaker.confidence });
    });
  }
  return { quotes, speakers, documents: files.length };
}

/** Smoothed rates by key: the most general key's raw rate, each more specific one pulled towards its parent. */
function rates(judged: Judged[]): Record<string, number> {
  const counts = new Map<string, { n: number; right: number; parent: string | null }>();
  for (const { keys, correct } of judged)
    keys.forEach((k, level) => {
      const c = counts.get(k) ?? { n: 0, right: 0, parent: keys[level + 1] ?? null };
      c.n++;
      if (correct) c.right++;
      counts.set(k, c);
    });
  const out: Record<string, number> = {};
  const rateOf = (k: string): number => {
    if (out[k] !== undefined) return out[k];
    const c = counts.get(k)!;
    const prior = c.parent ? rateOf(c.parent) : 0.5;
    return (out[k] = (c.right + PRIOR_WEIGHT * prior) / (c.n + PRIOR_WEIGHT));
  };
  for (const k of counts.keys()) rateOf(k);
  return Object.fromEntries(
    Object.entries(out)
      .filter(([k]) => k === '*' || counts.get(k)!.n >= MIN_COUNT)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, p]) => [k, Math.round(p * 1000) / 1000]),
  );
}

/** The first rate under a judged item's keys (as the core looks it up). */
const rateFor = (table: Record<string, number>, keys: string[]) =>
  keys.map((k) => table[k]).find((p) => p !== undefined)!;

/** Reliability table (10 equal-width bins) and expected calibration error. */
function reliability(pairs: Array<{ confidence: number; correct: boolean }>) {
  const bins = Array.from({ length: BINS }, () => ({ n: 0, confidence: 0, right: 0 }));
  for (const { confidence, correct } of pairs) {
    const b = bins[Math.min(BINS - 1, Math.floor(confidence * BINS))]!;
    b.n++;
    b.confidence += confidence;
    if (correct) b.right++;
  }
  const n = pairs.length;
  const ece = bins.reduce(
    (s, b) => s + (b.n ? (b.n / n) * Math.abs(b.right / b.n - b.confidence / b.n) : 0),
    0,
  );
  const table = bins.flatMap((b, i) =>
    b.n
      ? [
          {
            bin: `${(i / BINS).toFixed(1)}–${((i + 1) / BINS).toFixed(1)}`,
            count: b.n,
            meanConfidence: Math.round((1000 * b.confidence) / b.n) / 1000,
            accuracy: Math.round((1000 * b.right) / b.n) / 1000,
          },
        ]
      : [],
  );
  return { count: n, ece: Math.round(ece * 1000) / 1000, table };
}

function report(name: string, r: ReturnType<typeof reliability>): void {
  process.stderr.write(`${name}: ECE ${r.ece.toFixed(3)} over ${r.count}\n`);
  for (const b of r.table)
    process.stderr.write(
      `  ${b.bin}  n ${String(b.count).padStart(5)}  confidence ${b.meanConfidence.toFixed(3)}  right ${b.accuracy.toFixed(3)}\n`,
    );
}

if (opts.measure) {
  const { quotes, speakers, documents } = judge(opts.measure);
  const scored = (js: Judged[]) =>
    js.flatMap((j) => (j.confidence === undefined ? [] : [{ confidence: j.confidence, correct: j.correct }]));
  process.stderr.write(`PolNeAR ${opts.measure} (${documents} documents), shipped confidence rates\n`);
  const result = { quote: reliability(scored(quotes)), speaker: reliability(scored(speakers)) };
  report('quote confidence', result.quote);
  report('speaker confidence', result.speaker);
  process.stdout.write(JSON.stringify(result, null, 2) + '\n');
} else {
  const { quotes, speakers, documents } = judge('dev');
  const tables: ConfidenceTables = { quote: rates(quotes), speaker: rates(speakers) };
  const fit = (js: Judged[], table: Record<string, number>) =>
    reliability(js.map((j) => ({ confidence: rateFor(table, j.keys), correct: j.correct })));
  const dev = { quote: fit(quotes, tables.quote), speaker: fit(speakers, tables.speaker) };
  report('quote confidence (dev, in sample)', dev.quote);
  report('speaker confidence (dev, in sample)', dev.speaker);
  const model = readFileSync(modelPath(ATTRIBUTION_MODEL_FILE));
  const out = {
    calibratedOn: `PolNeAR 1.0 dev (${documents} documents; the attribution tagger is trained on train)`,
    method: `histogram binning by kind (shared/nlp/quotes/confidence.ts), Beta prior of weight ${PRIOR_WEIGHT} towards the broader kind; kinds seen under ${MIN_COUNT} times fall back to the broader kind`,
    command: 'npm run calibrate:quotes',
    attributionModelSha256: createHash('sha256').update(model).digest('hex'),
    reliabilityOnDev: dev,
    tables,
  };
  const file = modelPath(QUOTE_CONFIDENCE_FILE);
  writeFileSync(file, JSON.stringify(out, null, 2) + '\n');
  process.stderr.write(`wrote ${file}\n`);
}
