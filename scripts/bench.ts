// `npm run bench`: one run of every benchmark issue 14 sets a target for, written to BENCHMARKS.md (and
// the raw numbers as JSON on stdout). Benchmarks, not timed tests: they report, they never fail a build.
//   - the process-article Lambda package as `cdk synth` builds it (unzipped, models included);
//   - cold start: a fresh Node process importing that bundle (models loaded) and its first article;
//   - the whole core over the BBC News corpus on one core (own process: its peak RSS is the core's);
//   - the entity recogniser alone over the same corpus on one core (scripts/bench-ner.ts, issue 10);
//   - the core against the compromise baseline in this same run (scripts/bench-compare.ts);
//   - `article-pipeline process` over 400 articles against the baseline CLI, start-up included.
// Numbers are CPU time where the machine's other load would distort wall time; the report says how
// loaded the machine was.
//   npm run bench [-- --shared DIR] [--quick]      (--quick: fewer runs and articles, for a look)
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { coreVsBaseline, type CoreVsBaseline } from './bench-compare.js';
import type { NerBench } from './bench-ner.js';
import type { PipelineBench } from './bench-pipeline.js';
import { bbcFiles, readBbc, spreadSample } from './bench/bbc.js';
import { measureColdStart, type ColdStart } from './bench/cold-start.js';
import { describeLoad, machineWasBusy, newMachineLoad, sampleLoad } from './bench/machine-load.js';
import { measurePackage, type PackageSize } from './bench/package-size.js';
import { sharedDir } from './shared-dir.js';

const repoRoot = resolve(import.meta.dirname, '..');
const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const shared = sharedDir();
const log = (line: string) => process.stderr.write(`${line}\n`);

interface CommandRun {
  wallSeconds: number;
  cpuSeconds: number;
  peakRssMb: number;
}

