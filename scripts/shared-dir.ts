import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Where the reference data should be: --shared DIR, ARTICLE_PIPELINE_SHARED, or ../shared. */
function sharedDirCandidate(argv: string[]): string {
  const flag = argv.indexOf('--shared');
  return resolve(
    flag >= 0 && argv[flag + 1]
      ? argv[flag + 1]!
      : (process.env.ARTICLE_PIPELINE_SHARED ?? resolve(repoRoot, '../shared')),
  );
}

/** The reference data directory when it is there (it has data/), else null. */
export function findSharedDir(argv: string[] = process.argv.slice(2)): string | null {
  const dir = sharedDirCandidate(argv);
  return existsSync(resolve(dir, 'data')) ? dir : null;
}

/**
 * The reference data beside the repository (../shared), or --shared DIR / ARTICLE_PIPELINE_SHARED.
 * Evaluation and benchmarks need it; `npm test` never does. Exits (2) with a message when it is missing.
 */
export function sharedDir(argv: string[] = process.argv.slice(2)): string {
  const dir = findSharedDir(argv);
  if (dir) return dir;
  const expected = sharedDirCandidate(argv);
  process.stderr.write(
    `Reference data not found at ${expected} (expected ${expected}/data).\n` +
      'Evaluation and benchmarks read the corpora beside the repository (../shared);\n' +
      'point to them with --shared DIR or ARTICLE_PIPELINE_SHARED=DIR.\n',
  );
  process.exit(2);
}
