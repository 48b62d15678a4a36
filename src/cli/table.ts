/** Compact, left-aligned columns for people; `-` stands in for an empty cell. */

export type Cell = string | number | null | undefined;

export function table(headers: readonly string[], rows: readonly (readonly Cell[])[]): string[] {
  const text = rows.map((row) => headers.map((_, i) => cellText(row[i])));
  const widths = headers.map((header, i) => Math.max(header.length, ...text.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(headers), ...text.map(line)];
}

const cellText = (cell: Cell): string =>
  cell === null || cell === undefined || cell === '' ? '-' : String(cell);

/** `2025-03-01 09:30:00Z`: ISO 8601 to the second, easier on the eye in a column. */
export const shortTime = (ms: number | undefined): string | undefined =>
  ms === undefined
    ? undefined
    : new Date(ms)
        .toISOString()
        .replace('T', ' ')
        .replace(/\.\d{3}Z$/, 'Z');
