// A plain aligned table for large outputs: cli-table3 lays out and wraps every cell, which
// takes minutes for tens of thousands of rows (check --all of 10,000 people: 7 minutes).
// Columns are padded to their widest line, a cell's lines stack, nothing is cut.

/** Colour codes take no room on the screen. */
const ANSI = /\u001b\[[0-9;]*m/g;
const widthOf = (s: string) => (s.includes('\u001b') ? s.replace(ANSI, '').length : s.length);

/** Writes `rows` under `header`, a chunk of about a megabyte at a time. */
export function writePlainTable(write: (text: string) => void, header: string[], rows: string[][]): void {
  const widths = header.map(widthOf);
  const linesOf = (cell: string) => (cell.includes('\n') ? cell.split('\n') : [cell]);
  for (const r of rows) r.forEach((cell, i) => { for (const l of linesOf(cell)) widths[i] = Math.max(widths[i] ?? 0, widthOf(l)); });
  const line = (cells: string[]) => {
    let out = '';
    for (let i = 0; i < cells.length; i++) {
      const cell = cells[i]!;
      out += i === cells.length - 1 ? cell.trimEnd() : cell + ' '.repeat(widths[i]! - widthOf(cell) + 2);
    }
    return `${out.trimEnd()}\n`;
  };
  let buf = line(header) + line(widths.map((w) => '-'.repeat(w)));
  for (const row of rows) {
    const r = row.map(linesOf);
    const height = Math.max(1, ...r.map((lines) => lines.length));
    for (let k = 0; k < height; k++) buf += line(r.map((lines) => lines[k] ?? ''));
    if (buf.length > 1 << 20) { write(buf); buf = ''; }
  }
  write(buf);
}
