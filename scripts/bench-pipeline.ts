// The whole in-process core (ingest, segmentation, NER, linking, dates, quotes, attribution tagger)
// over the BBC News corpus, one article after another on one core: throughput, per-article p50/p95,
// model load + first article, peak RSS. Run in a process of its own (`npm run bench` does) so that
// the RSS is the core's.
//   npx tsx scripts/bench-pipeline.ts [--shared DIR]     → JSON on stdout
import { fileURLToPath } from 'node:url';
import { defaultModels } from '../shared/adapters/models/index.js';
import { processArticleBytes } from '../shared/app/process-file.js';
import { percentile, readBbc } from './bench/bbc.js';
import { sharedDir } from './shared-dir.js';

export interface PipelineBench {
  articles: number;
  megabytes: number;
  /** MB of input per CPU-second of this single-threaded process (robust to other load on the machine). */
  mbPerCpuSecond: number;
  /** MB per elapsed second. */
  mbPerWallSecond: number;
  articlesPerCpuSecond: number;
  /** Per-article CPU milliseconds. */
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  /** Model loading plus the first article, in a process that had not loaded them yet. */
  modelLoadMs: number;
  coldFirstArticleMs: number;
  heapUsedMb: number;
  /** Peak resident set size of the process (getrusage maxrss). */
  peakRssMb: number;
}

const cpuMs = (since: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1000;
};
const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

export function benchPipeline(shared: string): PipelineBench {
  const inputs = readBbc(shared);
  const totalBytes = inputs.reduce((n, i) => n + i.bytes.length, 0);

  const l0 = performance.now();
  const models = defaultModels();
  const modelLoadMs = performance.now() - l0;
  const f0 = performance.now();
  processArticleBytes(inputs[0]!.bytes, models, inputs[0]!.path);
  const coldFirstArticleMs = performance.now() - f0;

  const times: number[] = [];
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (const input of inputs) {
    const c = process.cpuUsage();
    processArticleBytes(input.bytes, models, input.path);
    times.push(cpuMs(c));
  }
  const wallSeconds = (performance.now() - t0) / 1000;
  const cpuSeconds = cpuMs(cpu0) / 1000;
  times.sort((a, b) => a - b);
  return {
    articles: inputs.length,
    megabytes: round(totalBytes / 1e6),
    mbPerCpuSecond: round(totalBytes / 1e6 / cpuSeconds, 3),
    mbPerWallSecond: round(totalBytes / 1e6 / wallSeconds, 3),
    articlesPerCpuSecond: round(inputs.length / cpuSeconds, 1),
    p50Ms: round(percentile(times, 0.5)),
    p95Ms: round(percentile(times, 0.95)),
    maxMs: round(times.at(-1)!),
    modelLoadMs: round(modelLoadMs, 1),
    coldFirstArticleMs: round(coldFirstArticleMs, 1),
    heapUsedMb: round(process.memoryUsage().heapUsed / 2 ** 20, 1),
    peakRssMb: round(process.resourceUsage().maxRSS / 1024, 1),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.stdout.write(JSON.stringify(benchPipeline(sharedDir()), null, 2) + '\n');
}
