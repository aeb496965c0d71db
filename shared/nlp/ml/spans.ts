/** A labelled token span [start, end) in token indices. */
export interface LabelledSpan {
  label: string;
  start: number;
  end: number;
}

export type TagScheme = 'BIO' | 'BILOU';

/** Tag names for labels under a scheme, 'O' first. */
export function schemeTags(labels: readonly string[], scheme: TagScheme): string[] {
  const prefixes = scheme === 'BIO' ? ['B', 'I'] : ['B', 'I', 'L', 'U'];
  return ['O', ...labels.flatMap((l) => prefixes.map((p) => `${p}-${l}`))];
}

/** Encodes non-overlapping spans as tags over n tokens. */
export function spansToTags(spans: readonly LabelledSpan[], n: number, scheme: TagScheme): string[] {
  const tags = new Array<string>(n).fill('O');
  for (const s of spans) {
    if (scheme === 'BILOU' && s.end - s.start === 1) {
      tags[s.start] = `U-${s.label}`;
      continue;
    }
    for (let i = s.start; i < s.end; i++) tags[i] = `I-${s.label}`;
    tags[s.start] = `B-${s.label}`;
    if (scheme === 'BILOU') tags[s.end - 1] = `L-${s.label}`;
  }
  return tags;
}

/**
 * Decodes tags (BIO, BILOU or IOB1 — where I- may start a span) into spans. Lenient: a span starts at
 * B-/U- or at an I-/L- whose label differs from the open span, and ends at O, L-, U- or a label change.
 */
export function tagsToSpans(tags: readonly string[]): LabelledSpan[] {
  const spans: LabelledSpan[] = [];
  let open: LabelledSpan | null = null;
  const close = (end: number): void => {
    if (open) {
      open.end = end;
      spans.push(open);
      open = null;
    }
  };
  tags.forEach((tag, i) => {
    if (tag === 'O' || tag.length < 3) {
      close(i);
      return;
    }
    const p = tag[0];
    const label = tag.slice(2);
    const current = open;
    if (p === 'B' || p === 'U' || !current || current.label !== label) {
      close(i);
      open = { label, start: i, end: i + 1 };
    }
    if (p === 'L' || p === 'U') close(i + 1);
  });
  close(tags.length);
  return spans;
}

/**
 * Transition constraint for a tag scheme (pass to TrainOptions.allowedTransition): I-X (and L-X) only
 * after B-X or I-X; under BILOU an open B-X/I-X must continue with I-X or L-X.
 */
export function schemeConstraint(scheme: TagScheme): (prev: string | null, next: string) => boolean {
  return (prev, next) => {
    const pp = prev === null || prev === 'O' ? 'O' : prev[0];
    const open = pp === 'B' || pp === 'I';
    const np = next === 'O' ? 'O' : next[0];
    const continues = np === 'I' || np === 'L';
    if (continues) return open && prev!.slice(2) === next.slice(2) && (scheme === 'BILOU' || np === 'I');
    return scheme === 'BIO' || !open;
  };
}
