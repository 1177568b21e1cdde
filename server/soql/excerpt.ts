// The caret excerpt Salesforce embeds in parse and name-resolution errors:
//   "\n" + <excerpt line> + "\n" + <spaces> + "^" + "\nERROR at Row:R:Column:C\n" + <text>
// R and C are 1-based; C is the column of the first character of the offending token (end of input:
// the column just past the last character). Used by the parser for syntax errors and by the checker
// for semantic ones (unknown field/object, …).

/** Rows up to this length are shown whole; longer rows show a window around the caret. */
const MAX_FULL_ROW = 100;
/** Characters shown before the caret in a windowed row (published samples: ~30–45, snapped to a token start). */
const WINDOW_BEFORE = 30;
/** Characters shown from the caret on in a windowed row. */
const WINDOW_AFTER = 40;

export interface RowColumn {
  /** 1-based row (counts '\n'). */
  row: number;
  /** 1-based column. */
  column: number;
  /** Offset of the first character of the row. */
  rowStart: number;
}

/** Row and column of a character offset (offset may equal text.length: end of input). */
export function rowColumn(text: string, offset: number): RowColumn {
  const at = Math.max(0, Math.min(offset, text.length));
  let row = 1;
  let rowStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < at; i = text.indexOf('\n', i + 1)) {
    row++;
    rowStart = i + 1;
  }
  return { row, column: at - rowStart + 1, rowStart };
}

/**
 * The full Salesforce error message for a problem at `offset` in `query`.
 *
 * Long rows (over 100 characters) show a window: about 30 characters before the caret, moved forward
 * to the start of a word so the excerpt does not begin mid-token, and about 40 after, cut back to
 * the end of a word. The real rule is undocumented (best effort); the `ERROR at Row…` line and the
 * text are exact.
 */
export function caretMessage(query: string, offset: number, text: string): string {
  const { row, column, rowStart } = rowColumn(query, offset);
  let rowEnd = query.indexOf('\n', rowStart);
  if (rowEnd === -1) rowEnd = query.length;
  let line = query.slice(rowStart, rowEnd).replace(/\r$/, '');
  let caret = column - 1;
  if (line.length > MAX_FULL_ROW) {
    let from = Math.max(0, caret - WINDOW_BEFORE);
    if (from > 0) {
      // Snap forward to a token start (never past the caret).
      while (from < caret && isWordChar(line.charCodeAt(from - 1)) && isWordChar(line.charCodeAt(from))) from++;
    }
    let to = Math.min(line.length, caret + WINDOW_AFTER);
    while (to < line.length && to > caret + 1 && isWordChar(line.charCodeAt(to - 1)) && isWordChar(line.charCodeAt(to))) to--;
    line = line.slice(from, to);
    caret -= from;
  }
  return `\n${line}\n${' '.repeat(caret)}^\nERROR at Row:${row}:Column:${column}\n${text}`;
}

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}
