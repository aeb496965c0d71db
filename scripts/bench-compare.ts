// The pipeline against compromise (the most used JavaScript NLP library) on the same inputs:
//  - the whole core (statements, quotes with speakers, entities) against the compromise baseline
//    (scripts/baseline/compromise-analysis.mjs: sentences, quotations, people/places/organisations),
//    CPU time on one core over a spread sample of the BBC News corpus;
//  - our entity recogniser against compromise's: quality on CoNLL-2003 testa (PER/ORG/LOC: compromise
//    has no MISC) and speed on the BBC News corpus. Both read raw text, so this also checks our runtime
//    path (tokeniser, splitter, recogniser) rather than the gold tokens that `npm run eval` scores.
//   npx tsx scripts/bench-compare.ts [--shared ../shared] [--articles N]
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import nlp from 'compromise';
import { compromiseAnalysis } from './baseline/compromise-analysis.mjs';
import { processArticleBytes } from '../shared/app/process-file.js';
import { readBbc, spreadSample } from './bench/bbc.js';
import { conllText, parseConll, SpanScorer } from './ner/conll.js';
import { defaultModels } from '../shared/adapters/models/index.js';
import { recognizeEntities } from '../shared/nlp/ner/index.js';
import { splitSentences } from '../shared/nlp/segment.js';
import type { LabelledSpan } from '../shared/nlp/ml/spans.js';
import { sharedDir } from './shared-dir.js';

interface CharSpan {
  label: string;
  start: number;
  end: number;
}

type Recogniser = (text: string) => CharSpan[];

const ours: Recogniser = (text) =>
  recognizeEntities(defaultModels().ner, text, splitSentences(text)).flatMap((m) => {
    const label = { PERSON: 'PER', ORGANIZATION: 'ORG', LOCATION: 'LOC' }[m.type as string];
    return label ? [{ label, start: m.start, end: m.end }] : [];
  });

const compromise: Recogniser = (text) => {
  const doc = nlp(text);
  const out: CharSpan[] = [];
  const take = (label: string, view: { json: (opts: object) => unknown }) => {
    for (const o of view.json({ offset: true }) as Array<{
      offset: { start: number; length: number };
      text: string;
    }>) {
      const raw = text.slice(o.offset.start, o.offset.start + o.offset.length);
      const trimmed = raw.replace(/[\s.,;:!?'"”’)]+$/u, '');
      out.push({ label, start: o.offset.start, end: o.offset.start + trimmed.length });
    }
  };
  take('PER', doc.people());
  take('ORG', doc.organizations());
  take('LOC', doc.places());
  return out;
};

/** Documents as space-joined text with each token's character span, so char spans map back to tokens. */
function conllScore(path: string, recognise: Recogniser) {
  const scorer = new SpanScorer();
  for (const doc of parseConll(readFileSync(path, 'utf8'))) {
    const { text, sentences } = conllText(doc, '\n\n');
    const tokenAt = new Map<number, [number, number]>();
    const tokenEnd = new Map<number, [number, number]>();
    sentences.forEach(({ tokenStarts }, si) =>
      tokenStarts.forEach((at, wi) => {
        tokenAt.set(at, [si, wi]);
        tokenEnd.set(at + doc[si]!.words[wi]!.length, [si, wi]);
      }),
    );
    const predicted: LabelledSpan[][] = doc.map(() => []);
    for (const span of recognise(text)) {
      const a = tokenAt.get(span.start);
      const b = tokenEnd.get(span.end);
      if (!a || !b || a[0] !== b[0]) {
        predicted[0]!.push({ label: span.label, start: -1, end: -1 }); // counts as a wrong prediction
        continue;
      }
      predicted[a[0]]!.push({ label: span.label, start: a[1], end: b[1] + 1 });
    }
    doc.forEach((s, i) =>
      scorer.add(
        s.spans.filter((g) => g.label !== 'MISC'),
        predicted[i]!,
      ),
    );
  }
  return scorer.scores();
}

function bbcTexts(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) return bbcTexts(p);
      return name.endsWith('.txt') ? [readFileSync(p, 'utf8')] : [];
    });
}

function speed(texts: string[], recognise: Recogniser) {
  for (const t of texts.slice(0, 50)) recognise(t);
  const bytes = texts.reduce((n, t) => n + Buffer.byteLength(t), 0);
  const t0 = performance.now();
  for (const t of texts) recognise(t);
  const seconds = (performance.now() - t0) / 1000;
  return { mbPerSecond: bytes / 1e6 / seconds, seconds };
}

/** CPU seconds `work` takes over `inputs`, after a warm-up over the first 50 (JIT, lazy loading). */
function cpuSecondsOver<T>(inputs: T[], work: (input: T) => unknown): number {
  for (const input of inputs.slice(0, 50)) work(input);
  const cpu0 = process.cpuUsage();
  for (const input of inputs) work(input);
  const cpu = process.cpuUsage(cpu0);
  return (cpu.user + cpu.system) / 1e6;
}

export interface CoreVsBaseline {
  articles: number;
  megabytes: number;
  pipelineMbPerCpuSecond: number;
  baselineMbPerCpuSecond: number;
  /** How many times faster the whole core is than the compromise baseline (target ≥ 8). */
  ratio: number;
}

/** The whole core against the compromise baseline, same articles, same process, CPU time. */
export function coreVsBaseline(shared: string, articles = 500): CoreVsBaseline {
  const inputs = spreadSample(readBbc(shared), articles);
  const megabytes = inputs.reduce((n, i) => n + i.bytes.length, 0) / 1e6;
  const models = defaultModels();
  const ours = cpuSecondsOver(inputs, (i) => processArticleBytes(i.bytes, models, i.path));
  const baseline = cpuSecondsOver(inputs, (i) => compromiseAnalysis(i.bytes.toString('utf8')));
  const result = {
    articles: inputs.length,
    megabytes: Math.round(megabytes * 100) / 100,
    pipelineMbPerCpuSecond: Math.round((megabytes / ours) * 1000) / 1000,
    baselineMbPerCpuSecond: Math.round((megabytes / baseline) * 1000) / 1000,
    ratio: Math.round((baseline / ours) * 100) / 100,
  };
  process.stderr.write(`core vs compromise baseline: ${JSON.stringify(result)}\n`);
  return result;
}

export function benchCompare(shared: string) {
  const testa = join(shared, 'data/conll2003/eng.testa');
  const texts = bbcTexts(join(shared, 'data/bbc'));
  const result: Record<string, unknown> = {};
  for (const [name, fn] of [
    ['article-pipeline', ours],
    ['compromise', compromise],
  ] as const) {
    const scores = conllScore(testa, fn);
    const f1 = Object.fromEntries(Object.entries(scores).map(([k, v]) => [k, Math.round(v.f1 * 10) / 10]));
    result[name] = { conllTestaF1_PER_ORG_LOC: f1, bbc: speed(texts, fn) };
    process.stderr.write(`${name}: ${JSON.stringify(result[name])}\n`);
  }
  return result;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const argv = process.argv.slice(2);
  const articles = argv.includes('--articles') ? Number(argv[argv.indexOf('--articles') + 1]) : undefined;
  const shared = sharedDir();
  process.stdout.write(
    JSON.stringify({ core: coreVsBaseline(shared, articles), entities: benchCompare(shared) }, null, 2) +
      '\n',
  );
}
