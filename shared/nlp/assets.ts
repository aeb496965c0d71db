import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// From source this file lives in shared/nlp/ (models in shared/nlp/models/); bundled by esbuild into the
// Lambda's index.mjs, the CDK stack copies shared/nlp/models/ next to it as models/. Same relative path.
const MODELS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'models');

const cache = new Map<string, Buffer>();

/** Bytes of a model asset (shared/nlp/models/<name>), read once and cached. */
export function readModelAsset(name: string): Buffer {
  let buf = cache.get(name);
  if (!buf) {
    buf = readFileSync(join(MODELS_DIR, name));
    cache.set(name, buf);
  }
  return buf;
}

/** Directory model assets are read from (for diagnostics and benchmarks). */
export function modelAssetPath(name: string): string {
  return join(MODELS_DIR, name);
}
