// One size of `npm run bench:scaling`, in a process of its own: bundled by the parent with esbuild the way
// the process-article function is bundled (one ESM file, the model files in models/ beside it), and run
// under the function's V8 heap flags, so that its peak RSS is what the deployed function's would be for
// this article (without the TypeScript loader a `tsx` run carries: ~25 MB).
//   node <heap flags> index.mjs ARTICLE_FILE WARM_UP_FILE   → one ScalingPoint as JSON on stdout
import { readFileSync } from 'node:fs';
import { defaultModels } from '../../shared/adapters/models/index.js';
import { processArticleBytes } from '../../shared/app/process-file.js';

export interface ScalingPoint {
  bytes: number;
  cpuMs: number;
  msPerKb: number;
  /** Peak RSS of the process (models loaded, then this one article). */
  peakRssMb: number;
  /** RSS after the models were loaded and a short article processed, before this article. */
  baseRssMb: number;
  statements: number;
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

/**
 * The models loaded and warmed up first, then the article. The parent wrote the article and the
 * warm-up text to files, so that this process holds the article's bytes as the function does, not the
 * corpus it was cut from.
 */
export function measureOne(inputFile: string, warmUpFile: string): ScalingPoint {
  const models = defaultModels();
  processArticleBytes(readFileSync(warmUpFile), models, 'warm-up.txt');
  const input = readFileSync(inputFile);
  const baseRssMb = process.memoryUsage().rss / 2 ** 20;
  // Small articles run again until ~300 ms of CPU have passed: the median of those runs.
  const times: number[] = [];
  let statements = 0;
  let spent = 0;
  do {
    const c0 = process.cpuUsage();
    statements = processArticleBytes(input, models, 'article.txt').statements.length;
    const c = process.cpuUsage(c0);
    const ms = (c.user + c.system) / 1000;
    times.push(ms);
    spent += ms;
  } while (spent < 300 && times.length < 50);
  times.sort((a, b) => a - b);
  const cpuMs = times[Math.floor(times.length / 2)]!;
  return {
    bytes: input.length,
    cpuMs: round(cpuMs, 1),
    msPerKb: round(cpuMs / (input.length / 1024), 3),
    peakRssMb: round(process.resourceUsage().maxRSS / 1024, 1),
    baseRssMb: round(baseRssMb, 1),
    statements,
  };
}

const [article, warmUp] = process.argv.slice(2);
if (article && warmUp) process.stdout.write(JSON.stringify(measureOne(article, warmUp)) + '\n');
