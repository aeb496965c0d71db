// `npm run bench`: speed and memory of the core on the BBC News corpus (2,225 articles), and of the
// entity recogniser alone. Benchmarks, not timed tests: they report numbers, they do not fail builds.
import { benchPipeline } from './bench-pipeline.js';
import { sharedDir } from './shared-dir.js';

const dir = sharedDir();
const results: Record<string, unknown> = {};
try {
  results.ner = (await import('./bench-ner.js')).benchNer(dir);
} catch (err) {
  process.stderr.write(`NER bench unavailable: ${(err as Error).message}\n`);
}
results.pipeline = benchPipeline(dir);
process.stdout.write(JSON.stringify(results, null, 2) + '\n');
