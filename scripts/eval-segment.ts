// Sentence-boundary evaluation on the GUM Wikinews documents (../shared/data/gum/*.conllu).
// Each document is rebuilt as plain text: the `# text =` lines of a paragraph joined by one space,
// paragraphs (`# newpar`) separated by a blank line. splitSentences runs on that text and its sentence
// ends are compared with the gold ones. Run alone: `npx tsx scripts/eval-segment.ts [--shared DIR] [--errors]`.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { splitSentences } from '../shared/nlp/segment.js';

export interface BoundaryScore {
  gold: number;
  predicted: number;
  correct: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface SegmentEvalResult {
  documents: number;
  /** Every sentence end except each document's last (which is free). */
  all: BoundaryScore;
  /** Only the ends that fall inside a paragraph: the hard cases (paragraph breaks are given). */
  withinParagraph: BoundaryScore;
  /** The same two, on the news documents only (GUM_news_*). */
  news: { all: BoundaryScore; withinParagraph: BoundaryScore };
  charsPerSecond: number;
}

interface GoldDocument {
  name: string;
  text: string;
  /** Sentence end offsets (exclusive). */
  ends: number[];
  /** Offsets where a paragraph ends (sentence ends that are also paragraph ends). */
  paragraphEnds: Set<number>;
}

/** Rebuilds one GUM document's text and gold sentence ends from its CoNLL-U. */
export function readConlluDocument(name: string, conllu: string): GoldDocument {
  const paragraphs: string[][] = [];
  let current: string[] | null = null;
  for (const line of conllu.split('\n')) {
    if (line.startsWith('# newpar') && !line.startsWith('# newpar_block')) {
      current = [];
      paragraphs.push(current);
    } else if (line.startsWith('# text = ')) {
      if (!current) {
        current = [];
        paragraphs.push(current);
      }
      current.push(line.slice('# text = '.length).trim());
    }
  }
  let text = '';
  const ends: number[] = [];
  const paragraphEnds = new Set<number>();
  for (const sentences of paragraphs) {
    if (sentences.length === 0) continue;
    if (text) text += '\n\n';
    sentences.forEach((s, i) => {
      if (i > 0) text += ' ';
      text += s;
      ends.push(text.length);
    });
    paragraphEnds.add(text.length);
  }
  return { name, text, ends, paragraphEnds };
}

function score(gold: number, predicted: number, correct: number): BoundaryScore {
  const precision = predicted ? correct / predicted : 1;
  const recall = gold ? correct / gold : 1;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  const r = (x: number) => Math.round(x * 10000) / 100;
  return { gold, predicted, correct, precision: r(precision), recall: r(recall), f1: r(f1) };
}

class Tally {
  gold = 0;
  predicted = 0;
  correct = 0;
  goldIn = 0;
  predictedIn = 0;
  correctIn = 0;
  add(doc: GoldDocument, predictedEnds: number[]): void {
    const last = doc.text.length;
    const gold = new Set(doc.ends.filter((e) => e !== last));
    const predicted = new Set(predictedEnds.filter((e) => e !== last));
    const inside = (e: number) => !doc.paragraphEnds.has(e);
    for (const e of gold) {
      this.gold++;
      if (inside(e)) this.goldIn++;
    }
    for (const e of predicted) {
      this.predicted++;
      if (inside(e)) this.predictedIn++;
      if (gold.has(e)) {
        this.correct++;
        if (inside(e)) this.correctIn++;
      }
    }
  }
  all(): BoundaryScore {
    return score(this.gold, this.predicted, this.correct);
  }
  within(): BoundaryScore {
    return score(this.goldIn, this.predictedIn, this.correctIn);
  }
}

export function gumDocuments(sharedDir: string): GoldDocument[] {
  const dir = join(sharedDir, 'data', 'gum');
  if (!existsSync(dir))
    throw new Error(`GUM data not found at ${dir}: sentence evaluation needs ../shared/data/gum`);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.conllu'))
    .sort()
    .map((f) => readConlluDocument(basename(f, '.conllu'), readFileSync(join(dir, f), 'utf8')));
}

export async function evalSegment(
  sharedDir: string,
  options: { errors?: boolean } = {},
): Promise<SegmentEvalResult> {
  const docs = gumDocuments(sharedDir);
  const total = new Tally();
  const news = new Tally();
  // Throughput: a second, timed pass over all documents (the first warms up the JIT).
  const all = docs.map((d) => d.text).join('\n\n');
  splitSentences(all);
  const t0 = performance.now();
  splitSentences(all);
  const ms = performance.now() - t0;
  const chars = all.length;
  for (const doc of docs) {
    const sentences = splitSentences(doc.text);
    const predictedEnds = sentences.map((s) => s.end);
    total.add(doc, predictedEnds);
    if (doc.name.startsWith('GUM_news_')) news.add(doc, predictedEnds);
    if (options.errors) printErrors(doc, predictedEnds);
  }
  const result: SegmentEvalResult = {
    documents: docs.length,
    all: total.all(),
    withinParagraph: total.within(),
    news: { all: news.all(), withinParagraph: news.within() },
    charsPerSecond: Math.round(chars / (ms / 1000)),
  };
  process.stderr.write(
    `GUM sentence boundaries (${docs.length} documents): F1 ${result.all.f1} (P ${result.all.precision}, R ${result.all.recall}); ` +
      `within paragraphs F1 ${result.withinParagraph.f1}; news only F1 ${result.news.all.f1}\n`,
  );
  return result;
}

function printErrors(doc: GoldDocument, predictedEnds: number[]): void {
  const gold = new Set(doc.ends);
  const predicted = new Set(predictedEnds);
  const show = (e: number) =>
    JSON.stringify(doc.text.slice(Math.max(0, e - 50), e) + '|' + doc.text.slice(e, e + 40));
  for (const e of doc.ends) if (!predicted.has(e)) process.stderr.write(`MISS ${doc.name} ${show(e)}\n`);
  for (const e of predictedEnds) if (!gold.has(e)) process.stderr.write(`EXTRA ${doc.name} ${show(e)}\n`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { sharedDir } = await import('./shared-dir.js');
  const argv = process.argv.slice(2);
  const result = await evalSegment(sharedDir(argv), { errors: argv.includes('--errors') });
  process.stdout.write(JSON.stringify(result, null, 2) + '\n');
}
