/**
 * CSV as spreadsheets write it (RFC 4180): commas, double quotes around cells that hold
 * commas, quotes ("") or line breaks, CRLF or LF, an optional byte-order mark. Every record
 * keeps the line it starts on, so that import problems can name it.
 */

export interface CsvRecord {
  /** 1-based line on which the record starts in the file. */
  readonly line: number;
  readonly cells: readonly string[];
}

export class CsvSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(`line ${line}: ${message}`);
    this.name = 'CsvSyntaxError';
  }
}

export function parseCsv(text: string, separator = ','): CsvRecord[] {
  const records: CsvRecord[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  while (i < text.length) {
    const start = line;
    const cells: string[] = [];
    for (;;) {
      let cell = '';
      if (text[i] === '"') {
        i++;
        for (;;) {
          if (i >= text.length) throw new CsvSyntaxError('a quoted cell is not closed', start);
          const c = text[i]!;
          if (c === '"') {
            if (text[i + 1] === '"') {
              cell += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (c === '\n') line++;
          cell += c;
          i++;
        }
        const next = text[i];
        if (next !== undefined && next !== separator && next !== '\n' && next !== '\r') {
          throw new CsvSyntaxError(
            `unexpected '${next}' after a quoted cell; double the quote ("") inside quotes`,
            line,
          );
        }
      } else {
        while (i < text.length && text[i] !== separator && text[i] !== '\n' && text[i] !== '\r')
          cell += text[i++];
      }
      cells.push(cell);
      if (text[i] === separator) {
        i++;
        continue;
      }
      if (text[i] === '\r') i++;
      if (text[i] === '\n') {
        i++;
        line++;
      }
      break;
    }
    // Blank lines (a trailing newline, a spacer row) are not records.
    if (!(cells.length === 1 && cells[0]!.trim() === '')) records.push({ line: start, cells });
  }
  return records;
}
