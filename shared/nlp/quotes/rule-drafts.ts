// The rule extractor as the attribution tagger sees it: the rule passes (direct quotes around quotation
// marks, then reported speech around reporting verbs) and the character labels they give the tagger as
// features. Everything here is hashed into the attribution model's manifest (scripts/attribution-manifest.ts).
import { splitParagraphs } from '../segment.js';
import { RuleLabel } from './attribution-model.js';
import { addDirectQuotes, type RulePassState } from './direct.js';
import type { Draft, QuoteDoc } from './draft.js';
import type { QuoteInput } from './extract.js';
import { addReportedSpeech } from './reported.js';

/** The input of the rule extractor alone (no models). */
export type RuleInput = Pick<
  QuoteInput,
  'text' | 'sentences' | 'statements' | 'quotations' | 'paragraphs' | 'trace'
>;

export interface RuleResult {
  doc: QuoteDoc;
  drafts: Draft[];
}

/** The document as the rules see it. */
function quoteDoc(input: RuleInput): QuoteDoc {
  const { text } = input;
  return {
    text,
    sentences: input.sentences,
    statements: input.statements,
    quotations: input.quotations,
    paragraphs: input.paragraphs ?? splitParagraphs(text),
    ...(input.trace ? { trace: input.trace } : {}),
  };
}

/** The rule extractor: direct quotes around quotation marks, reported speech around reporting verbs. */
export function ruleDrafts(input: RuleInput): RuleResult {
  const doc = quoteDoc(input);
  const units = (input.statements.length ? input.statements : input.sentences).map(({ start, end }) => ({
    start,
    end,
  }));
  const state: RulePassState = { drafts: [], consumed: [], direct: [] };
  addDirectQuotes(doc, units, state);
  addReportedSpeech(doc, units, state);
  return { doc, drafts: state.drafts };
}

/** Character labels of the rule drafts (the tagger's features). */
export function ruleLabels(text: string, drafts: readonly Draft[]): Uint8Array {
  const out = new Uint8Array(text.length + 1);
  for (const d of drafts) {
    out.fill(d.type === 'direct' ? RuleLabel.DirectContent : RuleLabel.ReportedContent, d.start, d.end);
    if (d.cue) out.fill(RuleLabel.Cue, d.cue.start, d.cue.end);
    if (d.speakerSpan) out.fill(RuleLabel.Source, d.speakerSpan.start, d.speakerSpan.end);
  }
  return out;
}
