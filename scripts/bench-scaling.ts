// `npm run bench:scaling`: the time/size curve of the whole core (issue 13, "linear time, bounded memory").
// Articles of ordinary prose (BBC News articles run together, or generated prose when the corpus is
// missing) at 1 KB … the ingest size limit go through processArticleBytes (decode + analyzeArticle), each
// size in a Node process of its own so that its peak RSS is that article's: the core bundled as the
// function is (scripts/bench/scaling-child.ts), under the V8 heap flags the deployed function runs with
// (functions/shared/heap-settings.ts). Prints a table of size, CPU
// ms, ms per KB and peak RSS, and checks issue 13's acceptance: 4 MB within 10× the CPU of 400 KB, and
// peak memory ≤ 4× the input + 200 MB. A benchmark, not a test: it reports and never fails.
//   npm run bench:scaling [-- --shared DIR] [--max-kb N] [--write] [--json] [--from FILE]
//     --write   replace the scaling section of BENCHMARKS.md (between its bench:scaling markers)
//     --max-kb  stop at this size (default: the ingest limit, MAX_ARTICLE_BYTES)
//     --json    print the report as JSON; --from FILE renders (and --write writes) such a report again
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { heapFlags } from '../functions/shared/heap-settings.js';
import { ESM_BUNDLING } from '../infra/constructs/function-defaults.js';
import { MAX_ARTICLE_BYTES } from '../shared/ingest/index.js';
import { readBbc } from './bench/bbc.js';
import type { ScalingPoint } from './bench/scaling-child.js';
import { findSharedDir } from './shared-dir.js';

const ROOT = resolve(import.meta.dirname, '..');
const KB = 1024;
const log = (line: string) => process.stderr.write(`${line}\n`);

export type { ScalingPoint };

/** 1 KB, 4 KB, … ×4 up to 1 MB, then 400 KB (the acceptance pair's base), 2 MB, 4 MB and the limit. */
export function scalingSizes(maxBytes = MAX_ARTICLE_BYTES): number[] {
  const sizes = [1, 4, 16, 64, 256, 400, 1024, 2048, 4096].map((k) => k * KB);
  return [...sizes.filter((s) => s < maxBytes), maxBytes].sort((a, b) => a - b);
}

const GENERATED = [
  'The council approved the new harbour plans on Tuesday, Mayor Anna Berg said.',
  '“This is a good day for the port. We waited ten years,” Berg told reporters.',
  'Opposition leader Tom Hale said the costs had been underestimated by at least £4m.',
  'Work on the first quay is expected to start in May and to last until 2027.',
  'Mr. Hale added: “We will hold the council to every penny of it.”',
];

/**
 * `bytes` of ordinary prose, cut at a paragraph end: BBC News articles one after another (each as its own
 * paragraphs, headline included) from `shared`, or the generated fallback repeated.
 */
export function proseOfSize(bytes: number, shared: string | null): string {
  const paragraphs: string[] = shared
    ? readBbc(shared).map((f) => f.bytes.toString('utf8').trim())
    : [GENERATED.join(' ')];
  const out: string[] = [];
  let length = 0;
  for (let i = 0; length < bytes; i++) {
    const p = paragraphs[i % paragraphs.length]!;
    out.push(p);
    length += Buffer.byteLength(p) + 2;
  }
  return Buffer.from(out.join('\n\n'))
    .subarray(0, bytes)
    .toString('utf8')
    .replace(/\uFFFD$/, '');
}

/**
 * The child bundled as the function is (ESM_BUNDLING: one minified ESM file with its dependencies, the
 * model files in models/ beside it), in `dir`; returns the file to run.
 */
