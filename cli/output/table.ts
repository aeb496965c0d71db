// Plain-text tables for people (`--format table`), drawn by cli-table3 without borders or colours:
// columns separated by two spaces, a header row, and one flexible column that wraps so the table
// fits the terminal (or 100 columns when stdout is not one).
import Table from 'cli-table3';
import stringWidth from 'string-width';

export interface Column<Row> {
  header: string;
  /** The cell's text; a '\n' starts a new line within the cell. */
  value: (row: Row) => string | number | null | undefined;
  align?: 'left' | 'right';
  /** Widest the column may be. */
  maxWidth?: number;
  /**
   * Wrap long values onto more lines instead of cutting them with '…'. A wrapping column without
   * maxWidth takes the width the others leave (at most one such column per table).
   */
  wrap?: boolean;
}

export interface TableOptions {
  /** Total width in characters (default: the terminal's width, or 100). */
  width?: number;
}

const GAP = 2;
const MIN_WRAP_WIDTH = 20;

export const defaultTableWidth = (stream: NodeJS.WriteStream = process.stdout) =>
  stream.isTTY && stream.columns ? stream.columns : 100;

/** The rows as a table string (ending in a newline); a table of no rows is its header. */
export function formatTable<Row>(rows: Row[], columns: Column<Row>[], options: TableOptions = {}): string {
  const width = options.width ?? defaultTableWidth();
  const cells = rows.map((row) =>
    columns.map((c) =>
      String(c.value(row) ?? '')
        .split('\n')
        .map((line) => line.replace(/\s+/g, ' ').trim())
        .join('\n'),
    ),
  );
  const flexible = (c: Column<Row>) => Boolean(c.wrap) && c.maxWidth === undefined;
  const natural = columns.map((c, i) =>
    Math.min(
      c.maxWidth ?? Infinity,
      Math.max(
        stringWidth(c.header),
        ...cells.flatMap((r) => r[i]!.split('\n').map((line) => stringWidth(line))),
      ),
    ),
  );
  const fixed =
    natural.reduce((sum, w, i) => sum + (flexible(columns[i]!) ? 0 : w), 0) + GAP * (columns.length - 1);
  const colWidths = natural.map((w, i) =>
    flexible(columns[i]!) ? Math.max(MIN_WRAP_WIDTH, Math.min(w, width - fixed)) : w,
  );
  const table = new Table({
    head: columns.map((c) => c.header),
    colWidths,
    colAligns: columns.map((c) => c.align ?? 'left'),
    wordWrap: true,
    wrapOnWordBoundary: true,
    truncate: '…',
    chars: {
      top: '',
      'top-mid': '',
      'top-left': '',
      'top-right': '',
      bottom: '',
      'bottom-mid': '',
      'bottom-left': '',
      'bottom-right': '',
      left: '',
      'left-mid': '',
      mid: '',
      'mid-mid': '',
      right: '',
      'right-mid': '',
      middle: ' '.repeat(GAP),
    },
    style: { 'padding-left': 0, 'padding-right': 0, head: [], border: [], compact: true },
  });
  // Wrapping columns wrap; the others are cut to their width.
  table.push(...cells.map((r) => r.map((content, i) => ({ content, wordWrap: Boolean(columns[i]!.wrap) }))));
  return `${table
    .toString()
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')}\n`;
}
