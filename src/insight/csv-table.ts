/**
 * CSV text to rows of fields (RFC 4180: quoted fields may hold the delimiter, doubled quotes
 * and line breaks; CRLF or LF). The delimiter is guessed from the header line when not given:
 * whichever of comma, semicolon, tab and bar occurs most outside quotes.
 */

export interface CsvTable {
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
  readonly delimiter: string;
  /** 1-based line of each row's start, for findings. */
  readonly lines: readonly number[];
}

export function guessDelimiter(text: string): string {
  const end = text.indexOf('\n');
  const head = end < 0 ? text : text.slice(0, end);
  const unquoted = head.replace(/"[^"]*"/g, '');
  let best = ',';
  let most = 0;
  for (const candidate of [',', ';', '\t', '|']) {
    const n = unquoted.split(candidate).length - 1;
    if (n > most) {
      most = n;
      best = candidate;
    }
  }
  return best;
}

export function parseCsv(text: string, delimiter = guessDelimiter(text)): CsvTable {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const sep = delimiter.charCodeAt(0);
  const rows: string[][] = [];
  const lines: number[] = [];
  let row: string[] = [];
  let line = 1;
  let rowLine = 1;
  let i = 0;
  const n = body.length;
  while (i <= n) {
    let field: string;
    if (body.charCodeAt(i) === 34) {
      // quoted field
      let value = '';
      let from = ++i;
      for (;;) {
        const q = body.indexOf('"', i);
        if (q < 0) {
          value += body.slice(from);
          i = n;
          break;
        }
        if (body.charCodeAt(q + 1) === 34) {
          value += body.slice(from, q + 1);
          i = from = q + 2;
          continue;
        }
        value += body.slice(from, q);
        i = q + 1;
        break;
      }
      for (let k = 0; k < value.length; k++) if (value.charCodeAt(k) === 10) line++;
      field = value;
      // skip anything between the closing quote and the delimiter
      while (i < n && body.charCodeAt(i) !== sep && body.charCodeAt(i) !== 10 && body.charCodeAt(i) !== 13)
        i++;
    } else {
      let j = i;
      while (j < n) {
        const c = body.charCodeAt(j);
        if (c === sep || c === 10 || c === 13) break;
        j++;
      }
      field = body.slice(i, j);
      i = j;
    }
    row.push(field);
    const c = i < n ? body.charCodeAt(i) : -1;
    if (c === sep) {
      i++;
      continue;
    }
    // end of row
    if (c === 13 && body.charCodeAt(i + 1) === 10) i++;
    i++;
    if (!(row.length === 1 && row[0] === '')) {
      rows.push(row);
      lines.push(rowLine);
    }
    row = [];
    line++;
    rowLine = line;
    if (c === -1) break;
  }
  const [header = [], ...data] = rows;
  return { header, rows: data, delimiter, lines: lines.slice(1) };
}
