// Quotes: quotation-mark matching, direct / indirect / mixed quote extraction, cues, speakers.
export { findQuotations, findQuotationsDetailed, type Quotation } from './marks.js';
export { extractQuotes, type QuoteInput } from './extract.js';
export { SpeakerResolver, mentionKind } from './speakers.js';
