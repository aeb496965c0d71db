import type { Span, TextSpan } from '../types.js';

export type SentenceKind = 'prose' | 'headline' | 'tagline' | 'byline' | 'dateline';

export interface Sentence extends TextSpan {
  paragraphIndex: number;
  kind: SentenceKind;
}

/** Paragraphs: runs of text separated by blank lines. Spans exclude surrounding whitespace. */
export function splitParagraphs(text: string): Span[] {
  const out: Span[] = [];
  const re = /\S[\s\S]*?(?=\n[ \t]*\n|\s*$)/g;
  for (const m of text.matchAll(re)) {
    const start = m.index ?? 0;
    out.push({ start, end: start + m[0].trimEnd().length });
  }
  return out;
}

/** Sentences in document order, trimmed. First version: split after . ! ? (and closing quotes). */
export function splitSentences(text: string): Sentence[] {
  const sentences: Sentence[] = [];
  splitParagraphs(text).forEach((p, paragraphIndex) => {
    const re = /[^.!?]+(?:[.!?]+["'”’)\]]*|$)/g;
    const body = text.slice(p.start, p.end);
    for (const m of body.matchAll(re)) {
      const raw = m[0];
      const lead = raw.length - raw.trimStart().length;
      const trimmed = raw.trim();
      if (!trimmed) continue;
      const start = p.start + (m.index ?? 0) + lead;
      sentences.push({ text: trimmed, start, end: start + trimmed.length, paragraphIndex, kind: 'prose' });
    }
  });
  return sentences;
}
