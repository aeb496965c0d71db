// Quote evaluation: the sample article against its hand annotation, and PolNeAR dev.
// A predicted quote matches a gold one when their word-token overlap (Dice) is ≥ 0.5 (one-to-one,
// best pairs first); the speaker is right when it names the gold speaker (sample) or its mention
// overlaps the gold Source span (PolNeAR). Run alone: `npx tsx scripts/eval-quotes.ts [--shared DIR] [--errors]
// [--heldout]`; QUOTES_ATTRIBUTION_MODEL=off (rules only) or =<file.bin> (a candidate model).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultModels } from '../shared/adapters/models/index.js';
import { analyzeArticle } from '../shared/nlp/pipeline.js';
import type { Quote, QuoteType, Span } from '../shared/domain/schema.js';

export interface PRF {
  gold: number;
  predicted: number;
  matched: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface QuoteEvalResult {
  sample: PRF & {
    byType: Record<QuoteType, PRF>;
    typeAccuracy: number;
    speakerAccuracy: number;
    cueAccuracy: number;
  };
  polnear:
    | (PRF & {
        documents: number;
        speakerAccuracy: number;
        directRecall: number;
        directGold: number;
        /** Split quotes ("“A,” he said. “B.”") grouped into one attribution, as PolNeAR annotates them. */
        relations: PRF & { speakerAccuracy: number; directRecall: number };
      })
    | null;
}

const WORD = /[\p{L}\p{N}]+/gu;
/** Start offsets of the word tokens inside the spans. */
export function wordSet(text: string, spans: Span[]): Set<number> {
  const out = new Set<number>();
  for (const s of spans)
    for (const m of text.slice(s.start, s.end).matchAll(WORD)) out.add(s.start + (m.index ?? 0));
  return out;
}
function dice(a: Set<number>, b: Set<number>): number {
  if (!a.size || !b.size) return 0;
  let inter = 0;
  for (const x of a) if (b.has(x)) inter++;
  return (2 * inter) / (a.size + b.size);
}
const prf = (gold: number, predicted: number, matched: number): PRF => {
  const precision = predicted ? matched / predicted : 0;
  const recall = gold ? matched / gold : 0;
  return {
    gold,
    predicted,
    matched,
    precision,
    recall,
    f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0,
  };
};

/** One-to-one matching by Dice ≥ 0.5, best pairs first. Returns [goldIndex, predIndex] pairs. */
export function match(gold: Set<number>[], pred: Set<number>[]): Array<[number, number]> {
  const pairs: Array<[number, number, number]> = [];
  // Index predictions by token for O(n) candidate lookup.
  const byToken = new Map<number, number[]>();
  pred.forEach((p, j) => p.forEach((t) => byToken.set(t, [...(byToken.get(t) ?? []), j])));
  gold.forEach((g, i) => {
    const cands = new Set<number>();
    for (const t of g) for (const j of byToken.get(t) ?? []) cands.add(j);
    for (const j of cands) {
      const d = dice(g, pred[j]!);
      if (d >= 0.5) pairs.push([d, i, j]);
    }
  });
  pairs.sort((a, b) => b[0] - a[0]);
  const gUsed = new Set<number>();
  const pUsed = new Set<number>();
  const out: Array<[number, number]> = [];
  for (const [, i, j] of pairs) {
    if (gUsed.has(i) || pUsed.has(j)) continue;
    gUsed.add(i);
    pUsed.add(j);
    out.push([i, j]);
  }
  return out;
}

interface SampleGold {
  type: QuoteType;
  speaker: string;
  cue: string;
  text: string;
  optional?: boolean;
}

function evalSample(sharedDir: string, showErrors: boolean): QuoteEvalResult['sample'] {
  const dir = join(sharedDir, 'fixtures/articles');
  const text = readFileSync(join(dir, 'belarus-russia-partners.txt'), 'utf8')
    .replace(/\r\n?/g, '\n')
    .replace(/^\uFEFF/, '');
  const gold = (
    JSON.parse(readFileSync(join(dir, 'belarus-russia-partners.gold.json'), 'utf8')) as {
      quotes: SampleGold[];
    }
  ).quotes;
  const { quotes } = analyzeArticle(
    { text, title: null, language: 'en', publishedAt: null, format: 'text' },
    defaultModels(),
  );
  let from = 0;
  const goldSets = gold.map((g) => {
    let at = text.indexOf(g.text, from);
    if (at < 0) at = text.indexOf(g.text);
    if (at >= 0) from = at + g.text.length;
    return at >= 0 ? wordSet(text, [{ start: at, end: at + g.text.length }]) : new Set<number>();
  });
  const predSets = quotes.map((q) => wordSet(text, [q]));
  const pairs = match(goldSets, predSets);
  const matchedGold = new Map(pairs.map(([i, j]) => [i, j]));
  const matchedPred = new Set(pairs.map(([, j]) => j));
  const optionalPred = new Set(pairs.filter(([i]) => gold[i]!.optional).map(([, j]) => j));
  const required = gold.filter((g) => !g.optional);
  const predicted = quotes.length - optionalPred.size;
  const matched = pairs.filter(([i]) => !gold[i]!.optional).length;
  let typeOk = 0;
  let speakerOk = 0;
  let cueOk = 0;
  const byType = {} as Record<QuoteType, PRF>;
  for (const type of ['direct', 'mixed', 'indirect'] as QuoteType[]) {
    const g = gold.map((x, i) => [x, i] as const).filter(([x]) => !x.optional && x.type === type);
    const p = quotes.filter((q, j) => q.type === type && !optionalPred.has(j));
    const m = g.filter(([, i]) => matchedGold.has(i) && quotes[matchedGold.get(i)!]!.type === type).length;
    byType[type] = prf(g.length, p.length, m);
  }
  gold.forEach((g, i) => {
    const j = matchedGold.get(i);
    if (g.optional) return;
    if (j === undefined) {
      if (showErrors) process.stderr.write(`  sample MISSED ${g.type}: ${g.text.slice(0, 80)}\n`);
      return;
    }
    const q = quotes[j]!;
    if (q.type === g.type) typeOk++;
    if (q.speaker.name === g.speaker) speakerOk++;
    else if (showErrors)
      process.stderr.write(
        `  sample SPEAKER ${q.speaker.mention} → ${q.speaker.name}: ${g.text.slice(0, 60)}\n`,
      );
    if (q.cue?.text === g.cue) cueOk++;
  });
  if (showErrors)
    quotes.forEach((q, j) => {
      if (!matchedPred.has(j)) process.stderr.write(`  sample SPURIOUS ${q.type}: ${q.text.slice(0, 80)}\n`);
    });
  return {
    ...prf(required.length, predicted, matched),
    byType,
    typeAccuracy: matched ? typeOk / matched : 0,
    speakerAccuracy: matched ? speakerOk / matched : 0,
    cueAccuracy: matched ? cueOk / matched : 0,
  };
}

interface BratSpan {
  type: string;
  spans: Span[];
}
export interface PolnearAttribution {
  content: Span[];
  source: Span[] | null;
  cue: Span[] | null;
}

/** Attribution relations of one PolNeAR .ann file (Content/Source/Cue spans; discontinuous spans kept). */
export function readPolnearAnn(ann: string): PolnearAttribution[] {
  const spans = new Map<string, BratSpan>();
  const out: PolnearAttribution[] = [];
  for (const line of ann.split('\n')) {
    const t = /^(T\d+)\t(\S+) ([\d ;]+)\t/.exec(line);
    if (t) {
      const parts = t[3]!.split(';').map((p) => {
        const [s, e] = p.trim().split(' ').map(Number);
        return { start: s!, end: e! };
      });
      spans.set(t[1]!, { type: t[2]!, spans: parts });
      continue;
    }
    const e = /^E\d+\t(.*)$/.exec(line);
    if (e) {
      const args = new Map(e[1]!.split(/\s+/).map((a) => a.split(':') as [string, string]));
      const get = (role: string) => {
        const id = args.get(role);
        return id ? (spans.get(id)?.spans ?? null) : null;
      };
      const content = get('Content');
      if (content) out.push({ content, source: get('Source'), cue: get('Cue') });
    }
  }
  return out;
}

/**
 * Text file names of a PolNeAR split directory, in name order: all of them, the held-out tenth (every 10th)
 * or the other nine tenths. The one definition of the held-out tenth, for training and evaluation alike.
 */
export function polnearTexts(dir: string, part: 'all' | 'heldout' | 'rest'): string[] {
  return readdirSync(join(dir, 'text'))
    .sort()
    .filter((_, i) => part === 'all' || (i % 10 === 0) === (part === 'heldout'));
}

/** Annotation file per text (`<name>_<annotator>.ann`; doubly annotated texts: the first annotation). */
export function polnearAnnFiles(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const a of readdirSync(join(dir, 'attributions')).sort()) {
    const base = a.replace(/_[0-9a-f]+\.ann$/, '');
    if (!out.has(base)) out.set(base, a);
  }
  return out;
}

