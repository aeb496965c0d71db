// `npm run eval`: every quality measure in one run — sentence boundaries (GUM), quotes and speakers
// (sample article gold, PolNeAR dev), entities (CoNLL-2003 testa, sample article gold).
// Each part lives in its own script (eval-segment, eval-quotes, eval-ner) and can be run alone.
import { sharedDir } from './shared-dir.js';

const dir = sharedDir();
const parts: Array<[string, () => Promise<unknown>]> = [
  ['segmentation', async () => (await import('./eval-segment.js')).evalSegment(dir)],
  ['quotes', async () => (await import('./eval-quotes.js')).evalQuotes(dir)],
  ['entities', async () => (await import('./eval-ner.js')).evalNer(dir)],
];
const only = process.argv.slice(2).filter((a) => !a.startsWith('--') && a !== dir);
const summary: Record<string, unknown> = {};
for (const [name, run] of parts) {
  if (only.length && !only.includes(name)) continue;
  process.stderr.write(`\n=== ${name} ===\n`);
  const t0 = performance.now();
  summary[name] = await run();
  process.stderr.write(`(${name}: ${((performance.now() - t0) / 1000).toFixed(1)} s)\n`);
}
process.stdout.write(JSON.stringify(summary, null, 2) + '\n');
