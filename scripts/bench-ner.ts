// Speed of the entity recogniser alone on the BBC News corpus (one core): MB of text per second, model
// load time and model file size. A benchmark, not a test.
//   npx tsx scripts/bench-ner.ts [--shared ../shared]     (also part of `npm run bench`)
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NerTagger } from '../shared/nlp/ner/tagger.js';
import { modelPath, NER_MODEL_FILE } from '../shared/adapters/models/index.js';
import { recognizeWithTagger } from '../shared/nlp/ner/recognize.js';
import { splitSentences } from '../shared/nlp/segment.js';
import { sharedDir } from './shared-dir.js';

export interface NerBench {
  articles: number;
  megabytes: number;
  /** MB of text per CPU-second (one core). */
  mbPerSecond: number;
  /** MB per elapsed second (lower when the machine is busy). */
  mbPerWallSecond: number;
  mentions: number;
  modelLoadMs: number;
  modelFileMB: number;
}

function texts(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...texts(p));
    else if (name.endsWith('.txt')) out.push(readFileSync(p, 'utf8'));
  }
  return out;
}

export function benchNer(shared: string): NerBench {
  const bbc = join(shared, 'data/bbc');
  const docs = texts(bbc);
  if (docs.length === 0) throw new Error(`no BBC articles under ${bbc}`);
  const file = modelPath(NER_MODEL_FILE);
  const bytes = readFileSync(file);
  // Load time: file read + inflate + hash table + gazetteer (median of 5 cold constructions).
  const loads: number[] = [];
  let tagger: NerTagger | null = null;
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    tagger = NerTagger.fromBuffer(readFileSync(file));
    loads.push(performance.now() - t0);
  }
  loads.sort((a, b) => a - b);
  // Sentences come from the segmenter (not timed: the recogniser alone is measured).
  const prepared = docs.map((text) => ({ text, sentences: splitSentences(text) }));
  const totalChars = docs.reduce((n, d) => n + Buffer.byteLength(d, 'utf8'), 0);
  // Warm-up pass (JIT), then a timed pass.
  for (const p of prepared.slice(0, 200)) recognizeWithTagger(tagger!, p.text, p.sentences);
  let mentions = 0;
  // CPU time of this (single-threaded) process: "per second on one core" even on a busy machine.
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (const p of prepared) mentions += recognizeWithTagger(tagger!, p.text, p.sentences).length;
  const wallSeconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const seconds = (cpu.user + cpu.system) / 1e6;
  const megabytes = totalChars / 1e6;
  const result: NerBench = {
    articles: docs.length,
    megabytes: Math.round(megabytes * 100) / 100,
    mbPerSecond: Math.round((megabytes / seconds) * 100) / 100,
    mbPerWallSecond: Math.round((megabytes / wallSeconds) * 100) / 100,
    mentions,
    modelLoadMs: Math.round(loads[2]! * 10) / 10,
    modelFileMB: Math.round((bytes.length / 1e6) * 100) / 100,
  };
  process.stderr.write(
    `NER: ${result.articles} BBC articles, ${result.megabytes} MB in ${seconds.toFixed(2)} CPU s = ${result.mbPerSecond} MB/s ` +
      `(${result.mbPerWallSecond} MB/s elapsed); ` +
      `model load ${result.modelLoadMs} ms (median of 5); model file ${result.modelFileMB} MB\n`,
  );
  return result;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.stdout.write(`${JSON.stringify(benchNer(sharedDir()), null, 2)}\n`);
}
