// `npm run eval`: every quality measure in one run — sentence boundaries (GUM), quotes and speakers (sample
// article gold, PolNeAR dev with the shipped models, the held-out tenth of PolNeAR train with nine-tenths
// models), entities (CoNLL-2003 testa, sample article gold). Each part lives in its own script
// (eval-segment, eval-quotes, eval-ner) and can be run alone; cross-validation is `npm run eval:cv`.
//   npm run eval [-- segmentation|quotes|entities …] [--errors] [--no-train] [--shared DIR]
//   npm run eval -- --gate            the CI quality gate: dev measures against scripts/eval-floors.json
//   npm run eval -- --update-floors   raise the floors to the current dev numbers (less each margin)
// Reports go to stderr, the JSON summary to stdout. Without ../shared the gate is skipped (exit 0).
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkFloors, formatFloorChecks, raiseFloors, readFloors, writeFloors } from './eval/floors.js';
import { findSharedDir, sharedDir } from './shared-dir.js';

const FLOORS_FILE = join(dirname(fileURLToPath(import.meta.url)), 'eval-floors.json');
const PART_NAMES = ['segmentation', 'quotes', 'entities'] as const;

const argv = process.argv.slice(2);
const gate = argv.includes('--gate');
const updateFloors = argv.includes('--update-floors');
const devOnly = gate || updateFloors;

if (gate && !findSharedDir(argv)) {
  process.stderr.write(
    'Quality gate skipped: the reference data (../shared, or --shared DIR / ARTICLE_PIPELINE_SHARED) is not ' +
      'here, so there is nothing to evaluate on. It runs when ../shared sits beside the checkout.\n',
  );
  process.exit(0);
}
const dir = sharedDir(argv);

const parts: Array<[(typeof PART_NAMES)[number], () => Promise<unknown>]> = [
  ['segmentation', async () => (await import('./eval-segment.js')).evalSegment(dir)],
  [
    'quotes',
    async () =>
      (await import('./eval-quotes.js')).evalQuotes(dir, {
        errors: argv.includes('--errors'),
        // The gate measures dev only: the held-out tenth's models take long to train on a fresh clone.
        parts: devOnly ? 'dev' : 'both',
        train: !argv.includes('--no-train'),
      }),
  ],
  ['entities', async () => (await import('./eval-ner.js')).evalNer(dir)],
];
const sharedIndex = argv.indexOf('--shared');
const only = argv.filter(
  (a, i) => !a.startsWith('--') && !(sharedIndex >= 0 && i === sharedIndex + 1),
) as Array<(typeof PART_NAMES)[number]>;
for (const name of only)
  if (!PART_NAMES.includes(name)) throw new Error(`unknown part "${name}": ${PART_NAMES.join(', ')}`);
if (devOnly && only.length) throw new Error('--gate and --update-floors run every part');

const summary: Record<string, unknown> = {};
for (const [name, run] of parts) {
  if (only.length && !only.includes(name)) continue;
  process.stderr.write(`\n=== ${name} ===\n`);
  const t0 = performance.now();
  summary[name] = await run();
  process.stderr.write(`(${name}: ${((performance.now() - t0) / 1000).toFixed(1)} s)\n`);
}
process.stdout.write(JSON.stringify(summary, null, 2) + '\n');

if (updateFloors) {
  const floors = readFloors(FLOORS_FILE);
  const raised = raiseFloors(summary, floors);
  writeFloors(FLOORS_FILE, floors);
  process.stderr.write(
    raised.length
      ? `\nRaised ${raised.length} floor(s) in ${resolve(FLOORS_FILE)}: ${raised.join(', ')}\n`
      : '\nNo floor raised: no measure is above its floor by more than its margin.\n',
  );
}
if (gate) {
  const checks = checkFloors(summary, readFloors(FLOORS_FILE));
  const failed = checks.filter((c) => !c.ok);
  process.stderr.write(`\n=== quality gate (scripts/eval-floors.json) ===\n${formatFloorChecks(checks)}`);
  if (failed.length) {
    process.stderr.write(
      `\nQuality gate FAILED: ${failed.map((c) => c.what).join('; ')} fell below the floor.\n` +
        'A regression: find the change that caused it (npm run eval -- --errors lists dev errors). If the drop ' +
        'is a deliberate trade, lower that floor in scripts/eval-floors.json in the same commit and say why ' +
        '(docs/evaluation.md).\n',
    );
    process.exit(1);
  }
  process.stderr.write('\nQuality gate passed.\n');
}
