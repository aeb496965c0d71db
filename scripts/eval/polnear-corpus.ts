// Reading PolNeAR 1.0 (../shared/data/polnear/data/{train,dev}): texts, their attribution relations, and the
// parts of a split the evaluation and training use (the held-out tenth, cross-validation folds).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Span } from '../../shared/domain/schema.js';

/**
 * A part of a PolNeAR split, by text index in name order: `all`; the held-out tenth (`heldout`, every 10th
 * text) or the other nine tenths (`rest`); or the K-th of N cross-validation folds (`fold`, index % N = K)
 * or all but it (`except`).
 */
export type PolnearPart = 'all' | 'heldout' | 'rest' | { fold: number; of: number; take: 'fold' | 'except' };

/** `all`, `heldout`, `rest`, `fold:K/N` or `except:K/N` (K from 0). */
export function parsePolnearPart(spec: string): PolnearPart {
  if (spec === 'all' || spec === 'heldout' || spec === 'rest') return spec;
  const m = /^(fold|except):(\d+)\/(\d+)$/.exec(spec);
  if (!m || Number(m[2]) >= Number(m[3]))
    throw new Error(`bad PolNeAR part "${spec}": all, heldout, rest, fold:K/N or except:K/N (0 <= K < N)`);
  return { take: m[1] as 'fold' | 'except', fold: Number(m[2]), of: Number(m[3]) };
}

/** The spec parsePolnearPart reads back. */
export function polnearPartSpec(part: PolnearPart): string {
  return typeof part === 'string' ? part : `${part.take}:${part.fold}/${part.of}`;
}

export function describePolnearPart(part: PolnearPart): string {
  if (part === 'all') return 'all';
  if (part === 'heldout') return 'held-out tenth: every 10th text';
  if (part === 'rest') return '9/10; every 10th text held out';
  return part.take === 'fold'
    ? `fold ${part.fold + 1} of ${part.of}`
    : `all but fold ${part.fold + 1} of ${part.of}`;
}

/** Whether the text at `index` (in name order) belongs to `part`. */
function inPart(part: PolnearPart, index: number): boolean {
  if (part === 'all') return true;
  if (part === 'heldout' || part === 'rest') return (index % 10 === 0) === (part === 'heldout');
  return (index % part.of === part.fold) === (part.take === 'fold');
}

/**
 * Text file names of a PolNeAR split directory in name order, those of `part`. The one definition of the
 * held-out tenth and of the cross-validation folds, for training and evaluation alike.
 */
export function polnearTexts(dir: string, part: PolnearPart): string[] {
  return readdirSync(join(dir, 'text'))
    .sort()
    .filter((_, i) => inPart(part, i));
}

/** Annotation file per text (`<name>_<annotator>.ann`; doubly annotated texts: the first annotation). */
export function polnearAnnFiles(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const a of readdirSync(join(dir, 'attributions')).sort()) {
    const base = a.replace(/_[0-9a-f]+\.ann$/, '');
    if (!out.has(base)) out.set(base, a);
  }
  return out;
}

interface BratSpan {
  type: string;
  spans: Span[];
}
export interface PolnearAttribution {
  content: Span[];
  source: Span[] | null;
  cue: Span[] | null;
}

/** Attribution relations of one PolNeAR .ann file (Content/Source/Cue spans; discontinuous spans kept). */
export function readPolnearAnn(ann: string): PolnearAttribution[] {
  const spans = new Map<string, BratSpan>();
  const out: PolnearAttribution[] = [];
  for (const line of ann.split('\n')) {
    const t = /^(T\d+)\t(\S+) ([\d ;]+)\t/.exec(line);
    if (t) {
      const parts = t[3]!.split(';').map((p) => {
        const [s, e] = p.trim().split(' ').map(Number);
        return { start: s!, end: e! };
      });
      spans.set(t[1]!, { type: t[2]!, spans: parts });
      continue;
    }
    const e = /^E\d+\t(.*)$/.exec(line);
    if (e) {
      const args = new Map(e[1]!.split(/\s+/).map((a) => a.split(':') as [string, string]));
      const get = (role: string) => {
        const id = args.get(role);
        return id ? (spans.get(id)?.spans ?? null) : null;
      };
      const content = get('Content');
      if (content) out.push({ content, source: get('Source'), cue: get('Cue') });
    }
  }
  return out;
}

export interface PolnearDocument {
  name: string;
  text: string;
  attributions: PolnearAttribution[];
}

/** Directory of a PolNeAR split, or null (with a message) when the corpus is not there. */
export function polnearSplitDir(sharedDir: string, split: 'dev' | 'train'): string | null {
  const dir = join(sharedDir, 'data/polnear/data', split);
  if (existsSync(join(dir, 'text'))) return dir;
  process.stderr.write(`PolNeAR ${split} not found at ${dir}: skipped.\n`);
  return null;
}

/** The annotated texts of a part of a split, in name order. */
export function polnearDocuments(dir: string, part: PolnearPart): PolnearDocument[] {
  const annFiles = polnearAnnFiles(dir);
  const out: PolnearDocument[] = [];
  for (const f of polnearTexts(dir, part).filter((name) => name.endsWith('.txt'))) {
    const annFile = annFiles.get(f.replace(/\.txt$/, ''));
    if (!annFile) continue;
    out.push({
      name: f,
      text: readFileSync(join(dir, 'text', f), 'utf8'),
      attributions: readPolnearAnn(readFileSync(join(dir, 'attributions', annFile), 'utf8')),
    });
  }
  return out;
}
