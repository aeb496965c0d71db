import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultModels } from '../shared/adapters/models/index.js';
import { processArticleBytes } from '../shared/app/process-file.js';

export interface PipelineBench {
  articles: number;
  megabytes: number;
  seconds: number;
  mbPerSecond: number;
  articlesPerSecond: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  coldFirstArticleMs: number;
  heapUsedMb: number;
  rssMb: number;
}

/** The whole in-process core (ingest + segmentation + NER + quotes) over the BBC News corpus. */
export function benchPipeline(sharedDir: string): PipelineBench {
  const root = join(sharedDir, 'data/bbc');
  const files = readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) =>
      readdirSync(join(root, d.name))
        .filter((f) => f.endsWith('.txt'))
        .map((f) => join(root, d.name, f)),
    );
  const inputs = files.map((f) => ({ name: f, bytes: readFileSync(f) }));
  const totalBytes = inputs.reduce((n, i) => n + i.bytes.length, 0);

  const c0 = performance.now();
  const models = defaultModels(); // model loading counts in the first article's time
  processArticleBytes(inputs[0]!.bytes, models, inputs[0]!.name);
  const coldFirstArticleMs = performance.now() - c0;

  const times: number[] = [];
  const t0 = performance.now();
  for (const input of inputs) {
    const s = performance.now();
    processArticleBytes(input.bytes, models, input.name);
    times.push(performance.now() - s);
  }
  const seconds = (performance.now() - t0) / 1000;
  times.sort((a, b) => a - b);
  const pct = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!;
  const mem = process.memoryUsage();
  return {
    articles: inputs.length,
    megabytes: totalBytes / 1e6,
    seconds,
    mbPerSecond: totalBytes / 1e6 / seconds,
    articlesPerSecond: inputs.length / seconds,
    p50Ms: pct(0.5),
    p95Ms: pct(0.95),
    maxMs: times[times.length - 1]!,
    coldFirstArticleMs,
    heapUsedMb: mem.heapUsed / 2 ** 20,
    rssMb: mem.rss / 2 ** 20,
  };
}
