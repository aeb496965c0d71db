// `process --format table`: an article's quotes with their speakers and its entities with their
// types, as plain-text tables for people. JSON Lines stays the format for programs.
import type { ArticleResult, ErrorInfo, Quote } from '../../shared/domain/schema.js';
import { formatTable, type TableOptions } from '../output/table.js';

const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * Who said it: the resolved name, and below it the words that point to it when they are not a
 * name ("as “he”", "as “the Belarusian president”"); the mention alone when it resolved to no one.
 */
export function speakerText(quote: Quote): string {
  const { name, mention, resolution } = quote.speaker;
  if (!name) return mention ? `“${mention}” (unresolved)` : '(unknown)';
  return mention && resolution !== 'name' ? `${name}\nas “${mention}”` : name;
}

/** Direct quotes in quotation marks, reported speech as it is. */
const quoteText = (quote: Quote) => (quote.type === 'direct' ? `“${quote.text}”` : quote.text);

const percent = (p: number | undefined) => (p === undefined ? '' : `${Math.round(p * 100)}%`);

/** The readable summary of one ArticleResult, ending in a blank line. */
export function articleTable(result: ArticleResult, options: TableOptions = {}): string {
  const { article, statements, quotes, entities } = result;
  const about = [article.language, article.publishedAt].filter(Boolean).join(', ');
  const lines = [
    `${result.source}${article.title ? ` — ${article.title}` : ''}${about ? ` (${about})` : ''}`,
    `${count(statements.length, 'statement')}, ${count(quotes.length, 'quote')}, ${count(entities.length, 'entity', 'entities')}`,
    '',
  ];
  if (quotes.length) {
    // Confidence is an optional extension: its column appears only when the quotes carry it.
    const withConfidence = quotes.some((q) => q.confidence !== undefined);
    lines.push(
      'Quotes',
      formatTable(
        quotes.map((q, i) => ({ q, n: i + 1 })),
        [
          { header: '#', value: (r) => r.n, align: 'right' },
          { header: 'type', value: (r) => r.q.type },
          { header: 'speaker', value: (r) => speakerText(r.q), maxWidth: 24, wrap: true },
          ...(withConfidence
            ? [
                {
                  header: 'conf',
                  value: (r: { q: Quote }) => percent(r.q.confidence),
                  align: 'right' as const,
                },
              ]
            : []),
          { header: 'cue', value: (r) => r.q.cue?.text ?? '', maxWidth: 14 },
          { header: 'quote', value: (r) => quoteText(r.q), wrap: true },
        ],
        options,
      ),
    );
  }
  if (entities.length) {
    lines.push(
      'Entities',
      formatTable(
        entities,
        [
          { header: 'type', value: (e) => e.type },
          { header: 'name', value: (e) => e.name, maxWidth: 40, wrap: true },
          { header: 'mentions', value: (e) => e.mentions.length, align: 'right' },
          { header: 'also written', value: (e) => e.aliases.join('; '), wrap: true },
        ],
        options,
      ),
    );
  }
  return lines.join('\n') + '\n';
}

/** The table form of a file that could not be processed. */
export const errorTable = (line: { source: string; error: ErrorInfo }): string =>
  `${line.source}: not processed: ${line.error.message} (${line.error.code})\n\n`;
