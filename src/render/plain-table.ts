// A plain aligned table for large outputs: cli-table3 lays out and wraps every cell, which
// takes minutes for tens of thousands of rows (check --all of 10,000 people: 7 minutes).
// Columns are padded to their widest line, a cell's lines stack (headings' too), nothing is cut.
import { displayWidth } from './text-width.js';

/** Colour codes take no room on the screen; accents none, wide characters two. */
const widthOf = displayWidth;

/** Columns between two columns of a plain table. */
const PLAIN_GAP = 2;

/** Writes `rows` under `header`, a chunk of about a megabyte at a time. */
export function writePlainTable(write: (text: string) => void, header: string[], rows: string[][]): void {
  const linesOf = (cell: string) => (cell.includes('\n') ? cell.split('\n') : [cell]);
  const widths = header.map((h) => Math.max(...linesOf(h).map(widthOf)));
  for (const r of rows) r.forEach((cell, i) => { for (const l of linesOf(cell)) widths[i] = Math.max(widths[i] ?? 0, widthOf(l)); });
  const line = (cells: string[]) => {
    let out = '';
    for (let i = 0; i < cells.length; i++) {
      const cell = cells[i]!;
      out += i === cells.length - 1 ? cell.trimEnd() : cell + ' '.repeat(widths[i]! - widthOf(cell) + PLAIN_GAP);
    }
    return `${out.trimEnd()}\n`;
  };
  const stacked = (row: string[]) => {
    const r = row.map(linesOf);
    const height = Math.max(1, ...r.map((lines) => lines.length));
    let text = '';
    for (let k = 0; k < height; k++) text += line(r.map((lines) => lines[k] ?? ''));
    return text;
  };
  let buf = stacked(header) + line(widths.map((w) => '-'.repeat(w)));
  for (const row of rows) {
    buf += stacked(row);
    if (buf.length > 1 << 20) { write(buf); buf = ''; }
  }
  write(buf);
}
