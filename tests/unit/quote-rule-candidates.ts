// The tagger's proposals written into a text: [[S source]], [[C cue]], [[Q content]], [[F an earlier
// content with the same cue]] (marks may nest). Builds the candidates the filters see.
import type { Span } from '../../shared/domain/schema.js';
import { ruleDrafts } from '../../shared/nlp/quotes/extract.js';
import { findQuotationsDetailed } from '../../shared/nlp/quotes/marks.js';
import { candidateOf } from '../../shared/nlp/quotes/model-drafts.js';
import type { Candidate } from '../../shared/nlp/quotes/rules/filters.js';
import { splitParagraphs, splitSentences } from '../../shared/nlp/segment.js';
import { buildStatements } from '../../shared/nlp/statements.js';
import type { Statement } from '../../shared/domain/schema.js';

/** The text without marks and the marked spans by tag. */
export function parseMarks(marked: string): { text: string; spans: Map<string, Span> } {
  const spans = new Map<string, Span>();
  const open: Array<{ tag: string; start: number }> = [];
  let text = '';
  for (let i = 0; i < marked.length;) {
    const opening = /^\[\[([SCQF]) /.exec(marked.slice(i));
    if (opening) {
      open.push({ tag: opening[1]!, start: text.length });
      i += opening[0].length;
    } else if (marked.startsWith(']]', i)) {
      const o = open.pop()!;
      spans.set(o.tag, { start: o.start, end: text.length });
      i += 2;
    } else text += marked[i++];
  }
  return { text, spans };
}

/** The candidate the filters see for the marked proposal (the rules run on the text first). */
export function markedCandidate(marked: string): Candidate {
  const { text, spans } = parseMarks(marked);
  const sentences = splitSentences(text);
  const quotations = findQuotationsDetailed(text, splitParagraphs(text));
  const statements: Statement[] = buildStatements(text, sentences, quotations).map((s, index) => ({
    id: `s${index}`,
    index,
    ...s,
  }));
  const { doc, drafts } = ruleDrafts({ text, sentences, statements, quotations });
  const cue = spans.get('C') ?? null;
  const earlier = spans.get('F');
  const found = earlier ? [candidateDraft(earlier, cue)] : [];
  return candidateOf(doc, drafts, found, sentences, {
    content: spans.get('Q')!,
    cue,
    source: spans.get('S') ?? null,
  });
}

function candidateDraft(span: Span, cue: Span | null) {
  return {
    type: 'indirect' as const,
    ...span,
    cue: cue ? { text: '', ...cue } : null,
    speakerSpan: null,
    inherit: false,
    paragraph: 0,
    via: [],
  };
}