async function bundleChild(dir: string): Promise<string> {
  const outfile = join(dir, 'index.mjs');
  await build({
    entryPoints: [join(ROOT, 'scripts', 'bench', 'scaling-child.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    minify: ESM_BUNDLING.minify,
    keepNames: ESM_BUNDLING.keepNames,
    banner: { js: ESM_BUNDLING.banner },
    charset: 'utf8',
    logLevel: 'warning',
  });
  symlinkSync(join(ROOT, 'shared', 'nlp', 'models'), join(dir, 'models'));
  return outfile;
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

export interface ScalingReport {
  date: string;
  commit: string;
  machine: string;
  node: string;
  corpus: 'BBC News' | 'generated';
  loadAverage: [number, number];
  /** V8 flags each size's process ran with (the deployed function's). */
  heapFlags?: string[];
  points: ScalingPoint[];
  /** CPU of 4 MB / CPU of 400 KB (target ≤ 10), when both were measured. */
  ratio4MbTo400Kb: number | null;
  /** Sizes whose peak RSS exceeded 4× the input + 200 MB. */
  overMemoryBound: number[];
}

export function checkAcceptance(
  points: ScalingPoint[],
): Pick<ScalingReport, 'ratio4MbTo400Kb' | 'overMemoryBound'> {
  const at = (bytes: number) => points.find((p) => p.bytes === bytes);
  const small = at(400 * KB);
  const large = at(4096 * KB);
  return {
    ratio4MbTo400Kb: small && large ? round(large.cpuMs / small.cpuMs, 2) : null,
    overMemoryBound: points.filter((p) => p.peakRssMb > (4 * p.bytes) / 2 ** 20 + 200).map((p) => p.bytes),
  };
}

const size = (bytes: number) =>
  bytes >= 1024 * KB ? `${round(bytes / (1024 * KB), 2)} MB` : `${round(bytes / KB, 1)} KB`;

export function scalingTable(points: ScalingPoint[]): string {
  return [
    '| size | CPU ms | ms per KB | peak RSS | peak RSS bound (4× input + 200 MB) |',
    '| ---: | ---: | ---: | ---: | ---: |',
    ...points.map(
      (p) =>
        `| ${size(p.bytes)} | ${p.cpuMs.toLocaleString('en')} | ${p.msPerKb.toFixed(2)} | ${p.peakRssMb} MB | ${round((4 * p.bytes) / 2 ** 20 + 200, 0)} MB |`,
    ),
  ].join('\n');
}

export function scalingSection(r: ScalingReport): string {
  const check = (ok: boolean) => (ok ? 'met' : '**not met**');
  return [
    '## Time and memory against article size (`npm run bench:scaling`)',
    '',
    `${r.date}, commit \`${r.commit}\`, ${r.machine}, Node ${r.node}; load average ${r.loadAverage[0]} at the start, ${r.loadAverage[1]} at the end.`,
    `${r.corpus === 'BBC News' ? 'BBC News articles run together' : 'Generated prose'} as one plain-text article of each size, through the whole core (decode + analyzeArticle), each size in a process of its own that runs the core bundled as the function is (esbuild, scripts/bench/scaling-child.ts) and reads the article from a file, under the deployed function's V8 heap flags (${r.heapFlags?.length ? `\`${r.heapFlags.join(' ')}\`` : 'none'}, functions/shared/heap-settings.ts; models loaded and warmed up first; peak RSS includes them). CPU time: the median of repeated runs for small sizes, one run from 256 KB up.`,
    '',
    scalingTable(r.points),
    '',
    '| acceptance (issue 13) | measured | |',
    '| --- | --- | --- |',
    r.ratio4MbTo400Kb === null
      ? '| 4 MB within 10× the CPU of 400 KB | not measured | |'
      : `| 4 MB within 10× the CPU of 400 KB (10.24× the bytes) | ${r.ratio4MbTo400Kb}× | ${check(r.ratio4MbTo400Kb <= 10)} |`,
    `| peak RSS ≤ 4× input + 200 MB at every size | ${r.overMemoryBound.length ? `exceeded at ${r.overMemoryBound.map(size).join(', ')}` : 'within at every size'} | ${check(!r.overMemoryBound.length)} |`,
  ].join('\n');
}

function writeSection(section: string): void {
  const file = join(ROOT, 'BENCHMARKS.md');
  const begin = '<!-- bench:scaling begin: generated by `npm run bench:scaling -- --write` -->';
  const end = '<!-- bench:scaling end -->';
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  const block = `${begin}\n${section}\n${end}`;
  const at = text.indexOf(begin);
  const until = text.indexOf(end);
  writeFileSync(
    file,
    at >= 0 && until > at
      ? text.slice(0, at) + block + text.slice(until + end.length)
      : `${text.trimEnd()}\n\n${block}\n`,
  );
  log(`bench:scaling: wrote the scaling section of ${file}`);
}

async function main(argv: string[]) {
  const shared = findSharedDir(argv);
  const from = argv.indexOf('--from');
  if (from >= 0) {
    const text = readFileSync(argv[from + 1]!, 'utf8');
    const saved = JSON.parse(text.slice(text.indexOf('{'))) as ScalingReport;
    process.stdout.write(scalingSection(saved) + '\n');
    if (argv.includes('--write')) writeSection(scalingSection(saved));
    return;
  }
  const maxFlag = argv.indexOf('--max-kb');
  const max = maxFlag >= 0 ? Number(argv[maxFlag + 1]) * KB : MAX_ARTICLE_BYTES;
  const load0 = loadavg()[0]!;
  const points: ScalingPoint[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'bench-scaling-'));
  const child = await bundleChild(dir);
  const warmUp = join(dir, 'warm-up.txt');
  writeFileSync(warmUp, proseOfSize(32 * KB, shared));
  for (const bytes of scalingSizes(Math.min(max, MAX_ARTICLE_BYTES))) {
    const article = join(dir, 'article.txt');
    writeFileSync(article, proseOfSize(bytes, shared));
    const out = execFileSync(process.execPath, [...heapFlags(), child, article, warmUp], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 1024 * 1024,
    });
    const point = JSON.parse(out) as ScalingPoint;
    points.push(point);
    log(`bench:scaling: ${size(point.bytes)}: ${point.cpuMs} ms CPU, ${point.peakRssMb} MB peak RSS`);
  }
  rmSync(dir, { recursive: true, force: true });
  const report: ScalingReport = {
    date: new Date().toISOString(),
    commit: execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim(),
    machine: `${cpus()[0]?.model ?? 'unknown'} × ${cpus().length}`,
    node: process.version,
    corpus: shared ? 'BBC News' : 'generated',
    loadAverage: [round(load0, 1), round(loadavg()[0]!, 1)],
    heapFlags: heapFlags(),
    points,
    ...checkAcceptance(points),
  };
  if (argv.includes('--json')) process.stdout.write(JSON.stringify(report, null, 2) + '\n');
  else process.stdout.write(scalingSection(report) + '\n');
  if (argv.includes('--write')) writeSection(scalingSection(report));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main(process.argv.slice(2));