/** One run of a command: wall time, user+system CPU and peak RSS (GNU time's report, from wait4). */
function timeCommand(command: string, args: string[]): CommandRun {
  const report = join(mkdtempSync(join(tmpdir(), 'article-pipeline-bench-time-')), 'time.txt');
  const t0 = performance.now();
  const run = spawnSync('/usr/bin/time', ['-o', report, '-f', '%U %S %M', command, ...args], {
    cwd: repoRoot,
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const wallSeconds = (performance.now() - t0) / 1000;
  if (run.status !== 0) throw new Error(`${command} ${args[0]} … failed: ${run.stderr.slice(-1000)}`);
  const [user, system, maxRssKb] = readFileSync(report, 'utf8')
    .trim()
    .split('\n')
    .at(-1)!
    .split(' ')
    .map(Number);
  rmSync(resolve(report, '..'), { recursive: true, force: true });
  return { wallSeconds, cpuSeconds: user! + system!, peakRssMb: maxRssKb! / 1024 };
}

interface CliComparison {
  articles: number;
  runs: number;
  pipeline: CommandRun;
  baseline: CommandRun;
  /** Baseline time / pipeline time (target ≥ 8), by CPU and by wall time. */
  cpuRatio: number;
  wallRatio: number;
}

/** `article-pipeline process` against the baseline CLI over the same files; the median of `runs` each. */
function cliVsBaseline(files: string[], runs: number): CliComparison {
  const pick = (list: CommandRun[]) =>
    list.sort((a, b) => a.cpuSeconds - b.cpuSeconds)[Math.floor(list.length / 2)]!;
  const ours: CommandRun[] = [];
  const theirs: CommandRun[] = [];
  for (let i = 0; i < runs; i++) {
    ours.push(timeCommand(process.execPath, ['bin/article-pipeline.mjs', 'process', ...files]));
    theirs.push(timeCommand(process.execPath, ['scripts/baseline/compromise-cli.mjs', ...files]));
  }
  const pipeline = pick(ours);
  const baseline = pick(theirs);
  return {
    articles: files.length,
    runs,
    pipeline,
    baseline,
    cpuRatio: baseline.cpuSeconds / pipeline.cpuSeconds,
    wallRatio: baseline.wallSeconds / pipeline.wallSeconds,
  };
}

/** A benchmark script's JSON report, run in a process of its own so that its RSS is its own. */
function inOwnProcess<T>(script: string): T {
  const out = execFileSync(process.execPath, ['--import', 'tsx', script, '--shared', shared], {
    cwd: repoRoot,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(out) as T;
}

/** The core over the corpus (scripts/bench-pipeline.ts). */
const corePipeline = (): PipelineBench => inOwnProcess<PipelineBench>('scripts/bench-pipeline.ts');

/** The entity recogniser alone over the corpus (scripts/bench-ner.ts). */
const nerAlone = (): NerBench => inOwnProcess<NerBench>('scripts/bench-ner.ts');

function machine() {
  const cpu = cpus();
  const gitRev = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
    cwd: repoRoot,
    encoding: 'utf8',
  }).trim();
  return {
    date: new Date().toISOString(),
    commit: gitRev,
    cpu: `${cpu[0]?.model ?? 'unknown'} × ${cpu.length}`,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    loadAverageAtStart: loadavg()[0]!,
  };
}

const t0 = performance.now();
const load = newMachineLoad();
sampleLoad(load);
const results: {
  machine: ReturnType<typeof machine>;
  packageSize?: Omit<PackageSize, 'files'> & { largest: PackageSize['files'] };
  coldStart?: Omit<ColdStart, 'all'>;
  pipeline?: PipelineBench;
  ner?: NerBench;
  compare?: CoreVsBaseline;
  cli?: CliComparison;
  loadAverageAtEnd?: number;
  loadSamples?: number[];
  busy?: boolean;
  seconds?: number;
} = { machine: machine() };

log(`bench: machine ${JSON.stringify(results.machine)}`);
log('bench: package size (cdk synth) …');
const pkg = measurePackage();
results.packageSize = {
  ...pkg,
  files: undefined,
  largest: pkg.files.slice(0, 6),
} as typeof results.packageSize;
sampleLoad(load);
log('bench: cold start …');
const cold = await measureColdStart(pkg.assetDir, spreadSample(readBbc(shared), quick ? 3 : 9));
results.coldStart = { ...cold, all: undefined } as typeof results.coldStart;
sampleLoad(load);
log('bench: core over the BBC corpus …');
results.pipeline = corePipeline();
sampleLoad(load);
log('bench: entity recogniser alone over the BBC corpus …');
results.ner = nerAlone();
sampleLoad(load);
log('bench: core vs the compromise baseline …');
results.compare = coreVsBaseline(shared, quick ? 100 : 500);
sampleLoad(load);
log('bench: process over 400 articles vs the baseline CLI …');
results.cli = cliVsBaseline(spreadSample(bbcFiles(shared), quick ? 50 : 400), quick ? 1 : 3);
results.loadAverageAtEnd = loadavg()[0]!;
sampleLoad(load, results.loadAverageAtEnd);
results.loadSamples = load.samples;
results.busy = machineWasBusy(load);
results.seconds = Math.round((performance.now() - t0) / 1000);

const reportFile = join(repoRoot, 'BENCHMARKS.md');
const kept = generatedElsewhere(existsSync(reportFile) ? readFileSync(reportFile, 'utf8') : '');
writeFileSync(reportFile, report(results, kept.length > 0) + kept.map((block) => `\n${block}\n`).join(''));
process.stdout.write(JSON.stringify(results, null, 2) + '\n');
log('bench: wrote BENCHMARKS.md');

/**
 * The sections other benchmarks write into BENCHMARKS.md between their own markers (`npm run bench:load --
 * --write`: `<!-- bench:load … begin … -->` … `<!-- bench:load … end -->`): kept as they are.
 */
function generatedElsewhere(text: string): string[] {
  return [...text.matchAll(/<!-- (bench:[\w-]+(?: --[\w-]+)*) begin[^>]*-->[\s\S]*?<!-- \1 end -->/g)].map(
    (m) => m[0],
  );
}

function report(r: typeof results, loadMeasured: boolean): string {
  const m = r.machine;
  const p = r.pipeline!;
  const ner = r.ner!;
  const pkgSize = r.packageSize!;
  const c = r.coldStart!;
  const cmp = r.compare!;
  const cli = r.cli!;
  const mb = (bytes: number) => `${(bytes / 1e6).toFixed(2)} MB`;
  const x = (n: number) => `${n.toFixed(1)}×`;
  const check = (ok: boolean) => (ok ? 'met' : '**not met**');
  return `# Benchmarks

Generated by \`npm run bench\` (scripts/bench.ts) in one run; do not edit by hand.

- Date: ${m.date}, commit \`${m.commit}\`${quick ? ' (--quick: fewer runs and articles)' : ''}
- Machine: ${m.cpu}, ${m.memoryGb} GB, ${m.platform}, Node ${m.node}
- Load average (1 min, before each benchmark and at the end): ${describeLoad(load)}${
    r.busy
      ? ' — **the machine was busy with other work during this run** (more runnable tasks than cores): CPU-time figures hold up, wall-clock figures (cold start, latency) are pessimistic'
      : ' — quiet: the benchmark had a core to itself'
  }
- Run time: ${r.seconds} s

## Summary against the targets (issue 14)

| measure | target | measured | |
| --- | --- | --- | --- |
| process-article package, unzipped, models included | ≤ 5 MB | ${mb(pkgSize.totalBytes)} | ${check(pkgSize.totalBytes <= 5e6)} |
| cold start: import the bundle + load the models (median of ${c.runs}) | ≤ 400 ms | ${c.importMs.toFixed(0)} ms | ${check(c.importMs <= 400)} |
| first article after a cold start | ≤ 600 ms | ${c.firstArticleMs.toFixed(0)} ms | ${check(c.firstArticleMs <= 600)} |
| whole core over BBC News, one core | ≥ 1 MB/s | ${p.mbPerCpuSecond.toFixed(2)} MB/s per CPU-second | ${check(p.mbPerCpuSecond >= 1)} |
| entity recogniser alone over BBC News, one core (issue 10) | ≥ 2 MB/s | ${ner.mbPerSecond.toFixed(2)} MB/s per CPU-second | ${check(ner.mbPerSecond >= 2)} |
| core vs the compromise baseline, same run | ≥ 8× | ${x(cmp.ratio)} | ${check(cmp.ratio >= 8)} |
| peak RSS of the core over the corpus | ≤ 300 MB | ${p.peakRssMb.toFixed(0)} MB | ${check(p.peakRssMb <= 300)} |
| \`process\` over ${cli.articles} articles vs the baseline CLI, start-up included | ≥ 8× | ${x(cli.cpuRatio)} (CPU), ${x(cli.wallRatio)} (wall) | ${check(cli.cpuRatio >= 8)} |

## Lambda package

The process-article asset as \`cdk synth\` builds it (synth took ${pkgSize.synthSeconds} s): ${mb(pkgSize.totalBytes)} in all,
${mb(pkgSize.codeBytes)} of code and ${mb(pkgSize.modelBytes)} of models. Largest files:

| file | size |
| --- | --- |
${pkgSize.largest.map((f) => `| \`${f.path}\` | ${mb(f.bytes)} |`).join('\n')}

## Cold start

${c.runs} fresh Node processes, each importing the synthesized bundle with \`AWS_LAMBDA_INITIALIZATION_TYPE\` set
(the models load during import, as in Lambda's init phase), then handling one SQS event for a different BBC article
against the embedded stack's S3, DynamoDB and bus. Medians: Node start-up ${c.nodeStartMs.toFixed(0)} ms, import and
model load ${c.importMs.toFixed(0)} ms (${c.importCpuMs.toFixed(0)} ms of CPU), first article ${c.firstArticleMs.toFixed(0)} ms
(${c.firstArticleCpuMs.toFixed(0)} ms of CPU in the function's process), process start to first article stored and
published ${c.totalMs.toFixed(0)} ms; RSS after the first article ${c.rssMb.toFixed(0)} MB.

## Core throughput

The whole in-process core (ingest, segmentation, NER, linking, dates, quotes, attribution) over the BBC News corpus,
${p.articles.toLocaleString('en')} articles, ${p.megabytes} MB, one after another on one core:

| measure | value |
| --- | --- |
| throughput (MB per CPU-second) | ${p.mbPerCpuSecond} |
| throughput (MB per wall-clock second) | ${p.mbPerWallSecond} |
| articles per CPU-second | ${p.articlesPerCpuSecond} |
| per article, CPU ms: p50 / p95 / max | ${p.p50Ms} / ${p.p95Ms} / ${p.maxMs} |
| model loading | ${p.modelLoadMs} ms |
| first article after loading | ${p.coldFirstArticleMs} ms |
| peak RSS / heap used at the end | ${p.peakRssMb} MB / ${p.heapUsedMb} MB |

## Entity recogniser alone (\`npx tsx scripts/bench-ner.ts\`)

The recogniser alone (\`recognizeWithTagger\`: tagging, its rules and dates; no linking) over the same ${ner.articles.toLocaleString('en')} articles
(${ner.megabytes} MB), sentences from the segmenter (not timed), after a warm-up on 200 articles, in a process of its own:

| measure | value |
| --- | --- |
| throughput (MB per CPU-second) | ${ner.mbPerSecond} |
| throughput (MB per wall-clock second) | ${ner.mbPerWallSecond} |
| mentions found | ${ner.mentions.toLocaleString('en')} |
| model load (median of 5) / model file | ${ner.modelLoadMs} ms / ${ner.modelFileMB} MB |

## Against compromise (\`npm run bench:compare\`)

The baseline (scripts/baseline/compromise-analysis.mjs) does the same job in compromise's terms: sentences, quotations,
people, places and organisations (no speakers, cues, indirect quotes or linking). Same ${cmp.articles} articles
(${cmp.megabytes} MB, spread over the corpus), same process, CPU time after a warm-up:

| | MB per CPU-second |
| --- | --- |
| this pipeline's core | ${cmp.pipelineMbPerCpuSecond} |
| compromise baseline | ${cmp.baselineMbPerCpuSecond} |
| ratio | ${x(cmp.ratio)} |

\`npm run bench:compare\` also compares the entity recognisers alone (quality on CoNLL-2003 testa and speed).

## \`process\` against the baseline CLI

\`article-pipeline process\` and \`node scripts/baseline/compromise-cli.mjs\` over the same ${cli.articles} BBC articles,
start-up included (median of ${cli.runs} runs each, by CPU time):

| | wall s | CPU s | peak RSS |
| --- | --- | --- | --- |
| article-pipeline process | ${cli.pipeline.wallSeconds.toFixed(2)} | ${cli.pipeline.cpuSeconds.toFixed(2)} | ${cli.pipeline.peakRssMb.toFixed(0)} MB |
| baseline CLI | ${cli.baseline.wallSeconds.toFixed(2)} | ${cli.baseline.cpuSeconds.toFixed(2)} | ${cli.baseline.peakRssMb.toFixed(0)} MB |
| ratio (baseline / ours) | ${x(cli.wallRatio)} | ${x(cli.cpuRatio)} | |

## Not measured here yet

${
  loadMeasured
    ? 'The time/size scaling curve (1 KB to the size limit). End to end on the embedded stack and the cost model are\nmeasured by `npm run bench:load` in a separate run (below).'
    : 'End to end on the embedded stack (`npm run bench:load`: articles/s, upload-to-`Article Processed` latency, request\ncounts and the cost model per million articles) and the time/size scaling curve (1 KB to the size limit).'
}
`;
}
