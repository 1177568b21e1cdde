// The caret excerpt Salesforce embeds in parse and name-resolution errors:
//   "\n" + <excerpt line> + "\n" + <spaces> + "^" + "\nERROR at Row:R:Column:C\n" + <text>
// R and C are 1-based; C is the column of the first character of the offending token (end of input:
// the column just past the last character). Used by the parser for syntax errors and by the checker
// for semantic ones (unknown field/object, …).

/**
 * Characters shown before the caret (then moved forward to a token start) and from the caret on (then
 * cut back to a token end; a dotted path counts as one token). Fitted to the two published samples: a Stack Exchange error on an 81-char
 * row (`… AND LastName LIKE 'test' OR email LIKE 'test'`, Column:61) whose excerpt starts 43 characters
 * before the caret at the token `'0014000000p6XlS'`, and a second published error (30 characters before,
 * snapped to `CreatedById`, and 33 from the caret, cut after `OCE__JobId__c`).
 */
const WINDOW_BEFORE = 43;
const WINDOW_AFTER = 35;

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
 * The excerpt is the offending row, windowed: from about 43 characters before the caret (moved forward
 * to the start of the next token, so it never begins mid-word or on a separator) to about 35 characters
 * after it (cut back to the end of the last whole token). Short rows and carets near the row start show
 * the row from its beginning. The real rule is undocumented (best effort); the `ERROR at Row…` line and
 * the text are exact.
 */
export function caretMessage(query: string, offset: number, text: string): string {
  const { row, column, rowStart } = rowColumn(query, offset);
  let rowEnd = query.indexOf('\n', rowStart);
  if (rowEnd === -1) rowEnd = query.length;
  let line = query.slice(rowStart, rowEnd);
  if (line.endsWith('\r')) line = line.slice(0, -1);
  const caret = column - 1;
  let from = caret - WINDOW_BEFORE;
  if (from <= 0) {
    from = 0;
  } else {
    if (isPathChar(line.charCodeAt(from - 1))) while (from < caret && isPathChar(line.charCodeAt(from))) from++;
    while (from < caret && isSeparator(line.charCodeAt(from))) from++;
  }
  let to = caret + WINDOW_AFTER;
  if (to >= line.length) {
    to = line.length;
  } else {
    if (isPathChar(line.charCodeAt(to))) while (to > caret + 1 && isPathChar(line.charCodeAt(to - 1))) to--;
    while (to > caret + 1 && isSeparator(line.charCodeAt(to - 1))) to--;
  }
  return `\n${line.slice(from, to)}\n${' '.repeat(caret - from)}^\nERROR at Row:${row}:Column:${column}\n${text}`;
}

function isSeparator(c: number): boolean {
  return c === 32 || c === 9 || c === 44 || c === 12;
}

/** Letters, digits, `_` and `.`: a dotted field path is not split. */
function isPathChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 46;
}