/** Gold content that starts and ends with quotation marks, or is mostly inside them. */
export function isDirect(text: string, content: Span[]): boolean {
  const s = text.slice(content[0]!.start, content[content.length - 1]!.end).trim();
  if (/^["“‘'«]/.test(s) && /["”’'»][.,!?]?$/.test(s)) return true;
  let inside = 0;
  let total = 0;
  let open = false;
  for (const ch of s) {
    if (/["“”]/.test(ch)) open = ch === '“' ? true : ch === '”' ? false : !open;
    else if (/\S/.test(ch)) {
      total++;
      if (open) inside++;
    }
  }
  return total > 0 && inside / total >= 0.8;
}

/**
 * Predicted attributions: each quote alone, or (grouped) a quote with no cue that continues the previous
 * quote's speaker joined to it — the parts of a split quote form one PolNeAR relation.
 */
function predictedAttributions(quotes: Quote[], grouped: boolean): Array<{ spans: Span[]; quote: Quote }> {
  const out: Array<{ spans: Span[]; quote: Quote }> = [];
  for (const q of quotes) {
    const last = out[out.length - 1];
    const lastQ = last?.spans.length
      ? quotes.find((x) => x.end === last.spans[last.spans.length - 1]!.end)
      : null;
    if (
      grouped &&
      last &&
      lastQ &&
      q.cue === null &&
      q.speaker.start !== null &&
      q.speaker.start === last.quote.speaker.start &&
      q.start - lastQ.end < 300
    ) {
      last.spans.push(q);
      continue;
    }
    out.push({ spans: [q], quote: q });
  }
  return out;
}

/**
 * `dev`, or `heldout`: the tenth of PolNeAR train that `train-attribution` holds out (every 10th text in
 * name order) — for choosing model settings end to end with a model trained on the other nine tenths,
 * without looking at dev.
 */
export type PolnearSplit = 'dev' | 'heldout';

function evalPolnear(
  sharedDir: string,
  showErrors: boolean,
  split: PolnearSplit,
): QuoteEvalResult['polnear'] {
  const dir = join(sharedDir, `data/polnear/data/${split === 'dev' ? 'dev' : 'train'}`);
  if (!existsSync(dir)) {
    process.stderr.write(`PolNeAR ${split} not found at ${dir}: skipped.\n`);
    return null;
  }
  const files = polnearTexts(dir, split === 'dev' ? 'all' : 'heldout').filter((f) => f.endsWith('.txt'));
  const annFiles = polnearAnnFiles(dir);
  const counts = [false, true].map(() => ({
    gold: 0,
    predicted: 0,
    matched: 0,
    speakerGold: 0,
    speakerOk: 0,
    directGold: 0,
    directFound: 0,
  }));
  for (const f of files) {
    const text = readFileSync(join(dir, 'text', f), 'utf8');
    const annFile = annFiles.get(f.replace(/\.txt$/, ''));
    if (!annFile) continue;
    const attributions = readPolnearAnn(readFileSync(join(dir, 'attributions', annFile), 'utf8'));
    const { quotes } = analyzeArticle(
      {
        text,
        title: null,
        language: 'en',
        publishedAt: null,
        format: 'text',
      },
      defaultModels(),
    );
    const goldSets = attributions.map((a) => wordSet(text, a.content));
    [false, true].forEach((grouped, gi) => {
      const c = counts[gi]!;
      const predictions = predictedAttributions(quotes, grouped);
      const pairs = match(
        goldSets,
        predictions.map((p) => wordSet(text, p.spans)),
      );
      c.gold += attributions.length;
      c.predicted += predictions.length;
      c.matched += pairs.length;
      const matchedGold = new Set(pairs.map(([i]) => i));
      for (const [i, j] of pairs) {
        const src = attributions[i]!.source;
        if (!src) continue;
        c.speakerGold++;
        const sp = predictions[j]!.quote.speaker;
        const ok =
          sp.start !== null && sp.end !== null && src.some((s) => s.start < sp.end! && sp.start! < s.end);
        if (ok) c.speakerOk++;
        else if (showErrors && grouped)
          process.stderr.write(
            `  ${f} SPEAKER pred=${JSON.stringify(sp.mention)} gold=${JSON.stringify(src.map((s) => text.slice(s.start, s.end)).join(' '))}\n`,
          );
      }
      attributions.forEach((a, i) => {
        if (!isDirect(text, a.content)) return;
        c.directGold++;
        if (matchedGold.has(i)) c.directFound++;
        else if (showErrors && grouped)
          process.stderr.write(
            `  ${f} MISSED direct: ${text.slice(a.content[0]!.start, a.content[0]!.end).slice(0, 100)}\n`,
          );
      });
    });
  }
  const [q, r] = counts as [(typeof counts)[0], (typeof counts)[0]];
  return {
    documents: files.length,
    ...prf(q.gold, q.predicted, q.matched),
    speakerAccuracy: q.speakerGold ? q.speakerOk / q.speakerGold : 0,
    directRecall: q.directGold ? q.directFound / q.directGold : 0,
    directGold: q.directGold,
    relations: {
      ...prf(r.gold, r.predicted, r.matched),
      speakerAccuracy: r.speakerGold ? r.speakerOk / r.speakerGold : 0,
      directRecall: r.directGold ? r.directFound / r.directGold : 0,
    },
  };
}

const pct = (x: number) => (100 * x).toFixed(1);

export async function evalQuotes(
  sharedDir: string,
  opts: { errors?: boolean; split?: PolnearSplit } = {},
): Promise<QuoteEvalResult> {
  const showErrors = opts.errors ?? process.argv.includes('--errors');
  const split = opts.split ?? (process.argv.includes('--heldout') ? 'heldout' : 'dev');
  const sample = evalSample(sharedDir, showErrors);
  process.stderr.write(
    `Sample article (belarus-russia-partners): P ${pct(sample.precision)}  R ${pct(sample.recall)}  F1 ${pct(sample.f1)}` +
      `  (gold ${sample.gold}, predicted ${sample.predicted}, matched ${sample.matched})\n` +
      `  by type: ${(['direct', 'mixed', 'indirect'] as const).map((t) => `${t} ${sample.byType[t].matched}/${sample.byType[t].gold} (P ${pct(sample.byType[t].precision)})`).join(', ')}\n` +
      `  type accuracy ${pct(sample.typeAccuracy)}, speaker → canonical name ${pct(sample.speakerAccuracy)}, cue ${pct(sample.cueAccuracy)}\n`,
  );
  const t0 = performance.now();
  const polnear = evalPolnear(sharedDir, showErrors, split);
  if (polnear)
    process.stderr.write(
      `PolNeAR ${split === 'dev' ? 'dev' : 'train, held-out tenth'} (${polnear.documents} documents): content P ${pct(polnear.precision)}  R ${pct(polnear.recall)}  F1 ${pct(polnear.f1)}` +
        `  (gold ${polnear.gold}, predicted ${polnear.predicted}, matched ${polnear.matched})\n` +
        `  speaker accuracy on matched quotes ${pct(polnear.speakerAccuracy)}; direct-quote recall ${pct(polnear.directRecall)} of ${polnear.directGold}\n` +
        `  split quotes grouped into one attribution (PolNeAR's unit): P ${pct(polnear.relations.precision)}  R ${pct(polnear.relations.recall)}` +
        `  F1 ${pct(polnear.relations.f1)}; speaker accuracy ${pct(polnear.relations.speakerAccuracy)}; direct-quote recall ${pct(polnear.relations.directRecall)}` +
        `  (${((performance.now() - t0) / 1000).toFixed(1)} s)\n`,
    );
  return { sample, polnear };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { sharedDir } = await import('./shared-dir.js');
  const result = await evalQuotes(sharedDir());
  process.stdout.write(JSON.stringify(result, null, 2) + '\n');
}
