// The BBC News corpus (2,225 articles, 5 topics) the speed and load benchmarks run on, in a stable order.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface CorpusFile {
  path: string;
  bytes: Buffer;
}

/** Every article file under <shared>/data/bbc, sorted by topic then name. */
export function bbcFiles(shared: string): string[] {
  const root = join(shared, 'data', 'bbc');
  return readdirSync(root)
    .filter((topic) => statSync(join(root, topic)).isDirectory())
    .sort()
    .flatMap((topic) =>
      readdirSync(join(root, topic))
        .filter((name) => name.endsWith('.txt'))
        .sort()
        .map((name) => join(root, topic, name)),
    );
}

export function readBbc(shared: string, limit = Infinity): CorpusFile[] {
  return bbcFiles(shared)
    .slice(0, limit)
    .map((path) => ({ path, bytes: readFileSync(path) }));
}

/** `count` files spread over the corpus (every n-th), so that every topic is represented. */
export function spreadSample<T>(items: T[], count: number): T[] {
  if (count >= items.length) return items;
  const step = items.length / count;
  return Array.from({ length: count }, (_, i) => items[Math.floor(i * step)]!);
}

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

export const median = (values: number[]) =>
  percentile(
    [...values].sort((a, b) => a - b),
    0.5,
  );
