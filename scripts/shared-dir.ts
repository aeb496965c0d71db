import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The reference data beside the repository (../shared), or --shared DIR / ARTICLE_PIPELINE_SHARED.
 * Evaluation and benchmarks need it; `npm test` never does.
 */
export function sharedDir(argv: string[] = process.argv.slice(2)): string {
  const flag = argv.indexOf('--shared');
  const dir = resolve(
    flag >= 0 && argv[flag + 1]
      ? argv[flag + 1]!
      : (process.env.ARTICLE_PIPELINE_SHARED ?? resolve(repoRoot, '../shared')),
  );
  if (!existsSync(resolve(dir, 'data'))) {
    process.stderr.write(
      `Reference data not found at ${dir} (expected ${dir}/data).\n` +
        'Evaluation and benchmarks read the corpora beside the repository (../shared);\n' +
        'point to them with --shared DIR or ARTICLE_PIPELINE_SHARED=DIR.\n',
    );
    process.exit(2);
  }
  return dir;
}
